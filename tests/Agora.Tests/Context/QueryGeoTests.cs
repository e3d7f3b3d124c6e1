using System.Text.Json.Nodes;
using Agora.Context.Query;
using NetTopologySuite.Geometries;

namespace Agora.Tests.Context;

public class QueryGeoTests
{
    private static readonly Geometry Eiffel = Point(2.2945, 48.8584);
    private static readonly Geometry ArcDeTriomphe = Point(2.2950, 48.8738);   // ≈ 1.71 km north of the tower
    private static readonly Geometry NotreDame = Point(2.3499, 48.8530);       // ≈ 4.1 km east

    // A box around central Paris and one that straddles its eastern edge.
    private const string Paris = "[[[2.25,48.83],[2.42,48.83],[2.42,48.90],[2.25,48.90],[2.25,48.83]]]";
    private const string East = "[[[2.40,48.84],[2.50,48.84],[2.50,48.88],[2.40,48.88],[2.40,48.84]]]";

    private static Geometry Point(double lon, double lat) => GeoQuery.ReadGeoJson(new JsonObject
    {
        ["type"] = "Point",
        ["coordinates"] = new JsonArray(lon, lat),
    });

    private static Geometry Shape(string type, string coordinates) =>
        GeoQuery.ReadGeoJson(new JsonObject { ["type"] = type, ["coordinates"] = JsonNode.Parse(coordinates) });

    private static GeoQuery Query(string georel, string geometry, string coordinates) =>
        GeoQuery.Parse(georel, geometry, coordinates, null)!;

    // The point at a distance (metres) and bearing (degrees) from a start, on the same sphere.
    private static (double Lon, double Lat) Destination(double lon, double lat, double metres, double bearing)
    {
        var d = metres / GeoQuery.EarthRadiusMetres;
        var b = bearing * Math.PI / 180;
        var f1 = lat * Math.PI / 180;
        var l1 = lon * Math.PI / 180;
        var f2 = Math.Asin(Math.Sin(f1) * Math.Cos(d) + Math.Cos(f1) * Math.Sin(d) * Math.Cos(b));
        var l2 = l1 + Math.Atan2(Math.Sin(b) * Math.Sin(d) * Math.Cos(f1), Math.Cos(d) - Math.Sin(f1) * Math.Sin(f2));
        var lon2 = (l2 * 180 / Math.PI + 540) % 360 - 180;
        return (lon2, f2 * 180 / Math.PI);
    }

    [Fact]
    public void Haversine_gives_london_to_paris()
    {
        var metres = GeoQuery.Haversine(-0.1278, 51.5074, 2.3522, 48.8566);
        Assert.InRange(metres, 343_000, 344_500);
    }

    [Fact]
    public void Near_max_distance_is_in_metres()
    {
        var q = Query("near;maxDistance==2000", "Point", "[2.2945,48.8584]");
        Assert.Equal("location", q.GeoProperty);
        Assert.True(q.Matches(ArcDeTriomphe));
        Assert.True(q.Matches(Eiffel));
        Assert.False(q.Matches(NotreDame));
        Assert.False(Query("near;maxDistance==1500", "Point", "[2.2945,48.8584]").Matches(ArcDeTriomphe));
    }

    [Fact]
    public void Near_min_distance_keeps_the_far_ones_and_needs_a_full_scan()
    {
        var q = Query("near;minDistance==3000", "Point", "[2.2945,48.8584]");
        Assert.True(q.Matches(NotreDame));
        Assert.False(q.Matches(ArcDeTriomphe));
        Assert.Null(q.SearchBox);
        var ring = Query("near;minDistance==1000;maxDistance==2000", "Point", "[2.2945,48.8584]");
        Assert.True(ring.Matches(ArcDeTriomphe));
        Assert.False(ring.Matches(Eiffel));
        Assert.NotNull(ring.SearchBox);
    }

    [Fact]
    public void Near_measures_to_the_nearest_edge_of_a_shape()
    {
        // A square of Paris; a point 800 m north of its northern edge.
        var (lon, lat) = Destination(2.30, 48.90, 800, 0);
        var point = Point(lon, lat);
        var distance = GeoQuery.DistanceMetres(point, Shape("Polygon", Paris));
        Assert.InRange(distance, 795, 805);
        Assert.True(Query("near;maxDistance==850", "Polygon", Paris).Matches(point));
        Assert.False(Query("near;maxDistance==750", "Polygon", Paris).Matches(point));
        // East of the box at a high latitude, where a degree of longitude is short.
        var (lon2, lat2) = Destination(20.0, 70.0, 5000, 90);
        var box = Shape("Polygon", "[[[19.0,69.9],[20.0,69.9],[20.0,70.1],[19.0,70.1],[19.0,69.9]]]");
        Assert.InRange(GeoQuery.DistanceMetres(Point(lon2, lat2), box), 4950, 5050);
    }

    [Theory]
    [InlineData(2.2945, 48.8584, 2000)]
    [InlineData(20.0, 70.0, 50_000)]
    [InlineData(-70.0, -55.0, 100_000)]
    [InlineData(179.99, 0.0, 5000)]
    [InlineData(0.0, 89.99, 5000)]
    public void The_near_search_box_holds_every_point_within_reach(double lon, double lat, double metres)
    {
        var q = Query($"near;maxDistance=={metres}", "Point", $"[{lon},{lat}]");
        var (minX, minY, maxX, maxY) = q.SearchBox!.Value;
        for (var bearing = 0; bearing < 360; bearing += 5)
        {
            var (x, y) = Destination(lon, lat, metres * 0.999, bearing);
            Assert.True(x >= minX && x <= maxX && y >= minY && y <= maxY, $"bearing {bearing}: ({x}, {y}) outside the box");
            Assert.True(q.Matches(Point(x, y)));
        }
    }

