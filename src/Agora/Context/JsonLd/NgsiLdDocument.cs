using System.Text.Json.Nodes;

namespace Agora.Context.JsonLd;

/// <summary>Expands and compacts NGSI-LD entities in normalized form. "Expanded" here means what
/// brokers store and the ETSI suite's "-expanded.json" expectations show: entity types, attribute
/// and sub-attribute names, and vocabulary values as full IRIs, while the NGSI-LD members themselves
/// ("type", "value", "object", "observedAt"…) keep their short names. This is not full JSON-LD
/// expansion (no @value wrappers, no arrays everywhere), which no NGSI-LD API exposes.</summary>
public static class NgsiLdDocument
{
    // Members of an entity that are not attributes; everything else at the top level is one, including
    // "scope", "location", "observationSpace" and "operationSpace", which are named by core terms.
    static readonly HashSet<string> EntityMembers = ["id", "type", "createdAt", "modifiedAt", "deletedAt"];

    // Members of an attribute instance that are not sub-attributes ("id" has no place there, but as a
    // name it would expand to the keyword @id, so it is kept for validation to reject). Their values are data (copied as
    // they are: keys inside a "value" or "json" object are the user's, never names to expand), except
    // the vocabulary-typed ones below.
    static readonly HashSet<string> InstanceMembers =
    [
        "id", "type", "value", "object", "objectList", "objectType", "observedAt", "unitCode", "datasetId",
        "createdAt", "modifiedAt", "deletedAt", "instanceId", "languageMap", "lang", "vocab", "json",
        "valueList", "valueType", "entity", "previousValue", "previousObject", "previousObjectList",
        "previousLanguageMap", "previousVocab", "previousJson", "previousValueList",
        "values", "objects", "languageMaps", "vocabs", "jsons", "valueLists", "objectLists",
    ];

    // Core terms typed "@vocab" whose values are IRIs to expand like names.
    static readonly HashSet<string> VocabMembers = ["objectType", "vocab", "previousVocab", "valueType"];

    /// <summary>A new expanded entity; "@context" is dropped, the input is left as it was.</summary>
    public static JsonObject ExpandEntity(JsonObject entity, LdContext context) =>
        Walk(entity, context, expand: true, typeIsName: true);

    /// <summary>A new expanded attributes fragment (body of POST/PATCH …/attrs); "@context" is dropped,
    /// "id" and "type", which do not belong there, are passed through for the caller to reject.</summary>
    public static JsonObject ExpandAttributes(JsonObject fragment, LdContext context) =>
        Walk(fragment, context, expand: true, typeIsName: false);

    /// <summary>A new entity with the names of a stored expanded entity compacted with <paramref name="context"/>.</summary>
    public static JsonObject CompactEntity(JsonObject expanded, LdContext context) =>
        Walk(expanded, context, expand: false, typeIsName: true);

    public static JsonObject CompactAttributes(JsonObject expanded, LdContext context) =>
        Walk(expanded, context, expand: false, typeIsName: false);

    static JsonObject Walk(JsonObject source, LdContext context, bool expand, bool typeIsName)
    {
        var result = new JsonObject();
        foreach (var (key, value) in source)
        {
            if (key == "@context") continue;
            if (key.StartsWith('@'))
                Add(result, key, value?.DeepClone());
            else if (key == "type" && typeIsName)
                Add(result, key, MapNames(value, context, expand));
            else if (EntityMembers.Contains(key))
                Add(result, key, value?.DeepClone());
            else
                Add(result, expand ? context.ExpandTerm(key) : context.CompactIri(key), Attribute(value, context, expand));
        }
        return result;
    }

    static JsonNode? Attribute(JsonNode? value, LdContext context, bool expand) => value switch
    {
        JsonObject instance => Instance(instance, context, expand),
        // A multi-attribute: one instance per datasetId.
        JsonArray instances => new JsonArray([.. instances.Select(i => i is JsonObject o ? Instance(o, context, expand) : i?.DeepClone())]),
        // Not an attribute object: "scope" strings, or a concise value; nothing in it to map.
        _ => value?.DeepClone(),
    };

    static JsonObject Instance(JsonObject instance, LdContext context, bool expand)
    {
        var result = new JsonObject();
        foreach (var (key, value) in instance)
        {
            if (key.StartsWith('@') || (InstanceMembers.Contains(key) && !VocabMembers.Contains(key)))
                Add(result, key, value?.DeepClone());
            else if (VocabMembers.Contains(key))
                Add(result, key, MapNames(value, context, expand));
            else
                Add(result, expand ? context.ExpandTerm(key) : context.CompactIri(key), Attribute(value, context, expand));
        }
        return result;
    }

    /// <summary>Maps a name or an array of names (entity types, vocab values); other shapes are copied
    /// for the caller's validation to reject.</summary>
    static JsonNode? MapNames(JsonNode? value, LdContext context, bool expand)
    {
        string Map(string s) => expand ? context.ExpandVocab(s) : context.CompactVocab(s);
        return value switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => JsonValue.Create(Map(s)),
            JsonArray a => new JsonArray([.. a.Select(i => i is JsonValue iv && iv.TryGetValue<string>(out var s) ? JsonValue.Create(Map(s)) : i?.DeepClone())]),
            _ => value?.DeepClone(),
        };
    }

    /// <summary>Two names can land on one IRI ("speed" and its full IRI both given); JSON-LD merges
    /// such values, so the instances are kept together as a multi-attribute rather than one lost.</summary>
    static void Add(JsonObject result, string key, JsonNode? value)
    {
        if (!result.TryGetPropertyValue(key, out var existing))
        {
            result[key] = value;
            return;
        }
        if (existing is not JsonArray merged)
        {
            result.Remove(key);
            merged = [existing];
            result[key] = merged;
        }
        if (value is JsonArray more)
            foreach (var item in more.ToList()) { more.Remove(item); merged.Add(item); }
        else merged.Add(value);
    }
}
