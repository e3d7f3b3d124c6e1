using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Agora.Context.JsonLd;
using Agora.Storage;
using Microsoft.EntityFrameworkCore;

namespace Agora.Context.Pages;

/// <summary>One entity type of a tenant as the overview lists it.</summary>
public sealed record TypeSummary(string Iri, string Name, int Count, IReadOnlyList<string> Attributes);

/// <summary>What the live-data pages share: the tenant a page shows (<c>?tenant=</c>), addresses of
/// type and entity pages, and values written for people rather than for NGSI-LD clients. The pages
/// read with the core @context only, so names under the default vocabulary show as short terms and
/// others as full IRIs.</summary>
public static partial class ContextWeb
{
    /// <summary>The tenant named by <c>?tenant=</c> ("" is the default), with the API's rules for NGSILD-Tenant.</summary>
    public static bool TryTenant(string? raw, out string tenant)
    {
        tenant = (raw ?? "").Trim();
        return tenant.Length <= 256 && TenantPattern().IsMatch(tenant);
    }

    [GeneratedRegex(@"^[A-Za-z0-9_\-./:]*$")]
    private static partial Regex TenantPattern();

    public static string TenantQuery(string tenant, string sep = "?") => tenant.Length == 0 ? "" : $"{sep}tenant={Uri.EscapeDataString(tenant)}";

    /// <summary>Route values that may hold '/' (IRIs) arrive with %2F still escaped; ids and terms never hold '%' otherwise.</summary>
    public static string FromRoute(string? value) => value is null ? "" : value.Contains('%') ? Uri.UnescapeDataString(value) : value;

    public static string TypeHref(string iri, LdContext core, string tenant) =>
        $"/context/types/{Uri.EscapeDataString(core.CompactIri(iri))}{TenantQuery(tenant)}";

    public static string EntityHref(string id, string tenant) => $"/context/entities/{Uri.EscapeDataString(id)}{TenantQuery(tenant)}";

    public static string ApiHref(string id) => $"{ContextApi.Prefix}/entities/{Uri.EscapeDataString(id)}";

    /// <summary>The entity types of a tenant with how many entities have each and the attributes they use.</summary>
    public static async Task<List<TypeSummary>> TypesAsync(AgoraDbContext db, LdContext core, string tenant, CancellationToken ct)
    {
        var counts = await db.NgsiEntityTypes.Where(t => t.Tenant == tenant).GroupBy(t => t.Type)
            .Select(g => new { Type = g.Key, Count = g.Count() }).ToListAsync(ct);
        var attributes = await (from t in db.NgsiEntityTypes
                                where t.Tenant == tenant
                                join a in db.NgsiAttrs on t.EntityKey equals a.EntityKey
                                select new { t.Type, a.Name }).Distinct().ToListAsync(ct);
        return counts.Select(c => new TypeSummary(c.Type, core.CompactIri(c.Type), c.Count,
                attributes.Where(a => a.Type == c.Type).Select(a => core.CompactIri(a.Name)).Order(StringComparer.Ordinal).ToList()))
            .OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>The tenants that hold entities, for the tenant selector.</summary>
    public static Task<List<string>> TenantsAsync(AgoraDbContext db, CancellationToken ct) =>
        db.NgsiEntities.Select(e => e.Tenant).Distinct().OrderBy(t => t).ToListAsync(ct);

    /// <summary>An attribute instance's value as text (compacted instance); a relationship's target is its object.</summary>
    public static string ValueText(JsonObject instance)
    {
        var value = EntityView.SimpleValue(instance);
        if (instance["type"]?.GetValue<string>() == "GeoProperty" && value is JsonObject geo) return GeometryText(geo);
        if (value is JsonObject map && instance["type"]?.GetValue<string>() == "LanguageProperty")
            return string.Join(" · ", map.Select(kv => $"{kv.Value} ({kv.Key})"));
        return value switch
        {
            null => "",
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => Number(v.GetValue<double>()),
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            JsonValue v => v.ToJsonString(),
            JsonArray a when a.All(i => i is JsonValue) => string.Join(", ", a.Select(i => i!.GetValueKind() == JsonValueKind.String ? i.GetValue<string>() : i.ToJsonString())),
            _ => value.ToJsonString(),
        };
    }

    static string GeometryText(JsonObject geo)
    {
        var type = geo["type"]?.ToString() ?? "Geometry";
        if (type == "Point" && geo["coordinates"] is JsonArray { Count: >= 2 } c
            && c[0] is JsonValue x && c[1] is JsonValue y && x.TryGetValue<double>(out var lon) && y.TryGetValue<double>(out var lat))
            return $"Point {lat.ToString("0.#####", CultureInfo.InvariantCulture)}° N, {lon.ToString("0.#####", CultureInfo.InvariantCulture)}° E";
        return type;
    }

    public static string Number(double value) =>
        Math.Abs(value) >= 1e6 || value == Math.Floor(value) && Math.Abs(value) < 1e6
            ? value.ToString("#,0.##", CultureInfo.InvariantCulture)
            : value.ToString("#,0.###", CultureInfo.InvariantCulture);

    /// <summary>UN/CEFACT common codes (NGSI-LD's unitCode) that city sensors use, as symbols.</summary>
    static readonly Dictionary<string, string> Units = new(StringComparer.Ordinal)
    {
        ["GQ"] = "µg/m³", ["GP"] = "mg/m³", ["59"] = "ppm", ["61"] = "ppb", ["CEL"] = "°C", ["FAH"] = "°F", ["P1"] = "%",
        ["KWH"] = "kWh", ["KWT"] = "kW", ["WTT"] = "W", ["LUX"] = "lx", ["MTR"] = "m", ["KMT"] = "km", ["MTS"] = "m/s",
        ["KMH"] = "km/h", ["A99"] = "bit", ["C62"] = "", ["HUR"] = "h", ["MIN"] = "min", ["SEC"] = "s", ["2N"] = "dB", ["VLT"] = "V", ["AMP"] = "A",
        ["A97"] = "hPa", ["MMT"] = "mm", ["LTR"] = "l", ["MTQ"] = "m³",
    };

    public static string? Unit(JsonObject instance) => instance["unitCode"] is JsonValue v && v.TryGetValue<string>(out var code)
        ? Units.TryGetValue(code, out var symbol) ? symbol : code
        : null;

    public static string? Observed(JsonObject instance) => instance["observedAt"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static string When(DateTime? utc) => utc is { } t ? t.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "—";

    /// <summary>A member of an expanded or compacted document, whichever way its name is written.</summary>
    public static JsonNode? Member(JsonNode? node, string name)
    {
        if (node is JsonArray { Count: > 0 } list) node = list[0];
        if (node is not JsonObject o) return null;
        foreach (var (key, value) in o)
            if (key == name || key.EndsWith("/" + name, StringComparison.Ordinal) || key.EndsWith("#" + name, StringComparison.Ordinal))
                return value is JsonArray { Count: 1 } one ? one[0] : value;
        return null;
    }

    /// <summary>A member's text, whether plain or a JSON-LD value object.</summary>
    public static string? MemberText(JsonNode? node, string name) => Member(node, name) switch
    {
        JsonValue v => v.ToString(),
        JsonObject o when o["@value"] is JsonValue v => v.ToString(),
        JsonObject o when o["@id"] is JsonValue v => v.ToString(),
        _ => null,
    };
}
