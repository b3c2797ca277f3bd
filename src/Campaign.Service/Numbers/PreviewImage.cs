using System.Globalization;
using SkiaSharp;
using SkiaSharp.HarfBuzz;

namespace Campaign.Service.Numbers;

/// <summary>
/// A campaign's link preview (issue 17, point 3): a 1200×630 PNG, the size Open Graph and Twitter cards show
/// large, with the title in the page's language, the count against the goal as a bar, and the site's name.
/// Text is shaped with HarfBuzz: Lao vowels and tone marks stack on their consonants only when shaped.
/// </summary>
public static class PreviewImage
{
    public const int Width = 1200, Height = 630;

    private const float Margin = 80, TitleSize = 64, TitleLeading = 84, CountSize = 44, SiteSize = 30;
    private const int TitleLines = 3;

    /// <summary>Where the title is drawn: the tests look here for its ink.</summary>
    public static readonly SKRectI TitleArea = new((int)Margin, 60, Width - (int)Margin, 60 + (int)(TitleLeading * TitleLines) + 20);

    private static readonly SKColor Ink = new(0x1b, 0x1b, 0x1b), Accent = new(0x0b, 0x5c, 0xad), Track = new(0xe3, 0xe8, 0xef), Muted = new(0x55, 0x55, 0x55);

    /// <param name="progress">0 to 1 towards the goal, or null for a campaign without one (no bar).</param>
    public static byte[] Render(SKTypeface typeface, string title, string count, double? progress, string siteName)
    {
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var paint = new SKPaint { IsAntialias = true, Color = Accent };
        canvas.DrawRect(0, 0, Width, 16, paint);
        using var shaper = new SKShaper(typeface);

        using var titleFont = new SKFont(typeface, TitleSize) { Edging = SKFontEdging.Antialias };
        paint.Color = Ink;
        var y = TitleArea.Top + TitleSize;
        foreach (var line in Wrap(shaper, titleFont, title, Width - 2 * Margin, TitleLines))
        {
            canvas.DrawShapedText(shaper, line, Margin, y, SKTextAlign.Left, titleFont, paint);
            y += TitleLeading;
        }

        using var countFont = new SKFont(typeface, CountSize) { Edging = SKFontEdging.Antialias };
        paint.Color = Accent;
        canvas.DrawShapedText(shaper, count, Margin, 440, SKTextAlign.Left, countFont, paint);
        if (progress is { } share)
        {
            var bar = new SKRect(Margin, 470, Width - Margin, 506);
            paint.Color = Track;
            canvas.DrawRoundRect(bar, 18, 18, paint);
            paint.Color = Accent;
            // A sliver at least, so a campaign that has just begun still shows where the bar starts.
            canvas.DrawRoundRect(new SKRect(bar.Left, bar.Top, bar.Left + Math.Max(36, bar.Width * (float)Math.Clamp(share, 0, 1)), bar.Bottom), 18, 18, paint);
        }

        using var siteFont = new SKFont(typeface, SiteSize) { Edging = SKFontEdging.Antialias };
        paint.Color = Muted;
        canvas.DrawShapedText(shaper, siteName, Margin, Height - 50, SKTextAlign.Left, siteFont, paint);

        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    /// <summary>
    /// Lines that fit <paramref name="width"/>, broken at spaces where there are some and between letters where
    /// there are none (Chinese, Lao); never inside a letter with its marks. The last line ends in "…" if cut.
    /// </summary>
    internal static List<string> Wrap(SKShaper shaper, SKFont font, string text, float width, int maxLines)
    {
        var lines = new List<string>();
        var elements = Elements(text.Trim());
        var start = 0;
        while (start < elements.Count && lines.Count < maxLines)
        {
            var end = start;
            var lastSpace = -1;
            while (end < elements.Count && shaper.Shape(Join(elements, start, end + 1), font).Width <= width)
            {
                if (elements[end] == " ") lastSpace = end;
                end++;
            }
            if (end == start) end = start + 1; // one letter wider than the line: draw it anyway
            else if (end < elements.Count && lastSpace > start) end = lastSpace + 1;
            lines.Add(Join(elements, start, end).TrimEnd());
            start = end;
            while (start < elements.Count && elements[start] == " ") start++;
        }
        if (start < elements.Count && lines.Count > 0)
        {
            var last = lines[^1];
            while (last.Length > 0 && shaper.Shape(last + "…", font).Width > width) last = last[..^ LastElementLength(last)];
            lines[^1] = last.TrimEnd() + "…";
        }
        return lines;
    }

    private static List<string> Elements(string text)
    {
        var list = new List<string>();
        var e = StringInfo.GetTextElementEnumerator(text);
        while (e.MoveNext()) list.Add(e.GetTextElement());
        return list;
    }

    private static string Join(List<string> elements, int start, int end) => string.Concat(elements.Skip(start).Take(end - start));

    private static int LastElementLength(string text)
    {
        var elements = Elements(text);
        return elements.Count == 0 ? text.Length : elements[^1].Length;
    }
}
