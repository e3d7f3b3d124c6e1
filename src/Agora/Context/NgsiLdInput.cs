using System.Globalization;
using System.Text.Json.Nodes;
using Agora.Context.Query;

namespace Agora.Context;

/// <summary>Checks NGSI-LD payloads in the shape clients send them (compact terms, before expansion)
/// and brings the concise form (§4.5.x: bare values, attributes without a type) to the normalized one,
/// so that storage and queries see one shape. Each error names the member it is about.</summary>
public static class NgsiLdInput
{
    public static readonly HashSet<string> AttributeKinds =
        ["Property", "Relationship", "GeoProperty", "LanguageProperty", "JsonProperty", "VocabProperty", "ListProperty", "ListRelationship"];

    /// <summary>Members of an attribute that are not sub-attributes.</summary>
    public static readonly HashSet<string> AttributeMembers =
        ["type", "value", "object", "objectList", "objectType", "observedAt", "unitCode", "datasetId", "createdAt", "modifiedAt",
         "deletedAt", "instanceId", "languageMap", "lang", "vocab", "json", "valueList", "previousValue", "previousObject",
         "previousLanguageMap", "previousVocab", "previousJson", "previousValueList", "previousObjectList", "@context"];

    /// <summary>Members of an entity that are not attributes.</summary>
    public static readonly HashSet<string> EntityMembers = ["id", "type", "@context", "createdAt", "modifiedAt", "deletedAt", "scope"];

    public static bool IsUri(string? s) =>
        !string.IsNullOrEmpty(s) && s.Length <= 2048 && Uri.TryCreate(s, UriKind.Absolute, out _) && !s.Any(char.IsWhiteSpace);

