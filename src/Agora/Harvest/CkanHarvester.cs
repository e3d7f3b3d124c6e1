using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Agora.Harvest;

/// <summary>Reads a CKAN portal as ckanext-harvest's CKAN harvester does: pages package_search
/// 100 at a time sorted by id (so that datasets added while paging are at worst seen twice, and
/// dropped when they are), after a first run only datasets modified since the last error-free
/// job started, less a margin for clocks that disagree.</summary>
public static class CkanHarvester
{
    public const int Rows = 100;

    /// <summary>How far before the last error-free job's start an incremental run looks.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromHours(1);

    static readonly string[] TextFields = ["name", "title", "notes", "license_id", "author", "author_email", "maintainer", "maintainer_email", "version", "url"];
    static readonly HashSet<string> NotExtras = [.. TextFields, "id", "owner_org", "private", "state", "type", "harvest_source_title", "harvest_url"];

    public static string SinceQuery(DateTime lastStart) =>
        $"metadata_modified:[{(lastStart - Margin).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)}Z TO *]";

    public static async Task<List<RemoteDataset>> GatherAsync(HttpClient http, string sourceUrl, string? fq, CancellationToken ct)
    {
        var root = sourceUrl.TrimEnd('/');
        var found = new List<RemoteDataset>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? previous = null;
        for (var start = 0; ; start += Rows)
        {
            var url = $"{root}/api/3/action/package_search?rows={Rows}&start={start}&sort={Uri.EscapeDataString("id asc")}"
                + (fq is null ? "" : $"&fq={Uri.EscapeDataString(fq)}");
            var body = await SourceHttp.GetJsonAsync(http, url, "application/json", "the CKAN portal", ct);
            if (body["result"]?["results"] is not JsonArray page)
                throw new HarvestSourceException($"The CKAN portal at {url} answered without result.results: is it a CKAN Action API?");
            var text = page.ToJsonString();
            if (page.Count > 0 && text == previous) throw new HarvestSourceException($"The paging of the CKAN portal does not seem to work: {url} repeats the page before.");
            previous = text;
            if (page.Count == 0) break;
            foreach (var item in page.OfType<JsonObject>())
            {
                var id = item["id"]?.ToString();
                if (string.IsNullOrEmpty(id) || !seen.Add(id)) continue;
                // Private datasets stay with their owners; harvest sources listed as datasets are not data.
                if (item["private"] is JsonValue p && p.GetValueKind() == JsonValueKind.True) continue;
                if (item["type"]?.ToString() == "harvest") continue;
                found.Add(ToRemote(item, root));
            }
            if (start > 1_000_000) throw new HarvestSourceException("The CKAN portal keeps returning pages past a million datasets; stopped.");
        }
        return found;
    }

    /// <summary>The remote package dict reduced to what Agora imports: resources become links to the remote files.</summary>
    public static RemoteDataset ToRemote(JsonObject remote, string root)
    {
        var package = new JsonObject();
        foreach (var field in TextFields)
            if (remote[field] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0) package[field] = s;
        if (remote["visibility"]?.ToString() == "brokered") package["visibility"] = "brokered";
        package["tags"] = new JsonArray((remote["tags"] as JsonArray ?? []).Select(t => t is JsonObject o ? o["name"]?.ToString() : (t as JsonValue)?.ToString())
            .Where(n => !string.IsNullOrEmpty(n)).Distinct().Select(n => (JsonNode)new JsonObject { ["name"] = n }).ToArray());
        package["extras"] = new JsonArray((remote["extras"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(e => e["key"]?.ToString() is { Length: > 0 } key && !NotExtras.Contains(key))
            .Select(e => (JsonNode)new JsonObject
            {
                ["key"] = e["key"]!.ToString(),
                // Non-string extras are stored as their JSON, as ckanext-harvest does.
                ["value"] = e["value"] is JsonValue ev && ev.TryGetValue<string>(out var str) ? str : e["value"]?.ToJsonString() ?? "",
            }).ToArray());
        package["groups"] = new JsonArray((remote["groups"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(g => g["name"]?.ToString()).Where(n => !string.IsNullOrEmpty(n))
            .Select(n => (JsonNode)new JsonObject { ["name"] = n }).ToArray());
        package["resources"] = new JsonArray((remote["resources"] as JsonArray ?? []).OfType<JsonObject>().Select(r =>
        {
            var resource = new JsonObject { ["url"] = r["url"]?.ToString() ?? "" };
            foreach (var key in new[] { "name", "format", "description", "mimetype" })
                if (r[key] is JsonValue rv && rv.TryGetValue<string>(out var value)) resource[key] = value;
            if (r["size"] is JsonValue size && long.TryParse(size.ToString(), out var bytes) && bytes >= 0) resource["size"] = bytes;
            return (JsonNode)resource;
        }).ToArray());

        RemoteOrganisation? org = null;
        if (remote["organization"] is JsonObject o && o["name"]?.ToString() is { Length: > 0 } orgName)
            org = new RemoteOrganisation(orgName, o["title"]?.ToString() is { Length: > 0 } t ? t : orgName, o["description"]?.ToString());
        var name = remote["name"]?.ToString();
        return new RemoteDataset(remote["id"]!.ToString(), remote["title"]?.ToString() ?? name, package, org,
            name is null ? null : $"{root}/dataset/{name}");
    }
}
