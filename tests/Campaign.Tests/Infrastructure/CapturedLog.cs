using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Campaign.Tests.Infrastructure;

/// <summary>
/// Every line the service logs, at every level its filters let through, with the message, the exception's
/// full text, the structured values and the scopes around it: everything a log sink could store.
/// </summary>
public sealed class CapturedLog : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> lines = new();
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<string> Lines => [.. lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private static void AppendValues(StringBuilder line, object? state)
    {
        if (state is IEnumerable<KeyValuePair<string, object?>> values)
        {
            foreach (var (key, value) in values) line.Append(" {").Append(key).Append('=').Append(value).Append('}');
        }
        else
        {
            line.Append(' ').Append(state);
        }
    }

    private sealed class Logger(string category, CapturedLog log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => log.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new StringBuilder().Append(logLevel).Append(' ').Append(category).Append(": ").Append(formatter(state, exception));
            line.Append(" | values:");
            AppendValues(line, state);
            log.scopes.ForEachScope((scope, text) =>
            {
                text.Append(" | scope: ").Append(scope);
                AppendValues(text, scope);
            }, line);
            if (exception is not null) line.Append(" | exception: ").Append(exception);
            log.lines.Enqueue(line.ToString());
        }
    }
}
