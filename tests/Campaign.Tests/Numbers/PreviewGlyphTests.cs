using Campaign.Service.Numbers;
using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SkiaSharp;
using SkiaSharp.HarfBuzz;

namespace Campaign.Tests.Numbers;

/// <summary>
/// The preview image's Korean, Chinese and Lao are letters, not boxes: every glyph HarfBuzz shapes from the title
/// exists in the font the service picks (a missing one is glyph 0, the .notdef box), and the title drawn with it
/// is not the drawing a font without that script makes — the check that a machine without fonts-noto-cjk or
/// fonts-lao would fail.
/// </summary>
public sealed class PreviewGlyphTests
{
    private readonly PreviewFonts fonts = new(NullLogger<PreviewFonts>.Instance);

    [Theory]
    [InlineData("ko", "강제송환을 멈추십시오", "DejaVu Sans")]
    [InlineData("zh", "停止强制遣返", "DejaVu Sans")]
    [InlineData("lo", "ຢຸດການບັງຄັບສົ່ງກັບຄືນ", "Noto Sans CJK KR")]
    public void Title_InThePickedFont_HasNoMissingGlyph_AndDiffersFromAFontWithoutTheScript(string language, string title, string lacking)
    {
        var picked = fonts.For(language);
        var without = PreviewFonts.Installed([lacking]);
        Assert.NotNull(without);

        Assert.Equal(0, MissingGlyphs(picked, title));
        // The check can fail: the font without the script shapes boxes.
        Assert.True(MissingGlyphs(without, title) > 0, $"{lacking} has no glyphs for {language}");

        var real = PreviewImage.Render(picked, title, "1 of 100 signatures", 0.01, "campaign.example");
        var boxes = PreviewImage.Render(without, title, "1 of 100 signatures", 0.01, "campaign.example");
        using var a = SKBitmap.Decode(real);
        using var b = SKBitmap.Decode(boxes);
        Assert.True(Ink(a) > 0, "the title is drawn at all");
        Assert.True(DifferingPixels(a, b) > Ink(a) / 4, "the title drawn with the picked font is not the boxes of a font without the script");
    }

    [Fact]
    public void Title_TooLongForThreeLines_EndsInAnEllipsisWithinTheImage()
    {
        var font = fonts.For("lo");
        using var shaper = new SKShaper(font);
        using var sized = new SKFont(font, 64);
        var lines = PreviewImage.Wrap(shaper, sized, string.Concat(Enumerable.Repeat("ຢຸດການບັງຄັບສົ່ງກັບຄືນ ", 12)), 1040, 3);

        Assert.Equal(3, lines.Count);
        Assert.EndsWith("…", lines[^1], StringComparison.Ordinal);
        Assert.All(lines, l => Assert.True(shaper.Shape(l, sized).Width <= 1040, l));
    }

    private static int MissingGlyphs(SKTypeface typeface, string text)
    {
        using var shaper = new SKShaper(typeface);
        using var font = new SKFont(typeface, 64);
        return shaper.Shape(text, font).Codepoints.Count(glyph => glyph == 0);
    }

    private static int Ink(SKBitmap bitmap) => Pixels(bitmap).Count(p => p.Red < 128);

    private static int DifferingPixels(SKBitmap a, SKBitmap b) =>
        Pixels(a).Zip(Pixels(b)).Count(p => Math.Abs(p.First.Red - p.Second.Red) > 64);

    private static IEnumerable<SKColor> Pixels(SKBitmap bitmap)
    {
        var area = PreviewImage.TitleArea;
        for (var y = area.Top; y < area.Bottom; y++)
            for (var x = area.Left; x < area.Right; x++)
                yield return bitmap.GetPixel(x, y);
    }
}

/// <summary>A machine without a preview font: the log names the font and its package, and the image is still drawn.</summary>
public sealed class PreviewFontMissingTests
{
    [Fact]
    public void MissingFont_IsNamedInAnErrorWithItsPackage_AndThePreviewIsStillDrawn()
    {
        var log = new CapturedLog();
        using var factory = LoggerFactory.Create(b => b.AddProvider(log));
        var fonts = new PreviewFonts(factory.CreateLogger<PreviewFonts>(),
            new Dictionary<string, (string[], string)> { ["en"] = (["No Such Font Sans"], "fonts-no-such") });

        fonts.CheckAll();
        var png = PreviewImage.Render(fonts.For("en"), "Stop forced returns", "1 signature", null, "campaign.example");

        Assert.Contains(log.Lines, l => l.Contains("No Such Font Sans", StringComparison.Ordinal) && l.Contains("fonts-no-such", StringComparison.Ordinal));
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal((1200, 630), (bitmap.Width, bitmap.Height));
    }
}
