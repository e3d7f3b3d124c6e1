using Markdig;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.AspNetCore.Html;

namespace Agora.Web;

/// <summary>Markdown written by publishers (dataset notes, group descriptions) turned into HTML that
/// cannot run script: raw HTML is shown as text, and links and images keep only http, https and
/// mailto addresses (or relative ones) — a javascript: or data: link becomes inert.</summary>
public static class Markdown
{
    static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml().UseAutoLinks().UsePipeTables().UseEmphasisExtras().Build();

    public static IHtmlContent ToHtml(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown)) return HtmlString.Empty;
        var document = Markdig.Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!IsSafeUrl(link.Url)) link.Url = "#";
            if (!link.IsImage) link.GetAttributes().AddPropertyIfNotExist("rel", "nofollow noopener");
        }
        foreach (var link in document.Descendants<AutolinkInline>())
            if (!IsSafeUrl(link.Url)) link.Url = "#";
        // Headings in notes sit under the page's own h1 and h2.
        foreach (var heading in document.Descendants<HeadingBlock>()) heading.Level = Math.Min(6, heading.Level + 2);
        return new HtmlString(Markdig.Markdown.ToHtml(document, Pipeline));
    }

    /// <summary>The first characters of the text, without Markdown's marks, for search results.</summary>
    public static string Snippet(string? markdown, int length = 240)
    {
        if (string.IsNullOrWhiteSpace(markdown)) return "";
        var text = Markdig.Markdown.ToPlainText(markdown, Pipeline).ReplaceLineEndings(" ").Trim();
        while (text.Contains("  ", StringComparison.Ordinal)) text = text.Replace("  ", " ", StringComparison.Ordinal);
        return text.Length > length ? text[..length].TrimEnd() + "…" : text;
    }

    public static bool IsSafeUrl(string? url)
    {
        if (string.IsNullOrEmpty(url)) return true;
        // Browsers drop tabs, newlines and leading spaces before reading a scheme ("java\tscript:").
        var compact = new string(url.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray());
        var colon = compact.IndexOf(':');
        if (colon < 0) return true;
        var slash = compact.IndexOfAny(['/', '?', '#']);
        if (slash >= 0 && slash < colon) return true; // a relative address whose path has a colon
        var scheme = compact[..colon].ToLowerInvariant();
        return scheme is "http" or "https" or "mailto";
    }
}
