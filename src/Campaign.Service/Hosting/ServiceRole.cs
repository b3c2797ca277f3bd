namespace Campaign.Service.Hosting;

/// <summary>What one process does (<c>--role</c>): serve HTTP, run the Hangfire worker, or both.</summary>
public enum ServiceRole { All, Web, Worker }
