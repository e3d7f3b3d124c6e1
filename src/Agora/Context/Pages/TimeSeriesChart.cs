using System.Globalization;
using System.Net;
using System.Text;

namespace Agora.Context.Pages;

public readonly record struct TimePoint(DateTime At, double Value);

/// <summary>A numeric attribute's history drawn server-side as an inline SVG line chart with axes and
/// labels: no scripts, so it works offline and in any browser. The SVG names itself (title, desc) for
/// screen readers; the page lists the same points in a table next to it.</summary>
public static class TimeSeriesChart
{
    const double Width = 640, Height = 260, Left = 64, Right = 16, Top = 16, Bottom = 44;

    public static string Render(string id, string title, string? unit, IReadOnlyList<TimePoint> points)
    {
        var svg = new StringBuilder();
        var ordered = points.OrderBy(p => p.At).ToList();
        var titleId = $"{id}-title";
        var descId = $"{id}-desc";
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"tschart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-labelledby=\"{titleId} {descId}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{titleId}\">{Html(title)}</title>");
        svg.Append(CultureInfo.InvariantCulture, $"<desc id=\"{descId}\">{Html(Describe(ordered, unit))}</desc>");
        if (ordered.Count == 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"{Height / 2}\" text-anchor=\"middle\" class=\"ts-label\">No values in this period</text></svg>");
            return svg.ToString();
        }

        var (low, high, step) = NiceRange(ordered.Min(p => p.Value), ordered.Max(p => p.Value));
        var start = ordered[0].At;
        var end = ordered[^1].At;
        var span = Math.Max((end - start).TotalSeconds, 1);
        double X(DateTime t) => ordered.Count == 1 ? Left + (Width - Left - Right) / 2 : Left + (t - start).TotalSeconds / span * (Width - Left - Right);
        double Y(double v) => Top + (high - v) / (high - low) * (Height - Top - Bottom);

        // Horizontal grid lines with the value axis's labels.
        for (var v = low; v <= high + step / 2; v += step)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"ts-grid\" x1=\"{N(Left)}\" x2=\"{N(Width - Right)}\" y1=\"{N(Y(v))}\" y2=\"{N(Y(v))}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"ts-label\" x=\"{N(Left - 6)}\" y=\"{N(Y(v) + 4)}\" text-anchor=\"end\">{Html(ContextWeb.Number(Math.Round(v, 6)))}</text>");
        }
        if (unit is { Length: > 0 })
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"ts-label\" x=\"4\" y=\"{N(Top - 4)}\">{Html(unit)}</text>");
        // The time axis: up to five labels, evenly spaced over the period.
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"ts-axis\" x1=\"{N(Left)}\" x2=\"{N(Width - Right)}\" y1=\"{N(Height - Bottom)}\" y2=\"{N(Height - Bottom)}\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"ts-axis\" x1=\"{N(Left)}\" x2=\"{N(Left)}\" y1=\"{N(Top)}\" y2=\"{N(Height - Bottom)}\"/>");
        var ticks = ordered.Count == 1 ? 1 : 5;
        var format = span > 3 * 86400 ? "d MMM" : "d MMM HH:mm";
        for (var i = 0; i < ticks; i++)
        {
            var t = ticks == 1 ? start : start.AddSeconds(span * i / (ticks - 1));
            var x = X(t);
            var anchor = ticks == 1 ? "middle" : i == 0 ? "start" : i == ticks - 1 ? "end" : "middle";
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"ts-axis\" x1=\"{N(x)}\" x2=\"{N(x)}\" y1=\"{N(Height - Bottom)}\" y2=\"{N(Height - Bottom + 5)}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"ts-label\" x=\"{N(x)}\" y=\"{N(Height - Bottom + 18)}\" text-anchor=\"{anchor}\">{Html(t.ToString(format, CultureInfo.InvariantCulture))}</text>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"ts-label\" x=\"{N((Left + Width - Right) / 2)}\" y=\"{N(Height - 6)}\" text-anchor=\"middle\">Time (UTC)</text>");

        svg.Append("<polyline class=\"ts-line\" points=\"");
        foreach (var p in ordered) svg.Append(N(X(p.At))).Append(',').Append(N(Y(p.Value))).Append(' ');
        svg.Append("\"/>");
        if (ordered.Count <= 120)
            foreach (var p in ordered)
                svg.Append(CultureInfo.InvariantCulture,
                    $"<circle class=\"ts-point\" cx=\"{N(X(p.At))}\" cy=\"{N(Y(p.Value))}\" r=\"2.5\"><title>{Html($"{ContextWeb.When(p.At)}: {ContextWeb.Number(p.Value)} {unit}".TrimEnd())}</title></circle>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    static string Describe(List<TimePoint> points, string? unit)
    {
        if (points.Count == 0) return "No values in this period.";
        var u = unit is { Length: > 0 } ? " " + unit : "";
        return $"{points.Count} values from {ContextWeb.When(points[0].At)} to {ContextWeb.When(points[^1].At)}; "
            + $"lowest {ContextWeb.Number(points.Min(p => p.Value))}{u}, highest {ContextWeb.Number(points.Max(p => p.Value))}{u}, "
            + $"latest {ContextWeb.Number(points[^1].Value)}{u}.";
    }

    /// <summary>An axis range that starts and ends on round numbers, with about five steps.</summary>
    public static (double Low, double High, double Step) NiceRange(double min, double max)
    {
        if (max - min < 1e-9) { min -= Math.Max(1, Math.Abs(min) * 0.1); max += Math.Max(1, Math.Abs(max) * 0.1); }
        var raw = (max - min) / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1, 2, 2.5, 5, 10 }.Select(f => f * magnitude).First(s => s >= raw);
        return (Math.Floor(min / step) * step, Math.Ceiling(max / step) * step, step);
    }

    static string Html(string text) => WebUtility.HtmlEncode(text);

    static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
