using System.Globalization;
using System.Net;
using System.Text;

namespace Agora.Catalog.Pages;

/// <summary>GeoJSON features drawn server-side as an inline SVG map: longitude and latitude projected
/// equirectangularly (longitudes shrunk by the cosine of the middle latitude, so shapes keep their
/// proportions) into the view box. No tiles and no scripts, so it works offline.</summary>
public sealed class GeoJsonMap
{
    const double Size = 1000, Pad = 20;

    public required string Svg { get; init; }
    public int Features { get; init; }
    public int Points { get; init; }
    public int Lines { get; init; }
    public int Areas { get; init; }

    /// <summary>How many features were drawn, when there were too many positions to draw them all.</summary>
    public int? DrawnOnly { get; init; }
    public (double West, double South, double East, double North)? Extent { get; init; }

    public static GeoJsonMap Draw(IReadOnlyList<GeoFeature> features, int maxPositions = 50_000)
    {
        // Only as many features as fit in the budget of positions are drawn, so a huge file cannot make a huge page.
        var drawn = new List<GeoFeature>();
        var budget = maxPositions;
        foreach (var f in features)
        {
            var count = f.Shapes.Sum(s => s.Parts.Sum(p => p.Count));
            if (count > budget) break;
            budget -= count;
            drawn.Add(f);
        }
        var positions = drawn.SelectMany(f => f.Shapes).SelectMany(s => s.Parts).SelectMany(p => p).ToList();
        int Having(ShapeKind kind) => features.Count(f => f.Shapes.Any(s => s.Kind == kind));
        var map = new GeoJsonMap
        {
            Svg = positions.Count == 0 ? "" : Render(drawn, positions),
            Features = features.Count,
            Points = Having(ShapeKind.Point),
            Lines = Having(ShapeKind.Line),
            Areas = Having(ShapeKind.Polygon),
            DrawnOnly = drawn.Count < features.Count ? drawn.Count : null,
            Extent = positions.Count == 0 ? null
                : (positions.Min(p => p.Lon), positions.Min(p => p.Lat), positions.Max(p => p.Lon), positions.Max(p => p.Lat)),
        };
        return map;
    }

    static string Render(List<GeoFeature> features, List<GeoPosition> positions)
    {
        double west = positions.Min(p => p.Lon), east = positions.Max(p => p.Lon);
        double south = positions.Min(p => p.Lat), north = positions.Max(p => p.Lat);
        var shrink = Math.Max(0.05, Math.Cos((south + north) / 2 * Math.PI / 180));
        // A single point, or points on one line, still get an area around them.
        var spanX = (east - west) * shrink;
        var spanY = north - south;
        var span = Math.Max(Math.Max(spanX, spanY), 0.01);
        if (spanX < span / 10) { var grow = (span / 10 - spanX) / shrink / 2; west -= grow; east += grow; spanX = span / 10; }
        if (spanY < span / 10) { var grow = (span / 10 - spanY) / 2; south -= grow; north += grow; spanY = span / 10; }
        var scale = Size / span;
        var width = spanX * scale + 2 * Pad;
        var height = spanY * scale + 2 * Pad;
        double X(GeoPosition p) => Pad + (p.Lon - west) * shrink * scale;
        double Y(GeoPosition p) => Pad + (north - p.Lat) * scale;
        var radius = Math.Max(width, height) / 150;

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"geomap\" viewBox=\"0 0 {N(width)} {N(height)}\" role=\"img\" aria-label=\"Map of {features.Count} {(features.Count == 1 ? "feature" : "features")}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"geo-sea\" width=\"{N(width)}\" height=\"{N(height)}\"/>");
        // Areas first, then lines, then points, so that nothing small hides under something large.
        foreach (var kind in new[] { ShapeKind.Polygon, ShapeKind.Line, ShapeKind.Point })
        {
            foreach (var feature in features)
            {
                var title = feature.Name is { Length: > 0 } name ? $"<title>{WebUtility.HtmlEncode(name)}</title>" : "";
                foreach (var shape in feature.Shapes.Where(s => s.Kind == kind))
                {
                    if (kind == ShapeKind.Point)
                    {
                        foreach (var p in shape.Parts.SelectMany(x => x))
                            svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"geo-point\" cx=\"{N(X(p))}\" cy=\"{N(Y(p))}\" r=\"{N(radius)}\">{title}</circle>");
                        continue;
                    }
                    var d = new StringBuilder();
                    foreach (var part in shape.Parts)
                    {
                        for (var i = 0; i < part.Count; i++) d.Append(i == 0 ? 'M' : 'L').Append(N(X(part[i]))).Append(' ').Append(N(Y(part[i])));
                        if (kind == ShapeKind.Polygon) d.Append('Z');
                    }
                    var css = kind == ShapeKind.Polygon ? "geo-area" : "geo-line";
                    svg.Append(CultureInfo.InvariantCulture, $"<path class=\"{css}\" fill-rule=\"evenodd\" d=\"{d}\">{title}</path>");
                }
            }
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
