using System.Text.Json.Nodes;
using Agora.Context.JsonLd;

namespace Agora.Context;

/// <summary>How a client asked to see entities: which attributes, with system attributes or not,
/// normalized or simplified (keyValues), one language for LanguageProperties.</summary>
public sealed record ViewOptions(HashSet<string>? Attrs, HashSet<string>? Pick, HashSet<string>? Omit, bool SysAttrs, bool KeyValues, string? Lang)
{
    public static readonly ViewOptions Normalized = new(null, null, null, false, false, null);

    /// <summary>Reads <c>attrs</c>, <c>pick</c>, <c>omit</c>, <c>options</c>, <c>format</c> and <c>lang</c>;
    /// attribute names are expanded with the request's context.</summary>
    public static ViewOptions From(IQueryCollection query, LdContext context)
    {
        var options = List(query["options"]) ?? [];
        foreach (var o in options)
            if (o is not ("keyValues" or "simplified" or "normalized" or "sysAttrs" or "concise" or "noOverwrite" or "replace" or "update" or "temporalValues"))
                throw NgsiLdException.BadData($"Unknown option '{o}'; use keyValues, sysAttrs or normalized.");
        var format = query["format"].ToString();
        if (format.Length > 0 && format is not ("keyValues" or "simplified" or "normalized" or "concise"))
            throw NgsiLdException.BadData($"Unknown format '{format}'; use normalized or simplified.");
        var keyValues = format is "keyValues" or "simplified" || format.Length == 0 && options.Overlaps(["keyValues", "simplified"]);
        var attrs = Expand(List(query["attrs"]), context);
        var pick = List(query["pick"]);
        var omit = List(query["omit"]);
        if (pick is not null && omit is not null && pick.Overlaps(omit))
            throw NgsiLdException.BadData("The same member cannot be in both pick and omit.");
        if (attrs is not null && (pick is not null || omit is not null))
            throw NgsiLdException.BadData("attrs cannot be combined with pick or omit.");
        return new(attrs, Expand(pick, context, keepMembers: true), Expand(omit, context, keepMembers: true),
            options.Contains("sysAttrs"), keyValues, query["lang"].ToString() is { Length: > 0 } lang ? lang : null);
    }

    public static HashSet<string>? List(Microsoft.Extensions.Primitives.StringValues values)
    {
        if (values.Count == 0) return null;
        var items = values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToHashSet();
        return items.Count == 0 ? null : items;
    }

    static HashSet<string>? Expand(HashSet<string>? names, LdContext context, bool keepMembers = false)
    {
        if (names is null) return null;
        foreach (var n in names) NgsiLdInput.CheckName(n, "Attribute name");
        return names.Select(n => keepMembers && n is "id" or "type" ? n : context.ExpandTerm(n)).ToHashSet();
    }

    public bool Shows(string expandedName) =>
        (Attrs is null || Attrs.Contains(expandedName)) && (Pick is null || Pick.Contains(expandedName)) && (Omit is null || !Omit.Contains(expandedName));
}

/// <summary>Turns a stored (expanded) entity into what a client sees.</summary>
public static class EntityView
{
    public static JsonObject Render(JsonObject doc, LdContext context, ViewOptions view)
    {
        var shown = new JsonObject();
        foreach (var (key, value) in doc)
        {
            if (key is "id" or "type")
            {
                if ((view.Pick is null || view.Pick.Contains(key)) && (view.Omit is null || !view.Omit.Contains(key))) shown[key] = value?.DeepClone();
                continue;
            }
            if (key is "createdAt" or "modifiedAt" or "deletedAt")
            {
                if (view.SysAttrs && !view.KeyValues) shown[key] = value?.DeepClone();
                continue;
            }
            if (EntityDoc.IsAttribute(key) && !view.Shows(key)) continue;
            shown[key] = value?.DeepClone();
        }
        if (!view.SysAttrs || view.KeyValues) EntityDoc.StripSystemAttributes(shown);
        var compact = NgsiLdDocument.CompactEntity(shown, context);
        if (view.Lang is { } lang) ApplyLanguage(compact, lang);
        return view.KeyValues ? Simplify(compact) : compact;
    }

    /// <summary>The simplified (keyValues) form: each attribute becomes its value.</summary>
    public static JsonObject Simplify(JsonObject compact)
    {
        var result = new JsonObject();
        foreach (var (key, value) in compact)
        {
            if (!EntityDoc.IsAttribute(key) || key == "@context") { result[key] = value?.DeepClone(); continue; }
            var instances = EntityDoc.Instances(value);
            result[key] = instances.Count == 1 ? SimpleValue(instances[0])
                : new JsonArray(instances.Select(i => SimpleValue(i)).ToArray());
        }
        return result;
    }

    public static JsonNode? SimpleValue(JsonObject instance) => (instance["type"]?.GetValue<string>() switch
    {
        "Relationship" => instance["object"],
        "LanguageProperty" => instance["languageMap"],
        "JsonProperty" => instance["json"],
        "VocabProperty" => instance["vocab"],
        "ListProperty" => instance["valueList"],
        "ListRelationship" => instance["objectList"],
        _ => instance["value"],
    })?.DeepClone();

    // §4.15: with lang, a LanguageProperty is shown as a Property holding the string in that language
    // (or the first language it has, with "lang" saying which).
    static void ApplyLanguage(JsonObject entity, string lang)
    {
        foreach (var key in entity.Select(kv => kv.Key).Where(EntityDoc.IsAttribute).ToList())
            foreach (var instance in EntityDoc.Instances(entity[key]))
            {
                if (instance["type"]?.GetValue<string>() != "LanguageProperty" || instance["languageMap"] is not JsonObject map) continue;
                var entries = map.ToList();
                var chosen = lang == "*" ? null : entries.Where(kv => kv.Key.Equals(lang, StringComparison.OrdinalIgnoreCase)).Select(kv => (KeyValuePair<string, JsonNode?>?)kv).FirstOrDefault();
                chosen ??= entries.Where(kv => kv.Key == "@none").Select(kv => (KeyValuePair<string, JsonNode?>?)kv).FirstOrDefault() ?? entries[0];
                instance.Remove("languageMap");
                instance["type"] = "Property";
                instance["value"] = chosen.Value.Value?.DeepClone();
                instance["lang"] = chosen.Value.Key;
            }
    }
}
