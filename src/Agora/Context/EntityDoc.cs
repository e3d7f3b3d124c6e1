using System.Text.Json.Nodes;

namespace Agora.Context;

/// <summary>Reads and changes an entity held in expanded form: attribute names are IRIs, each
/// attribute is one instance object or a list of instances told apart by <c>datasetId</c>.</summary>
public static class EntityDoc
{
    public const string ScopeIri = "https://uri.etsi.org/ngsi-ld/scope";

    public static bool IsAttribute(string key) =>
        key is not ("id" or "type" or "@context" or "createdAt" or "modifiedAt" or "deletedAt" or "scope" or ScopeIri);

    public static IEnumerable<string> AttributeNames(JsonObject doc) => doc.Select(kv => kv.Key).Where(IsAttribute).ToList();

    public static List<JsonObject> Instances(JsonNode? attribute) => attribute switch
    {
        JsonObject o => [o],
        JsonArray a => a.OfType<JsonObject>().ToList(),
        _ => [],
    };

    public static IEnumerable<(string Name, JsonObject Instance)> AllInstances(JsonObject doc) =>
        AttributeNames(doc).SelectMany(name => Instances(doc[name]).Select(i => (name, i)));

    public static string DatasetId(JsonObject instance) =>
        instance["datasetId"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    /// <summary>Writes the instances of an attribute back: one object, a list, or nothing (deleted).</summary>
    public static void SetInstances(JsonObject doc, string name, List<JsonObject> instances)
    {
        // Nodes belong to one parent: write copies, so instances may come from anywhere (the old doc too).
        var copies = instances.Select(i => (JsonNode?)i.DeepClone()).ToArray();
        doc.Remove(name);
        if (copies.Length == 1) doc[name] = copies[0];
        else if (copies.Length > 1) doc[name] = new JsonArray(copies);
    }

    public static List<string> Types(JsonObject doc) => doc["type"] switch
    {
        JsonArray a => a.Select(t => t!.GetValue<string>()).ToList(),
        JsonValue v => [v.GetValue<string>()],
        _ => [],
    };

    /// <summary>Stamps system attributes on every instance that has none yet (and on its sub-attributes).</summary>
    public static void Stamp(JsonObject instance, string now, string? createdAt = null)
    {
        instance["createdAt"] = createdAt ?? instance["createdAt"]?.GetValue<string>() ?? now;
        instance["modifiedAt"] = now;
        foreach (var (key, value) in instance.ToList())
            if (!NgsiLdInput.AttributeMembers.Contains(key))
                foreach (var sub in Instances(value)) Stamp(sub, now, sub["createdAt"]?.GetValue<string>());
    }

    /// <summary>Removes createdAt/modifiedAt everywhere (answers without <c>options=sysAttrs</c>).</summary>
    public static void StripSystemAttributes(JsonObject node)
    {
        node.Remove("createdAt");
        node.Remove("modifiedAt");
        foreach (var (key, value) in node.ToList())
        {
            if (key is "value" or "json" or "languageMap" or "valueList" or "@context") continue;
            foreach (var child in Instances(value)) StripSystemAttributes(child);
        }
    }
}
