using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace Agora.Challenges.Pages;

/// <summary>A horizontal bar chart drawn on the server as SVG: readable without scripts, and by screen
/// readers through its title and a text label on every bar.</summary>
public static class BarChart
{
    const int Width = 560, LabelWidth = 150, Bar = 22, Gap = 8, CountWidth = 40;

    public static IHtmlContent Render(string title, IReadOnlyList<(string Label, int Count)> bars)
    {
        var max = Math.Max(1, bars.Count == 0 ? 1 : bars.Max(b => b.Count));
        var height = Math.Max(1, bars.Count) * (Bar + Gap) + Gap;
        var span = Width - LabelWidth - CountWidth;
        var id = "chart-" + Guid.NewGuid().ToString("N")[..8];
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"barchart\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-labelledby=\"{id}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}\">{Encode(title)}</title>");
        for (var i = 0; i < bars.Count; i++)
        {
            var (label, count) = bars[i];
            var y = Gap + i * (Bar + Gap);
            var w = count == 0 ? 0 : Math.Max(2, (int)Math.Round(span * (double)count / max));
            svg.Append(CultureInfo.InvariantCulture,
                $"<text class=\"bar-label\" x=\"{LabelWidth - 8}\" y=\"{y + Bar / 2}\" text-anchor=\"end\" dominant-baseline=\"middle\">{Encode(label)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{LabelWidth}\" y=\"{y}\" width=\"{w}\" height=\"{Bar}\"><title>{Encode(label)}: {count}</title></rect>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<text class=\"bar-count\" x=\"{LabelWidth + w + 6}\" y=\"{y + Bar / 2}\" dominant-baseline=\"middle\">{count}</text>");
        }
        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    static string Encode(string text) => WebUtility.HtmlEncode(text);
}