    [Fact]
    public void Topological_relations_follow_ogc()
    {
        Assert.True(Query("within", "Polygon", Paris).Matches(Eiffel));
        Assert.False(Query("within", "Polygon", East).Matches(Eiffel));
        Assert.True(Query("contains", "Point", "[2.2945,48.8584]").Matches(Shape("Polygon", Paris)));
        Assert.False(Query("contains", "Point", "[2.6,48.8584]").Matches(Shape("Polygon", Paris)));
        Assert.True(Query("intersects", "LineString", "[[2.2,48.85],[2.3,48.85]]").Matches(Shape("Polygon", Paris)));
        Assert.False(Query("intersects", "LineString", "[[2.0,48.0],[2.1,48.1]]").Matches(Shape("Polygon", Paris)));
        Assert.True(Query("disjoint", "Polygon", East).Matches(Eiffel));
        Assert.False(Query("disjoint", "Polygon", Paris).Matches(Eiffel));
        Assert.True(Query("overlaps", "Polygon", East).Matches(Shape("Polygon", Paris)));
        Assert.False(Query("overlaps", "Polygon", Paris).Matches(Shape("Polygon", "[[[2.3,48.85],[2.31,48.85],[2.31,48.86],[2.3,48.86],[2.3,48.85]]]")));
        // The same square, starting at another corner.
        Assert.True(Query("equals", "Polygon", Paris).Matches(Shape("Polygon", "[[[2.42,48.90],[2.25,48.90],[2.25,48.83],[2.42,48.83],[2.42,48.90]]]")));
        Assert.False(Query("equals", "Polygon", Paris).Matches(Shape("Polygon", East)));
        // Members of a MultiPolygon must not overlap (OGC validity), so the second square lies east of the first.
        Assert.True(Query("within", "MultiPolygon", $"[{Paris},[[[2.45,48.84],[2.50,48.84],[2.50,48.88],[2.45,48.88],[2.45,48.84]]]]").Matches(Point(2.47, 48.86)));
    }

    [Fact]
    public void Search_boxes_bound_the_query_geometry()
    {
        Assert.Equal((2.25, 48.83, 2.42, 48.90), Query("within", "Polygon", Paris).SearchBox);
        Assert.Null(Query("disjoint", "Polygon", Paris).SearchBox);
    }

    [Fact]
    public void Reads_the_geoproperty_and_all_or_none()
    {
        Assert.Null(GeoQuery.Parse(null, null, null, null));
        Assert.Equal("observationSpace", GeoQuery.Parse("within", "Polygon", Paris, "observationSpace")!.GeoProperty);
        Assert.Contains("together", Assert.Throws<QueryException>(() => GeoQuery.Parse("within", "Polygon", null, null)).Message);
        Assert.Contains("together", Assert.Throws<QueryException>(() => GeoQuery.Parse(null, null, "[1,2]", null)).Message);
    }

    [Theory]
    [InlineData("near", "Point", "[2,48]", "needs maxDistance")]
    [InlineData("near;maxDistance==-5", "Point", "[2,48]", "≥ 0")]
    [InlineData("near;maxDistance==abc", "Point", "[2,48]", "≥ 0")]
    [InlineData("near;maxDistance=5", "Point", "[2,48]", "unexpected")]
    [InlineData("within;maxDistance==5", "Polygon", Paris, "unexpected")]
    [InlineData("inside", "Point", "[2,48]", "unknown georel")]
    [InlineData("within", "Circle", "[2,48]", "unknown geometry")]
    [InlineData("within", "Point", "[2,48", "not JSON")]
    [InlineData("within", "Point", "[[2,48]]", "[longitude, latitude]")]
    [InlineData("within", "Point", "[\"2\",48]", "[longitude, latitude]")]
    [InlineData("within", "Point", "[200,48]", "outside longitude")]
    [InlineData("within", "Point", "[2,-91]", "outside longitude")]
    [InlineData("within", "LineString", "[[2,48]]", "at least 2 positions")]
    [InlineData("within", "Polygon", "[[2,48],[3,48],[3,49],[2,48]]", "expected an array")]
    [InlineData("within", "Polygon", "[[[2,48],[3,48],[3,49],[2,49]]]", "must be closed")]
    [InlineData("within", "Polygon", "[[[2,48],[3,48],[2,48]]]", "at least 4 positions")]
    [InlineData("within", "Polygon", "[[[0,0],[2,2],[2,0],[0,2],[0,0]]]", "not a valid geometry")]
    [InlineData("within", "MultiPolygon", Paris, "expected an array")]
    public void Rejects_malformed_geo_queries(string georel, string geometry, string coordinates, string message)
    {
        var e = Assert.Throws<QueryException>(() => GeoQuery.Parse(georel, geometry, coordinates, null));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Reads_geojson_of_every_type()
    {
        Assert.IsType<MultiPoint>(Shape("MultiPoint", "[[2,48],[3,49]]"));
        Assert.IsType<MultiLineString>(Shape("MultiLineString", "[[[2,48],[3,49]],[[4,48],[5,49]]]"));
        Assert.IsType<Polygon>(Shape("Polygon", "[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[2,2],[3,2],[3,3],[2,2]]]"));
        var collection = GeoQuery.ReadGeoJson(JsonNode.Parse("""{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]}]}""")!);
        Assert.Equal(1, collection.NumGeometries);
        Assert.Equal(4326, collection.SRID);
        Assert.Throws<QueryException>(() => GeoQuery.ReadGeoJson(JsonNode.Parse("""{"type":"Point"}""")!));
        Assert.Throws<QueryException>(() => GeoQuery.ReadGeoJson(JsonNode.Parse("""[1,2]""")!));
    }
}
