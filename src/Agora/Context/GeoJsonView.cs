using System.Text.Json.Nodes;
using Agora.Context.JsonLd;

namespace Agora.Context;

/// <summary>Entities as GeoJSON (§4.5.16, <c>Accept: application/geo+json</c>): each a Feature whose
/// geometry is the value of the GeoProperty named by <c>geometryProperty</c> (location by default).</summary>
public static class GeoJsonView
{
    public static string GeometryProperty(HttpContext http, LdContext context)
    {
        var name = http.Request.Query["geometryProperty"].ToString();
        if (name.Length == 0) return "location";
        NgsiLdInput.CheckName(name, "geometryProperty");
        return name;
    }

    public static JsonObject Feature(JsonObject entity, string geometryProperty, LdContext context)
    {
        var properties = new JsonObject();
        foreach (var (key, value) in entity)
            if (key is not ("id" or "@context")) properties[key] = value?.DeepClone();
        var geometry = entity[geometryProperty] switch
        {
            JsonObject { } attribute when attribute["value"] is JsonObject g => g.DeepClone(),
            JsonObject { } simplified when simplified.ContainsKey("coordinates") => simplified.DeepClone(),
            _ => null,
        };
        return new JsonObject { ["id"] = entity["id"]?.DeepClone(), ["type"] = "Feature", ["geometry"] = geometry, ["properties"] = properties };
    }

    public static JsonObject Collection(IEnumerable<JsonObject> entities, string geometryProperty, LdContext context) => new()
    {
        ["type"] = "FeatureCollection",
        ["features"] = new JsonArray(entities.Select(e => (JsonNode?)Feature(e, geometryProperty, context)).ToArray()),
    };
}
