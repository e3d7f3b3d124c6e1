using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Distance;

namespace Agora.Context.Query;

public enum GeoRelation { Near, Within, Contains, Intersects, Disjoint, Overlaps, Equals }

/// <summary>
/// A geo-query (ETSI GS CIM 009 §4.10): georel, geometry, coordinates and geoproperty as the request gives them.
/// Coordinates are WGS84 longitude/latitude; the topological relations (within, contains, intersects, disjoint,
/// overlaps, equals) are the OGC ones computed on those coordinates as a plane, as PostGIS does for geometry(4326).
/// Distances for near are metres on a sphere of the mean Earth radius: haversine between two points; for other
/// shapes haversine between the nearest points found in an equirectangular projection centred on the query's
/// latitude (exact for points, within a fraction of a percent for the short distances near is used for).
/// </summary>
public sealed class GeoQuery
{
    public const double EarthRadiusMetres = 6_371_008.8;
    private const double MetresPerDegree = EarthRadiusMetres * Math.PI / 180;

    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    private GeoQuery(GeoRelation relation, Geometry geometry, double? minDistance, double? maxDistance, string geoProperty)
    {
        Relation = relation;
        Geometry = geometry;
        MinDistance = minDistance;
        MaxDistance = maxDistance;
        GeoProperty = geoProperty;
        SearchBox = ComputeSearchBox();
    }

    public GeoRelation Relation { get; }
    public Geometry Geometry { get; }
    public double? MinDistance { get; }
    public double? MaxDistance { get; }

    /// <summary>The GeoProperty to test, as written (a compact term; the caller expands it). Default "location".</summary>
    public string GeoProperty { get; }

    /// <summary>
    /// A box every matching geometry's bounding box overlaps, for an index pre-filter; null when the relation can
    /// match anywhere (disjoint, near with only minDistance). For near the query's box grows by maxDistance in
    /// degrees, taking the longitude scale at the box's latitude farthest from the equator, and spans all
    /// longitudes when it reaches a pole or the antimeridian.
    /// </summary>
    public (double MinX, double MinY, double MaxX, double MaxY)? SearchBox { get; }

    /// <summary>
    /// Reads the query parameters. Returns null when none of georel, geometry and coordinates is given;
    /// throws QueryException when only some are, or when any is malformed.
    /// </summary>
    public static GeoQuery? Parse(string? georel, string? geometry, string? coordinates, string? geoproperty)
    {
        var given = new[] { georel, geometry, coordinates }.Count(s => !string.IsNullOrWhiteSpace(s));
        if (given == 0)
            return null;
        if (given < 3)
            throw new QueryException("geo-query: georel, geometry and coordinates must be given together");

        var (relation, minDistance, maxDistance) = ParseGeorel(georel!);
        if (geometry is not ("Point" or "MultiPoint" or "LineString" or "MultiLineString" or "Polygon" or "MultiPolygon"))
            throw new QueryException($"geo-query: unknown geometry '{geometry}' (Point, MultiPoint, LineString, MultiLineString, Polygon or MultiPolygon)");
        JsonNode? coordinateNode;
        try
        {
            coordinateNode = JsonNode.Parse(coordinates!);
        }
        catch (JsonException e)
        {
            throw new QueryException($"geo-query: coordinates are not JSON ({e.Message})");
        }
        var shape = ReadGeoJson(new JsonObject { ["type"] = geometry, ["coordinates"] = coordinateNode });
        if (!shape.IsValid)
            throw new QueryException($"geo-query: the {geometry} is not a valid geometry (self-intersecting or degenerate)");
        var property = string.IsNullOrWhiteSpace(geoproperty) ? "location" : geoproperty.Trim();
        return new GeoQuery(relation, shape, minDistance, maxDistance, property);
    }

