using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Agora.Catalog.Dcat;

/// <summary>GeoJSON geometries (RFC 7946) as ckanext-spatial stores them in the <c>spatial</c> extra:
/// checked, turned into WKT (which GeoDCAT-AP also asks for) and measured for a bounding box.</summary>
public sealed class GeoJson
{
    static readonly string[] Types = ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection"];

    readonly JsonObject geometry;

    GeoJson(JsonObject geometry) => this.geometry = geometry;

    public string Type => geometry["type"]!.GetValue<string>();

    /// <summary>Parses and checks a geometry; the error says what is wrong, for the user.</summary>
    public static GeoJson? Parse(string text, out string? error)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            error = $"Error decoding JSON object: {e.Message.Split(" Path:")[0]}";
            return null;
        }
        error = node is JsonObject o ? Check(o, depth: 0) : "Invalid GeoJSON: a geometry must be a JSON object";
        return error is null ? new GeoJson((JsonObject)node!) : null;
    }

    static string? Check(JsonObject o, int depth)
    {
        var type = o["type"] is JsonValue v && v.TryGetValue<string>(out var t) ? t : null;
        if (type is null || !Types.Contains(type))
            return $"Invalid GeoJSON: \"type\" must be one of {string.Join(", ", Types)}";
        if (type == "GeometryCollection")
        {
            if (depth > 0) return "Invalid GeoJSON: geometry collections cannot be nested";
            if (o["geometries"] is not JsonArray parts) return "Invalid GeoJSON: a GeometryCollection needs \"geometries\"";
            foreach (var part in parts)
                if ((part is JsonObject p ? Check(p, depth + 1) : "Invalid GeoJSON: each geometry must be an object") is { } e) return e;
            return null;
        }
        var (levels, minimum) = type switch
        {
            "Point" => (0, 0), "MultiPoint" => (1, 0), "LineString" => (1, 2), "MultiLineString" => (2, 2),
            "Polygon" => (2, 4), _ => (3, 4),
        };
        return CheckCoordinates(o["coordinates"], levels, minimum, type is "Polygon" or "MultiPolygon");
    }

    static string? CheckCoordinates(JsonNode? node, int levels, int minimum, bool rings)
    {
        if (node is not JsonArray array) return "Invalid GeoJSON: \"coordinates\" must be an array of positions";
        if (levels == 0)
        {
            if (array.Count is < 2 or > 3 || array.Any(n => n is not JsonValue v || !v.TryGetValue<double>(out var d) || !double.IsFinite(d)))
                return "Invalid GeoJSON: a position is two or three numbers (longitude, latitude[, elevation])";
            var (x, y) = (array[0]!.GetValue<double>(), array[1]!.GetValue<double>());
            return x is < -180 or > 180 || y is < -90 or > 90 ? "Invalid GeoJSON: longitude must be within ±180 and latitude within ±90" : null;
        }
        if (levels == 1 && minimum > 0 && array.Count < minimum)
            return rings ? "Invalid GeoJSON: a polygon ring needs at least four positions" : "Invalid GeoJSON: a line needs at least two positions";
        foreach (var item in array)
            if (CheckCoordinates(item, levels - 1, minimum, rings) is { } e) return e;
        if (levels == 1 && rings && array[0]!.ToJsonString() != array[^1]!.ToJsonString())
            return "Invalid GeoJSON: a polygon ring must end where it starts";
        return null;
    }

    /// <summary>The geometry as written by ckanext-dcat's GeoJSON literal (compact JSON).</summary>
    public override string ToString() => geometry.ToJsonString();

    /// <summary>Well-known text with four decimals, as ckanext-dcat writes it with geomet.</summary>
    public string ToWkt() => Wkt(geometry);

    static string Wkt(JsonObject g)
    {
        var type = g["type"]!.GetValue<string>();
        if (type == "GeometryCollection")
            return "GEOMETRYCOLLECTION (" + string.Join(", ", g["geometries"]!.AsArray().Select(p => Wkt(p!.AsObject()))) + ")";
        var c = g["coordinates"]!.AsArray();
        return type.ToUpperInvariant() + " " + type switch
        {
            "Point" => "(" + Position(c) + ")",
            "MultiPoint" => "(" + string.Join(", ", c.Select(p => "(" + Position(p!.AsArray()) + ")")) + ")",
            "LineString" => Line(c),
            "MultiLineString" or "Polygon" => "(" + string.Join(", ", c.Select(l => Line(l!.AsArray()))) + ")",
            _ => "(" + string.Join(", ", c.Select(poly => "(" + string.Join(", ", poly!.AsArray().Select(l => Line(l!.AsArray()))) + ")")) + ")",
        };
    }

    static string Line(JsonArray positions) => "(" + string.Join(", ", positions.Select(p => Position(p!.AsArray()))) + ")";

    static string Position(JsonArray p) => string.Join(" ", p.Select(n => n!.GetValue<double>().ToString("F4", CultureInfo.InvariantCulture)));

    /// <summary>The bounding box as a GeoJSON polygon, or null for a single point (a box of no size).</summary>
    public GeoJson? BoundingBox()
    {
        if (Type == "Point") return null;
        var xs = new List<double>();
        var ys = new List<double>();
        Collect(geometry, xs, ys);
        if (xs.Count == 0) return null;
        var (w, e, s, n) = (xs.Min(), xs.Max(), ys.Min(), ys.Max());
        var ring = new JsonArray(Pos(w, s), Pos(e, s), Pos(e, n), Pos(w, n), Pos(w, s));
        return new GeoJson(new JsonObject { ["type"] = "Polygon", ["coordinates"] = new JsonArray(ring) });

        static JsonArray Pos(double x, double y) => new(x, y);
    }

    static void Collect(JsonNode? node, List<double> xs, List<double> ys)
    {
        switch (node)
        {
            case JsonObject o when o["geometries"] is JsonArray parts:
                foreach (var part in parts) Collect(part, xs, ys);
                break;
            case JsonObject o:
                Collect(o["coordinates"], xs, ys);
                break;
            case JsonArray a when a.Count > 0 && a[0] is JsonValue:
                xs.Add(a[0]!.GetValue<double>());
                ys.Add(a[1]!.GetValue<double>());
                break;
            case JsonArray a:
                foreach (var item in a) Collect(item, xs, ys);
                break;
        }
    }
}
