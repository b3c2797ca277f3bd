using Hangfire.AspNetCore;
using Hangfire.Logging;

namespace Campaign.Service.Hosting;

/// <summary>
/// Hangfire logs through one process-wide provider, while each service instance has its own logger factory
/// that is disposed with it. The bridge hands Hangfire's log lines to the newest live instance, so a stopped
/// instance can never break the workers of another (the tests run several services in one process).
/// </summary>
public sealed class HangfireLogBridge : ILogProvider
{
    private static ILoggerFactory? current;

    public static void Attach(ILoggerFactory factory) => Volatile.Write(ref current, factory);

    public static void Detach(ILoggerFactory factory) => Interlocked.CompareExchange(ref current, null, factory);

    public ILog GetLogger(string name) => new Forwarder(name);

    private sealed class Forwarder(string name) : ILog
    {
        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            var factory = Volatile.Read(ref current);
            if (factory is null) return false;
            try
            {
                return new AspNetCoreLogProvider(factory).GetLogger(name).Log(logLevel, messageFunc, exception);
            }
            catch (ObjectDisposedException)
            {
                return false; // the instance stopped between the read and the write: its lines have nowhere to go
            }
        }
    }
}
