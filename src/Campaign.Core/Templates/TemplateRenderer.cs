using System.Collections.Concurrent;
using Fluid;
using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Campaign.Core.Templates;

/// <summary>
/// Renders campaign texts: Liquid (Fluid) for the variables, then Markdown (Markdig) for the HTML part.
/// Parsed templates are cached by their source text, so each campaign text is parsed once per process.
/// </summary>
public sealed class TemplateRenderer
{
    private static readonly FluidParser Parser = new();

    // Raw HTML in a campaign text or a supporter's words is shown as text, never passed through. No autolink
    // extension either: a bare address in a supporter's words stays words.
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().DisableHtml().UseSoftlineBreakAsHardlineBreak().Build();

    private static readonly HashSet<string> LinkSchemes = new(StringComparer.OrdinalIgnoreCase) { "https", "http", "mailto" };

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

    /// <summary>
    /// The HTML of a Markdown text. A link or image to anything but an https, http or mailto address keeps
    /// its words and loses its target: <c>javascript:</c> or <c>data:</c> never reaches a page or an email.
    /// </summary>
    public static string ToHtml(string markdown)
    {
        var document = Markdig.Markdown.Parse(markdown, Markdown);
        foreach (var link in document.Descendants<LinkInline>().Where(l => !IsAllowedLink(l.Url)).ToList())
        {
            var words = new ContainerInline();
            link.ReplaceBy(words);
        }
        foreach (var link in document.Descendants<AutolinkInline>().Where(l => !l.IsEmail && !IsAllowedLink(l.Url)).ToList())
            link.ReplaceBy(new LiteralInline(link.Url));

        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Markdown.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    /// <summary>Every link or image target in a Markdown text that <see cref="ToHtml"/> would refuse, for <c>validate</c>.</summary>
    public static IReadOnlyList<string> RefusedLinks(string markdown)
    {
        var document = Markdig.Markdown.Parse(markdown, Markdown);
        return document.Descendants<LinkInline>().Select(l => l.Url ?? "")
            .Concat(document.Descendants<AutolinkInline>().Where(l => !l.IsEmail).Select(l => l.Url))
            .Where(url => !IsAllowedLink(url)).Distinct(StringComparer.Ordinal).ToList();
    }

    private static bool IsAllowedLink(string? url) =>
        Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) && LinkSchemes.Contains(uri.Scheme);

    /// <summary>
    /// A supporter's own words are plain text: escape every character that could open a link, an image,
    /// markup, an entity or emphasis, so Markdown gives them no meaning. A bare address stays text because
    /// the pipeline has no autolink extension.
    /// </summary>
    public static string PlainTextAsMarkdown(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '#' or '<' or '>' or '!' or '|' or '~' or '&') builder.Append('\\');
            builder.Append(c);
        }
        return builder.ToString();
    }
}