    public static string RequireUri(JsonNode? node, string what) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) && IsUri(s) ? s
            : throw NgsiLdException.BadData($"{what} must be a URI (e.g. urn:ngsi-ld:Vehicle:A4567).");

    public static void CheckName(string name, string what)
    {
        if (name.Length is 0 or > 512 || name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or '"' or '\'' or '=' or ';' or '(' or ')'))
            throw NgsiLdException.BadData($"{what} '{Shorten(name)}' is not a valid name (no spaces or < > \" ' = ; ( ) characters).");
    }

    /// <summary>An entity for create/replace/upsert: checks id and type, normalizes each attribute.
    /// Returns a new object without <c>@context</c> and without system attributes.</summary>
    public static JsonObject Entity(JsonNode body, bool requireId = true, bool requireType = true)
    {
        if (body is not JsonObject o) throw NgsiLdException.BadData("An entity must be a JSON object.");
        var result = new JsonObject();
        if (o["id"] is not null || requireId) result["id"] = RequireUri(o["id"], "The entity id");
        if (o["type"] is { } type) result["type"] = Types(type);
        else if (requireType) throw NgsiLdException.BadData("An entity must have a type.");
        if (o["scope"] is { } scope) result["scope"] = Scope(scope);
        foreach (var (name, value) in o)
        {
            if (EntityMembers.Contains(name)) continue;
            CheckName(name, "Attribute name");
            result[name] = Attribute(name, value);
        }
        return result;
    }

    /// <summary>A temporal representation for the Temporal API's writes: id and type, and each attribute as a list of
    /// instances (one datasetId may occur many times: they are its past states), each with its observedAt. Attributes
    /// only (no id or type) when <paramref name="attributesOnly"/>.</summary>
    public static JsonObject TemporalEntity(JsonNode body, bool attributesOnly = false)
    {
        if (body is not JsonObject o) throw NgsiLdException.BadData("A temporal representation must be a JSON object.");
        var result = new JsonObject();
        if (!attributesOnly)
        {
            result["id"] = RequireUri(o["id"], "The entity id");
            result["type"] = Types(o["type"] ?? throw NgsiLdException.BadData("An entity must have a type."));
            if (o["scope"] is { } scope) result["scope"] = Scope(scope);
        }
        else if (o["id"] is not null || o["type"] is not null)
            throw NgsiLdException.BadData("'id' and 'type' cannot be given with the attributes of an entity.");
        foreach (var (name, value) in o)
        {
            if (EntityMembers.Contains(name)) continue;
            CheckName(name, "Attribute name");
            var instances = new JsonArray();
            foreach (var item in value is JsonArray list ? list.ToList() : [value])
            {
                var instance = Instance(name, item);
                RequireDateTime(instance["observedAt"], $"The observedAt of each instance of '{Shorten(name)}'");
                instances.Add(instance);
            }
            if (instances.Count == 0) throw NgsiLdException.BadData($"Attribute '{Shorten(name)}' has no instances.");
            result[name] = instances;
        }
        return result;
    }

    /// <summary>After expansion every type and attribute name must be an IRI: a name that the context
    /// maps to a JSON-LD keyword (an entity of type "type", say) is refused.</summary>
    public static JsonObject Expanded(JsonObject entity)
    {
        if (entity["type"] is { } type)
            foreach (var t in type is JsonArray a ? a.Select(x => x!.GetValue<string>()) : [type.GetValue<string>()])
                if (t.StartsWith('@') || !t.Contains(':'))
                    throw NgsiLdException.BadData($"The entity type '{t}' is not a valid type name.");
        foreach (var (name, _) in entity)
            if (EntityDoc.IsAttribute(name) && (name.StartsWith('@') || !name.Contains(':')))
                throw NgsiLdException.BadData($"'{name}' cannot be used as an attribute name.");
        return entity;
    }

    /// <summary>The body of the attribute operations: names to attributes.</summary>
    public static JsonObject Attributes(JsonNode body)
    {
        if (body is not JsonObject o) throw NgsiLdException.BadData("The attributes must be given as a JSON object.");
        var result = new JsonObject();
        foreach (var (name, value) in o)
        {
            if (name is "@context") continue;
            if (name is "id" or "type")
                throw NgsiLdException.BadData($"'{name}' cannot be changed through the attributes of an entity.");
            if (name is "createdAt" or "modifiedAt") continue;
            if (name is "scope") { result["scope"] = Scope(value); continue; }
            CheckName(name, "Attribute name");
            result[name] = Attribute(name, value);
        }
        return result;
    }

    static JsonNode Types(JsonNode type)
    {
        switch (type)
        {
            case JsonValue v when v.TryGetValue<string>(out var s) && s.Length > 0:
                CheckName(s, "Entity type");
                return JsonValue.Create(s);
            case JsonArray { Count: > 0 } a:
                var names = new JsonArray();
                foreach (var item in a)
                {
                    if (item is not JsonValue iv || !iv.TryGetValue<string>(out var t) || t.Length == 0)
                        throw NgsiLdException.BadData("Each entity type must be a non-empty string.");
                    CheckName(t, "Entity type");
                    if (!names.Any(n => n!.GetValue<string>() == t)) names.Add(t);
                }
                return names.Count == 1 ? JsonValue.Create(names[0]!.GetValue<string>()) : names;
            default:
                throw NgsiLdException.BadData("The entity type must be a string or a list of strings.");
        }
    }

    static JsonNode Scope(JsonNode? scope)
    {
        var scopes = scope is JsonArray a ? a.ToList() : [scope];
        foreach (var s in scopes)
            if (s is not JsonValue v || !v.TryGetValue<string>(out var text) || !text.StartsWith('/'))
                throw NgsiLdException.BadData("A scope must be a string starting with '/' (e.g. /Madrid/Gardens), or a list of them.");
        return scope!.DeepClone();
    }

    /// <summary>One attribute: an instance object, a list of instances (each with its own datasetId),
    /// or, in the concise form, a bare value.</summary>
    public static JsonNode Attribute(string name, JsonNode? value)
    {
        if (value is JsonArray instances && instances.Count > 0 && instances.All(i => i is JsonObject io && IsInstance(io)))
        {
            var seen = new HashSet<string>();
            var result = new JsonArray();
            foreach (var instance in instances)
            {
                var normalized = Instance(name, instance!);
                var datasetId = normalized["datasetId"]?.GetValue<string>() ?? "";
                if (!seen.Add(datasetId))
                    throw NgsiLdException.BadData($"Attribute '{Shorten(name)}' has two instances with the same datasetId '{datasetId}'.");
                result.Add(normalized);
            }
            return result.Count == 1 ? result[0]!.DeepClone() : result;
        }
        return Instance(name, value);
    }

    // An object is an attribute instance when it says its type or holds one of the value members;
    // any other object is a concise Property whose value is that object.
    static bool IsInstance(JsonObject o) =>
        o["type"] is JsonValue t && t.TryGetValue<string>(out var s) && AttributeKinds.Contains(s)
        || o.ContainsKey("value") || o.ContainsKey("object") || o.ContainsKey("languageMap") || o.ContainsKey("vocab")
        || o.ContainsKey("json") || o.ContainsKey("valueList") || o.ContainsKey("objectList");

    static JsonObject Instance(string name, JsonNode? node)
    {
        if (node is null)
            throw NgsiLdException.BadData($"Attribute '{Shorten(name)}' is null; give it a value (or delete it).");
        if (node is not JsonObject o || !IsInstance(o))
            return new JsonObject { ["type"] = "Property", ["value"] = node.DeepClone() };

        var kind = o["type"] is { } t
            ? (t is JsonValue tv && tv.TryGetValue<string>(out var ts) && AttributeKinds.Contains(ts) ? ts
                : throw NgsiLdException.BadData($"Attribute '{Shorten(name)}' has type {t.ToJsonString()}; it must be one of {string.Join(", ", AttributeKinds)}."))
            : o.ContainsKey("object") ? "Relationship"
            : o.ContainsKey("languageMap") ? "LanguageProperty"
            : o.ContainsKey("vocab") ? "VocabProperty"
            : o.ContainsKey("json") ? "JsonProperty"
            : o.ContainsKey("valueList") ? "ListProperty"
            : o.ContainsKey("objectList") ? "ListRelationship"
            : IsGeometry(o["value"]) ? "GeoProperty" : "Property";

        var result = new JsonObject { ["type"] = kind };
        switch (kind)
        {
            case "Property":
                result["value"] = Require(o, "value", name, kind).DeepClone();
                break;
            case "GeoProperty":
                var geometry = Require(o, "value", name, kind);
                try
                {
                    GeoQuery.ReadGeoJson(geometry);
                }
                catch (QueryException e)
                {
                    throw NgsiLdException.BadData($"GeoProperty '{Shorten(name)}' must hold a GeoJSON geometry: {e.Message}");
                }
                result["value"] = geometry.DeepClone();
                break;
            case "Relationship":
                var target = Require(o, "object", name, kind);
                if (target is JsonArray targets) foreach (var each in targets) RequireUri(each, $"Relationship '{Shorten(name)}' object");
                else RequireUri(target, $"Relationship '{Shorten(name)}' object");
                result["object"] = target.DeepClone();
                break;
            case "LanguageProperty":
                if (Require(o, "languageMap", name, kind) is not JsonObject map || map.Count == 0
                    || map.Any(kv => kv.Value is not JsonValue && kv.Value is not JsonArray))
                    throw NgsiLdException.BadData($"LanguageProperty '{Shorten(name)}' needs a languageMap of language tags to strings.");
                result["languageMap"] = map.DeepClone();
                break;
            case "JsonProperty":
                result["json"] = Require(o, "json", name, kind).DeepClone();
                break;
            case "VocabProperty":
                var vocab = Require(o, "vocab", name, kind);
                if (!(vocab is JsonValue vv && vv.TryGetValue<string>(out _) || vocab is JsonArray va && va.All(i => i is JsonValue iv && iv.TryGetValue<string>(out _))))
                    throw NgsiLdException.BadData($"VocabProperty '{Shorten(name)}' needs a vocab string (or a list of them).");
                result["vocab"] = vocab.DeepClone();
                break;
            case "ListProperty":
                if (Require(o, "valueList", name, kind) is not JsonArray list)
                    throw NgsiLdException.BadData($"ListProperty '{Shorten(name)}' needs a valueList array.");
                result["valueList"] = list.DeepClone();
                break;
            case "ListRelationship":
                if (Require(o, "objectList", name, kind) is not JsonArray objects)
                    throw NgsiLdException.BadData($"ListRelationship '{Shorten(name)}' needs an objectList array.");
                result["objectList"] = objects.DeepClone();
                break;
        }
        foreach (var (member, value) in o)
        {
            switch (member)
            {
                case "type" or "value" or "object" or "languageMap" or "json" or "vocab" or "valueList" or "objectList"
                    or "createdAt" or "modifiedAt" or "deletedAt" or "instanceId" or "@context":
                    continue;
                case "observedAt":
                    result[member] = JsonValue.Create(RequireDateTime(value, $"observedAt of '{Shorten(name)}'"));
                    break;
                case "datasetId":
                    result[member] = RequireUri(value, $"datasetId of '{Shorten(name)}'");
                    break;
                case "unitCode" or "lang":
                    result[member] = value is JsonValue s && s.TryGetValue<string>(out var text) ? text
                        : throw NgsiLdException.BadData($"{member} of '{Shorten(name)}' must be a string.");
                    break;
                case "objectType":
                    result[member] = value?.DeepClone();
                    break;
                default:
                    if (AttributeMembers.Contains(member)) continue;
                    CheckName(member, "Sub-attribute name");
                    result[member] = Attribute(member, value);
                    break;
            }
        }
        return result;
    }

    static JsonNode Require(JsonObject o, string member, string name, string kind) =>
        o[member] ?? throw NgsiLdException.BadData($"{kind} '{Shorten(name)}' must have a non-null '{member}'.");

    static bool IsGeometry(JsonNode? value) =>
        value is JsonObject g && g["type"] is JsonValue t && t.TryGetValue<string>(out var s)
        && s is "Point" or "LineString" or "Polygon" or "MultiPoint" or "MultiLineString" or "MultiPolygon"
        && g.ContainsKey("coordinates");

    public static string RequireDateTime(JsonNode? node, string what) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) && TryDateTime(s, out _) ? s
            : throw NgsiLdException.BadData($"{what} must be an ISO 8601 date and time in UTC (e.g. 2024-05-01T12:00:00Z).");

    public static bool TryDateTime(string s, out DateTime value)
    {
        var ok = DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out value)
            && s.Contains('T');
        value = DateTime.SpecifyKind(value, DateTimeKind.Utc);
        return ok;
    }

    /// <summary>The time format of system attributes: ISO 8601 UTC with milliseconds, as Orion-LD writes them.</summary>
    public static string Format(DateTime time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    static string Shorten(string s) => s.Length > 60 ? s[..60] + "…" : s;
}
