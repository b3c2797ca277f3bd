using Campaign.Core.Templates;

namespace Campaign.Tests.Campaigns;

/// <summary>What Markdown may turn into HTML: campaign links to https, http and mailto; nothing from a supporter.</summary>
public sealed class TemplateRendererTests
{
    [Theory]
    [InlineData("[x](javascript:alert(1))", "x")]
    [InlineData("[x](JAVASCRIPT:alert(1))", "x")]
    [InlineData("[x](&#106;avascript:alert(1))", "x")]
    [InlineData("[x]\n\n[x]: javascript:alert(1)", "x")]
    [InlineData("![pixel](data:image/png;base64,AAAA)", "pixel")]
    [InlineData("[x](data:text/html,<script>alert(1)</script>)", "x")]
    [InlineData("<javascript:alert(1)>", "javascript:alert(1)")]
    [InlineData("[x](/relative)", "x")]
    public void ToHtml_LinkToAnythingButHttpOrMailto_KeepsTheWordsWithoutALink(string markdown, string words)
    {
        var html = TemplateRenderer.ToHtml(markdown);

        Assert.DoesNotContain("<a", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href", html, StringComparison.Ordinal);
        Assert.Contains(words, html, StringComparison.Ordinal);
        Assert.NotEmpty(TemplateRenderer.RefusedLinks(markdown));
    }

    [Theory]
    [InlineData("[UNHCR](https://www.unhcr.org)", "<a href=\"https://www.unhcr.org\">UNHCR</a>")]
    [InlineData("[old](http://example.org)", "<a href=\"http://example.org\">old</a>")]
    [InlineData("[write](mailto:info@campaign.example)", "<a href=\"mailto:info@campaign.example\">write</a>")]
    [InlineData("<https://www.ohchr.org>", "<a href=\"https://www.ohchr.org\">https://www.ohchr.org</a>")]
    public void ToHtml_CampaignLinkToHttpsHttpOrMailto_IsALink(string markdown, string link)
    {
        Assert.Contains(link, TemplateRenderer.ToHtml(markdown), StringComparison.Ordinal);
        Assert.Empty(TemplateRenderer.RefusedLinks(markdown));
    }

    [Theory]
    [InlineData("![](https://t.example/p.png)")]
    [InlineData("[UNHCR](https://phish.example)")]
    [InlineData("<b>x</b>")]
    [InlineData("<https://auto.example>")]
    [InlineData("https://bare.example and www.bare.example and ana@bare.example")]
    [InlineData("[UNHCR]\n\n[UNHCR]: https://phish.example")]
    [InlineData("&lt;img src=x&gt;")]
    public void PlainTextAsMarkdown_SupporterText_RendersAsTextOnly(string text)
    {
        var html = TemplateRenderer.ToHtml(TemplateRenderer.PlainTextAsMarkdown(text));

        Assert.DoesNotContain("<a", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            Assert.Contains(System.Net.WebUtility.HtmlEncode(line).Replace("&#39;", "'", StringComparison.Ordinal), html, StringComparison.Ordinal);
    }
}
