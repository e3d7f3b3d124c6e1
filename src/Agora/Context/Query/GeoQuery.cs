using System.Text.Json.Nodes;
namespace Agora.Context.Query;

// Placeholder until the geo-query parser lands (branch ngsiquery): refuses every geo-query.
public sealed class GeoQuery {
  public static GeoQuery Parse(string? georel, string? geometry, string? coordinates, string? geoproperty) => throw new QueryException("Geo-queries are not available yet.");
  public string GeoProperty => "location";
  public (double MinX, double MinY, double MaxX, double MaxY)? SearchBox => null;
  public bool Matches(NetTopologySuite.Geometries.Geometry g) => false;
  public static NetTopologySuite.Geometries.Geometry ReadGeoJson(JsonNode geometry) => geometry is JsonObject { } g && g["coordinates"] is JsonArray ? new NetTopologySuite.Geometries.Point(0, 0) : throw new QueryException("not a geometry");
}
