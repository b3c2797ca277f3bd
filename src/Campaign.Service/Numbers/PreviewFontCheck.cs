namespace Campaign.Service.Numbers;

/// <summary>
/// At start-up, looks up the preview images' fonts, so a missing one is named in the log when the service starts
/// rather than found by a supporter sharing a link. Also the first use of SkiaSharp's native library: if it does
/// not load (a machine without libfontconfig1 or libfreetype6), the log says so and the rest of the service runs.
/// </summary>
public sealed partial class PreviewFontCheck(PreviewFonts fonts, ILogger<PreviewFontCheck> logger) : IHostedService
{
    // Beside start-up, not before it: fontconfig's first look at the fonts takes a moment that serving need not wait for.
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(Check, CancellationToken.None);
        return Task.CompletedTask;
    }

    private void Check()
    {
        try
        {
            fonts.CheckAll();
        }
        catch (Exception exception) when (exception is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException)
        {
            NativeMissing(logger, exception);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Error, Message = "SkiaSharp's native library did not load: link preview images cannot be drawn. It needs libfontconfig1 and libfreetype6.")]
    private static partial void NativeMissing(ILogger logger, Exception exception);
}
