using System.Text.Json;
using System.Text.Json.Nodes;

namespace Agora.Catalog;

public enum ShapeKind { Point, Line, Polygon }

/// <summary>One drawable part of a geometry: points, a line's positions, or a polygon's rings.</summary>
public sealed record GeoShape(ShapeKind Kind, IReadOnlyList<IReadOnlyList<GeoPosition>> Parts);

public readonly record struct GeoPosition(double Lon, double Lat);

/// <summary>A feature to draw: its shapes and, if it has one, the name it is known by.</summary>
public sealed record GeoFeature(string? Name, IReadOnlyList<GeoShape> Shapes);

public sealed class GeoJsonException(string message) : Exception(message);

/// <summary>Reads GeoJSON (RFC 7946) strictly enough to validate a dataset's spatial coverage and to
/// draw a map: geometries, features and feature collections with longitude/latitude positions.</summary>
public static class GeoJson
{
    static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    /// <summary>Why the text is not one GeoJSON geometry (as a dataset's <c>spatial</c> must be), or null
    /// if it is. The messages start as ckanext-spatial's do.</summary>
    public static string? GeometryError(string text)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text, documentOptions: Options);
        }
        catch (JsonException e)
        {
            return $"Error decoding JSON object: {e.Message}";
        }
        try
        {
            var type = (node as JsonObject)?["type"]?.ToString();
            if (type is "Feature" or "FeatureCollection")
                throw new GeoJsonException($"a geometry (such as Point or Polygon) is expected, not a {type}");
            ReadGeometry(node);
            return null;
        }
        catch (GeoJsonException e)
        {
            return $"Error creating geometry: {e.Message}";
        }
    }

    /// <summary>The features of a FeatureCollection, a Feature or a bare geometry.</summary>
    public static List<GeoFeature> ReadFeatures(JsonNode? node)
    {
        if (node is not JsonObject o) throw new GeoJsonException("GeoJSON must be an object");
        switch (o["type"]?.ToString())
        {
            case "FeatureCollection":
                if (o["features"] is not JsonArray features) throw new GeoJsonException("a FeatureCollection needs a features array");
                return features.Select(ReadFeature).ToList();
            case "Feature":
                return [ReadFeature(o)];
            default:
                return [new GeoFeature(null, ReadGeometry(o))];
        }
    }

    static GeoFeature ReadFeature(JsonNode? node)
    {
        if (node is not JsonObject o || o["type"]?.ToString() != "Feature") throw new GeoJsonException("each feature must be an object of type Feature");
        var name = (o["properties"] as JsonObject)?["name"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        // A feature may have no geometry ("geometry": null); it still counts, with nothing to draw.
        return new GeoFeature(name, o["geometry"] is null ? [] : ReadGeometry(o["geometry"]));
    }

    /// <summary>A geometry as shapes to draw; throws <see cref="GeoJsonException"/> saying what is wrong.</summary>
    public static List<GeoShape> ReadGeometry(JsonNode? node)
    {
        if (node is not JsonObject o) throw new GeoJsonException("a geometry must be an object with a type");
        var type = o["type"]?.ToString();
        if (type == "GeometryCollection")
        {
            if (o["geometries"] is not JsonArray geometries) throw new GeoJsonException("a GeometryCollection needs a geometries array");
            return geometries.SelectMany(ReadGeometry).ToList();
        }
        var coordinates = o["coordinates"] as JsonArray;
        if (type is "Point" or "MultiPoint" or "LineString" or "MultiLineString" or "Polygon" or "MultiPolygon" && coordinates is null)
            throw new GeoJsonException($"a {type} needs a coordinates array");
        return type switch
        {
            "Point" => [new GeoShape(ShapeKind.Point, [[Position(coordinates!)]])],
            "MultiPoint" => [new GeoShape(ShapeKind.Point, [Positions(coordinates!, 0, type)])],
            "LineString" => [new GeoShape(ShapeKind.Line, [Positions(coordinates!, 2, type)])],
            "MultiLineString" => [new GeoShape(ShapeKind.Line, Arrays(coordinates!, type).Select(l => Positions(l, 2, type)).ToList())],
            "Polygon" => [new GeoShape(ShapeKind.Polygon, Rings(coordinates!))],
            "MultiPolygon" => [new GeoShape(ShapeKind.Polygon, Arrays(coordinates!, type).SelectMany(Rings).ToList())],
            null => throw new GeoJsonException("a geometry needs a type"),
            _ => throw new GeoJsonException($"unknown geometry type '{type}'"),
        };
    }

    static List<IReadOnlyList<GeoPosition>> Rings(JsonArray polygon)
    {
        var rings = Arrays(polygon, "Polygon").Select(r => Positions(r, 4, "Polygon ring")).ToList();
        if (rings.Count == 0) throw new GeoJsonException("a Polygon needs at least one ring");
        if (rings.Any(r => r[0] != r[^1])) throw new GeoJsonException("a Polygon ring must end where it starts");
        return rings;
    }

    static IEnumerable<JsonArray> Arrays(JsonArray array, string type) =>
        array.Select(a => a as JsonArray ?? throw new GeoJsonException($"the coordinates of a {type} are not nested as GeoJSON requires"));

    static IReadOnlyList<GeoPosition> Positions(JsonArray array, int atLeast, string what)
    {
        var positions = array.Select(p => Position(p as JsonArray
            ?? throw new GeoJsonException($"the coordinates of a {what} must be a list of positions"))).ToList();
        if (positions.Count < atLeast) throw new GeoJsonException($"a {what} needs at least {atLeast} positions");
        return positions;
    }

    static GeoPosition Position(JsonArray position)
    {
        if (position.Count is < 2 or > 4) throw new GeoJsonException("a position must be [longitude, latitude]");
        var lon = Number(position[0]);
        var lat = Number(position[1]);
        if (lon is < -180 or > 180 || lat is < -90 or > 90)
            throw new GeoJsonException($"position [{lon}, {lat}] is not a longitude and latitude in degrees");
        return new GeoPosition(lon, lat);
    }

    static double Number(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var d) && double.IsFinite(d)
            ? d : throw new GeoJsonException("coordinates must be numbers");
}
