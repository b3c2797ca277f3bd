using System.Collections.Concurrent;
using Fluid;
using Markdig;

namespace Campaign.Core.Templates;

/// <summary>
/// Renders campaign texts: Liquid (Fluid) for the variables, then Markdown (Markdig) for the HTML part.
/// Parsed templates are cached by their source text, so each campaign text is parsed once per process.
/// </summary>
public sealed class TemplateRenderer
{
    private static readonly FluidParser Parser = new();

    // Raw HTML in a campaign text or a supporter's words is shown as text, never passed through.
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().DisableHtml().UseSoftlineBreakAsHardlineBreak().Build();

    private readonly ConcurrentDictionary<string, IFluidTemplate> cache = new(StringComparer.Ordinal);
    private readonly TemplateOptions options = new();

    /// <summary>Fills in the Liquid variables; the result is still Markdown (or plain text, for subjects).</summary>
    public string Fill(string source, IReadOnlyDictionary<string, object?> model)
    {
        var template = cache.GetOrAdd(source, static s =>
            Parser.TryParse(s, out var parsed, out var error) ? parsed : throw new InvalidOperationException($"template does not parse: {error}"));
        var context = new TemplateContext(options);
        foreach (var (name, value) in model) context.SetValue(name, value);
        return template.Render(context);
    }

    public static string ToHtml(string markdown) => Markdig.Markdown.ToHtml(markdown, Markdown);

    /// <summary>A supporter's own words are plain text: escape them so Markdown gives them no meaning.</summary>
    public static string PlainTextAsMarkdown(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '#' or '<' or '>' or '!' or '|' or '~') builder.Append('\\');
            builder.Append(c);
        }
        return builder.ToString();
    }
}