    private static (GeoRelation, double?, double?) ParseGeorel(string georel)
    {
        var parts = georel.Split(';', StringSplitOptions.TrimEntries);
        GeoRelation relation = parts[0] switch
        {
            "near" => GeoRelation.Near,
            "within" => GeoRelation.Within,
            "contains" => GeoRelation.Contains,
            "intersects" => GeoRelation.Intersects,
            "disjoint" => GeoRelation.Disjoint,
            "overlaps" => GeoRelation.Overlaps,
            "equals" => GeoRelation.Equals,
            _ => throw new QueryException($"geo-query: unknown georel '{parts[0]}' (near, within, contains, intersects, disjoint, overlaps, equals)"),
        };
        double? min = null, max = null;
        foreach (var part in parts.Skip(1))
        {
            var at = part.IndexOf("==", StringComparison.Ordinal);
            var name = at < 0 ? part : part[..at];
            if (relation != GeoRelation.Near || name is not ("maxDistance" or "minDistance") || at < 0)
                throw new QueryException($"geo-query: unexpected '{part}' in georel (only near takes maxDistance==… or minDistance==…)");
            if (!double.TryParse(part[(at + 2)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var metres)
                || !double.IsFinite(metres) || metres < 0)
                throw new QueryException($"geo-query: {name} must be a number of metres ≥ 0, not '{part[(at + 2)..]}'");
            if (name == "maxDistance")
                max = metres;
            else
                min = metres;
        }
        if (relation == GeoRelation.Near && min is null && max is null)
            throw new QueryException("geo-query: near needs maxDistance==… or minDistance==… (metres)");
        return (relation, min, max);
    }

    /// <summary>Whether an entity's geometry (WGS84, as from ReadGeoJson) stands in the query's relation to the query geometry.</summary>
    public bool Matches(Geometry entityGeometry)
    {
        ArgumentNullException.ThrowIfNull(entityGeometry);
        return Relation switch
        {
            GeoRelation.Within => entityGeometry.Within(Geometry),
            GeoRelation.Contains => entityGeometry.Contains(Geometry),
            GeoRelation.Intersects => entityGeometry.Intersects(Geometry),
            GeoRelation.Disjoint => entityGeometry.Disjoint(Geometry),
            GeoRelation.Overlaps => entityGeometry.Overlaps(Geometry),
            GeoRelation.Equals => entityGeometry.EqualsTopologically(Geometry),
            _ => Near(DistanceMetres(entityGeometry, Geometry)),
        };
    }

    private bool Near(double metres) => (MaxDistance is not { } max || metres <= max) && (MinDistance is not { } min || metres >= min);

    /// <summary>Distance in metres on the sphere (see the class remarks); 0 when the shapes touch.</summary>
    public static double DistanceMetres(Geometry a, Geometry b)
    {
        if (a is Point p && b is Point q)
            return Haversine(p.X, p.Y, q.X, q.Y);
        if (a.Intersects(b))
            return 0;
        // Nearest points in a plane where a degree of longitude is as long as at the shapes' mean latitude.
        var latitude = (a.EnvelopeInternal.Centre.Y + b.EnvelopeInternal.Centre.Y) / 2;
        var scale = Math.Max(Math.Cos(latitude * Math.PI / 180), 1e-6);
        var nearest = DistanceOp.NearestPoints(Scaled(a, scale), Scaled(b, scale));
        return Haversine(nearest[0].X / scale, nearest[0].Y, nearest[1].X / scale, nearest[1].Y);
    }

    private static Geometry Scaled(Geometry geometry, double scale)
    {
        var copy = geometry.Copy();
        copy.Apply(new NetTopologySuite.Geometries.Utilities.AffineTransformation(scale, 0, 0, 0, 1, 0));
        return copy;
    }

    public static double Haversine(double lon1, double lat1, double lon2, double lat2)
    {
        static double Rad(double degrees) => degrees * Math.PI / 180;
        var dLat = Rad(lat2 - lat1);
        var dLon = Rad(lon2 - lon1);
        var h = Math.Sin(dLat / 2) * Math.Sin(dLat / 2)
            + Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * EarthRadiusMetres * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    private (double, double, double, double)? ComputeSearchBox()
    {
        var envelope = Geometry.EnvelopeInternal;
        if (Relation == GeoRelation.Disjoint || (Relation == GeoRelation.Near && MaxDistance is null))
            return null;
        if (Relation != GeoRelation.Near)
            return (envelope.MinX, envelope.MinY, envelope.MaxX, envelope.MaxY);
        // 1% and a hair more than the exact spherical extent, so rounding never drops a candidate.
        var dLat = MaxDistance!.Value / MetresPerDegree * 1.01 + 1e-9;
        var minY = envelope.MinY - dLat;
        var maxY = envelope.MaxY + dLat;
        if (minY <= -90 || maxY >= 90)
            return (-180, Math.Max(minY, -90), 180, Math.Min(maxY, 90));
        var cos = Math.Cos(Math.Max(Math.Abs(minY), Math.Abs(maxY)) * Math.PI / 180);
        var dLon = dLat / cos;
        var minX = envelope.MinX - dLon;
        var maxX = envelope.MaxX + dLon;
        if (minX < -180 || maxX > 180)
            return (-180, minY, 180, maxY);
        return (minX, minY, maxX, maxY);
    }

    // ---- GeoJSON ------------------------------------------------------------------------------------

    /// <summary>A GeoJSON geometry (RFC 7946: Point … MultiPolygon, GeometryCollection) as an NTS geometry with SRID 4326.</summary>
    public static Geometry ReadGeoJson(JsonNode geometry)
    {
        if (geometry is not JsonObject o || o["type"] is not JsonValue typeValue || !typeValue.TryGetValue<string>(out var type))
            throw new QueryException("GeoJSON: a geometry is an object with a \"type\"");
        if (type == "GeometryCollection")
        {
            if (o["geometries"] is not JsonArray members)
                throw new QueryException("GeoJSON: a GeometryCollection needs a \"geometries\" array");
            return Factory.CreateGeometryCollection([.. members.Select(m => ReadGeoJson(m ?? throw new QueryException("GeoJSON: null geometry")))]);
        }
        var c = o["coordinates"] ?? throw new QueryException($"GeoJSON: the {type} has no \"coordinates\"");
        return type switch
        {
            "Point" => Factory.CreatePoint(Position(c, type)),
            "MultiPoint" => Factory.CreateMultiPoint([.. Items(c, type).Select(p => Factory.CreatePoint(Position(p, type)))]),
            "LineString" => ReadLine(c, type),
            "MultiLineString" => Factory.CreateMultiLineString([.. Items(c, type).Select(l => ReadLine(l, type))]),
            "Polygon" => ReadPolygon(c, type),
            "MultiPolygon" => Factory.CreateMultiPolygon([.. Items(c, type).Select(p => ReadPolygon(p, type))]),
            _ => throw new QueryException($"GeoJSON: unknown geometry type '{type}'"),
        };
    }

    private static JsonArray Items(JsonNode? node, string type) =>
        node as JsonArray ?? throw new QueryException($"GeoJSON: the {type} coordinates are nested wrongly (expected an array)");

    private static Coordinate Position(JsonNode? node, string type)
    {
        var array = Items(node, type);
        if (array.Count is < 2 or > 3 || array.Any(n => n is not JsonValue v || v.GetValueKind() != JsonValueKind.Number))
            throw new QueryException($"GeoJSON: a {type} position is [longitude, latitude] (an optional altitude may follow)");
        var lon = array[0]!.GetValue<double>();
        var lat = array[1]!.GetValue<double>();
        if (lon is < -180 or > 180 || lat is < -90 or > 90)
            throw new QueryException($"GeoJSON: position [{lon.ToString(CultureInfo.InvariantCulture)}, {lat.ToString(CultureInfo.InvariantCulture)}] is outside longitude −180…180, latitude −90…90");
        return new Coordinate(lon, lat);
    }

    private static LineString ReadLine(JsonNode? node, string type)
    {
        var points = Items(node, type).Select(p => Position(p, type)).ToArray();
        if (points.Length < 2)
            throw new QueryException($"GeoJSON: a line in a {type} needs at least 2 positions");
        return Factory.CreateLineString(points);
    }

    private static Polygon ReadPolygon(JsonNode? node, string type)
    {
        var rings = Items(node, type).Select(r => Items(r, type).Select(p => Position(p, type)).ToArray()).ToArray();
        if (rings.Length == 0)
            throw new QueryException($"GeoJSON: a {type} needs at least one ring");
        foreach (var ring in rings)
        {
            if (ring.Length < 4)
                throw new QueryException($"GeoJSON: a {type} ring needs at least 4 positions");
            if (!ring[0].Equals2D(ring[^1]))
                throw new QueryException($"GeoJSON: a {type} ring must be closed (its last position equal to its first)");
        }
        return Factory.CreatePolygon(Factory.CreateLinearRing(rings[0]), [.. rings.Skip(1).Select(Factory.CreateLinearRing)]);
    }
}
