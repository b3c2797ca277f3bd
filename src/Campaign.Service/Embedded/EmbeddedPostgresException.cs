namespace Campaign.Service.Embedded;

/// <summary>The private PostgreSQL cluster could not be created or started; the message says why.</summary>
public class EmbeddedPostgresException : Exception
{
    public EmbeddedPostgresException()
    {
    }

    public EmbeddedPostgresException(string message)
        : base(message)
    {
    }

    public EmbeddedPostgresException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
