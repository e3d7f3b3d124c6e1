using System.Text.Json.Nodes;
using Agora.Catalog.Search;
using Agora.Storage;
using Microsoft.EntityFrameworkCore;

namespace Agora.Catalog.Ckan;

/// <summary>CKAN's package_search: the same parameters, defaults, limits, errors and result shape.</summary>
static class PackageSearch
{
    static readonly HashSet<string> Known =
    [
        "q", "fq", "fq_list", "rows", "start", "sort", "facet", "facet.field", "facet.limit", "facet.mincount",
        "include_private", "include_drafts", "include_deleted", "use_default_schema", "qf", "bf", "boost", "tie", "defType", "mm", "wt", "df", "fl",
    ];

    const string DefaultSort = "score desc, metadata_modified desc";

    public static async Task<JsonNode?> RunAsync(CkanContext c)
    {
        var r = c.Request;
        var unknown = r.Data.Select(p => p.Key).Where(k => !Known.Contains(k) && !k.StartsWith("ext_", StringComparison.Ordinal)).ToList();
        if (unknown.Count > 0) throw CkanException.SearchQuery($"Invalid search parameters: [{string.Join(", ", unknown.Select(k => $"'{k}'"))}]");

        var filters = new List<SearchQuery>();
        if (r.String("fq") is { Length: > 0 } fq) filters.Add(SearchQuery.Parse(fq));
        foreach (var item in Strings(r.Data["fq_list"])) filters.Add(SearchQuery.Parse(item));
        var sort = r.String("sort") is { Length: > 0 } s && s != "rank" ? s : DefaultSort;
        var facetFields = r.Bool("facet", true) ? FacetFields(r.Data["facet.field"]) : [];

        var request = new SearchRequest(
            SearchQuery.Parse(r.String("q")), filters,
            Rows: r.Int("rows", 0, 1000) ?? 10, Start: r.Int("start") ?? 0, sort,
            facetFields, FacetLimit: r.Int("facet.limit", int.MinValue) ?? 50, FacetMinCount: r.Int("facet.mincount") ?? 1,
            IncludePrivate: r.Bool("include_private"), IncludeDrafts: r.Bool("include_drafts"), IncludeDeleted: r.Bool("include_deleted"));

        var fields = ResultFields(r.Data["fl"]);
        var readable = await c.Get<CatalogAccess>().ReadableOrganisationsAsync(r.Caller, c.Cancellation);
        var result = await c.Get<DatasetSearch>().RunAsync(request, readable, c.Cancellation);

        var datasets = await c.Get<DatasetManager>().LoadAsync(result.Ids, c.Cancellation);
        var facets = new JsonObject();
        var searchFacets = new JsonObject();
        var names = await FacetNames.LookupAsync(c.Get<AgoraDbContext>(),
            field => result.Facets.GetValueOrDefault(field, []).Select(i => i.Value), c.Cancellation);
        foreach (var (field, items) in result.Facets)
        {
            facets[field] = new JsonObject(items.Select(i => KeyValuePair.Create(i.Value, (JsonNode?)i.Count)));
            searchFacets[field] = new JsonObject
            {
                ["title"] = field,
                // CKAN lists a facet's items by display name, descending.
                ["items"] = new JsonArray(items.Select(i => new { i.Value, i.Count, Display = names.GetValueOrDefault((field, i.Value), i.Value) })
                    .OrderByDescending(i => i.Display, StringComparer.Ordinal)
                    .Select(i => (JsonNode)new JsonObject { ["name"] = i.Value, ["display_name"] = i.Display, ["count"] = i.Count }).ToArray()),
            };
        }
        return new JsonObject
        {
            ["count"] = result.Count,
            ["results"] = new JsonArray(datasets.Select(d => (JsonNode)Project(CkanDicts.Package(d, c.SiteUrl), fields)).ToArray()),
            ["facets"] = facets,
            ["search_facets"] = searchFacets,
            ["sort"] = sort,
        };
    }

    /// <summary><c>fl</c>: the index fields each result should hold instead of the whole dataset
    /// (CKAN passes them to Solr: "id,name" or ["id", "extras_theme"]); null for whole datasets.</summary>
    static List<string>? ResultFields(JsonNode? node)
    {
        var fields = Strings(node).SelectMany(f => f.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        return fields.Count == 0 || fields.Contains("*") ? null : fields;
    }

    /// <summary>A result as Solr would return its stored fields: dataset fields as they are,
    /// organization by name, tags and groups as name lists, res_* lists and extras_* values.
    /// A field the dataset has no value for is left out, as Solr leaves it out.</summary>
    static JsonObject Project(JsonObject package, List<string>? fields)
    {
        if (fields is null) return package;
        var result = new JsonObject();
        foreach (var field in fields.Distinct())
        {
            JsonNode? value = field switch
            {
                "organization" => package["organization"]?["name"]?.DeepClone(),
                "tags" or "groups" => Names(package[field]),
                "res_format" or "res_name" or "res_url" or "res_description" => List(package["resources"], field[4..]),
                "capacity" => package["private"]?.GetValue<bool>() == true ? "private" : "public",
                "data_dict" or "validated_data_dict" => package.ToJsonString(),
                _ when field.StartsWith("extras_", StringComparison.Ordinal) => (package["extras"] as JsonArray)?
                    .FirstOrDefault(e => e?["key"]?.GetValue<string>() == field[7..])?["value"]?.DeepClone(),
                _ when package[field] is JsonValue v => v.DeepClone(),
                _ => null,
            };
            if (value is not null) result[field] = value;
        }
        return result;

        static JsonArray? Names(JsonNode? list) => list is JsonArray a ? new JsonArray(a.Select(x => x?["name"]?.DeepClone()).ToArray()) : null;

        static JsonArray? List(JsonNode? resources, string key) => resources is JsonArray a && a.Count > 0
            ? new JsonArray(a.Select(x => x?[key]?.DeepClone()).Where(x => x is not null && x.ToString().Length > 0).ToArray())
            : null;
    }

    static List<string> FacetFields(JsonNode? node)
    {
        var fields = node switch
        {
            null => [],
            JsonArray a => Strings(a),
            JsonValue v when v.TryGetValue<string>(out var s) && s.TrimStart().StartsWith('[') => ParseList(s),
            JsonValue v when v.TryGetValue<string>(out var s) => [s],
            _ => throw CkanException.Validation("facet.field", "Must be a list of strings"),
        };
        return fields;
    }

    static List<string> ParseList(string json)
    {
        try
        {
            return JsonNode.Parse(json) is JsonArray a ? Strings(a) : throw CkanException.Validation("facet.field", "Must be a list of strings");
        }
        catch (System.Text.Json.JsonException)
        {
            throw CkanException.Validation("facet.field", "Must be a list of strings");
        }
    }

    static List<string> Strings(JsonNode? node) => node switch
    {
        null => [],
        JsonArray a => a.Select(x => x is JsonValue v && v.TryGetValue<string>(out var s) ? s
            : throw CkanException.Validation("facet.field", "Must be a list of strings")).ToList(),
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        _ => [],
    };
}
