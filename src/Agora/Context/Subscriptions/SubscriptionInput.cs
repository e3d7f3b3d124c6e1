using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Agora.Context.JsonLd;
using Agora.Context.Query;

namespace Agora.Context.Subscriptions;

/// <summary>Reads a subscription as a client sends it (ETSI GS CIM 009 §5.2.12) and turns it into the
/// stored form: the same members with entity types and attribute names expanded to IRIs, so that
/// matching needs no context and answers can be compacted with whatever context a reader uses.
/// Anything malformed is 400 BadRequestData, before anything is stored.</summary>
public static class SubscriptionInput
{
    public static readonly HashSet<string> Formats = ["normalized", "keyValues", "simplified", "concise"];
    public static readonly HashSet<string> Triggers =
        ["entityCreated", "entityUpdated", "entityDeleted", "attributeCreated", "attributeUpdated", "attributeDeleted"];

    static readonly HashSet<string> Members =
    [
        "id", "type", "subscriptionName", "description", "entities", "watchedAttributes", "notificationTrigger", "timeInterval",
        "q", "geoQ", "csf", "isActive", "notification", "expiresAt", "throttling", "temporalQ", "scopeQ", "lang", "jsonldContext",
    ];

    // Members the broker writes (status and counters); a client sending them back (as GET gave them) is not wrong.
    static readonly HashSet<string> ReadOnly = ["status", "createdAt", "modifiedAt", "@context"];
    static readonly HashSet<string> NotificationReadOnly = ["status", "timesSent", "timesFailed", "lastNotification", "lastSuccess", "lastFailure"];
    static readonly HashSet<string> NotificationMembers =
        ["attributes", "sysAttrs", "format", "endpoint", "showChanges", "pick", "omit", "join", "joinLevel"];
    static readonly HashSet<string> EndpointMembers = ["uri", "accept", "timeout", "cooldown", "receiverInfo", "notifierInfo"];

    /// <summary>Validates a whole subscription (compacted, in <paramref name="context"/>) and returns it expanded.</summary>
    public static JsonObject Expand(JsonNode body, LdContext context, DateTime now)
    {
        if (body is not JsonObject input) throw NgsiLdException.BadData("A subscription must be a JSON object.");
        var doc = new JsonObject();
        foreach (var (key, value) in input)
        {
            if (ReadOnly.Contains(key)) continue;
            if (!Members.Contains(key)) throw NgsiLdException.BadData($"'{key}' is not a member of a subscription.");
            doc[key] = value?.DeepClone();
        }

        if (doc["id"] is { } id) NgsiLdInput.RequireUri(id, "The subscription id");
        if (doc["type"] is not JsonValue t || !t.TryGetValue<string>(out var type) || type != "Subscription")
            throw NgsiLdException.BadData("A subscription's type must be \"Subscription\".");
        foreach (var key in new[] { "subscriptionName", "description", "lang", "csf", "scopeQ" })
            if (doc[key] is { } v && !IsString(v)) throw NgsiLdException.BadData($"{key} must be a string.");
        if (doc["jsonldContext"] is { } jc) NgsiLdInput.RequireUri(jc, "jsonldContext");

        if (doc["entities"] is { } entities) doc["entities"] = Entities(entities, context);
        if (doc["watchedAttributes"] is { } watched)
            doc["watchedAttributes"] = Names(watched, context, "watchedAttributes", allowEmpty: false);
        if (doc["entities"] is null && doc["watchedAttributes"] is null)
            throw NgsiLdException.BadData("A subscription needs entities or watchedAttributes.");
        if (doc["notificationTrigger"] is { } triggers)
        {
            if (triggers is not JsonArray list || list.Count == 0 || list.Any(x => !IsString(x) || !Triggers.Contains(x!.GetValue<string>())))
                throw NgsiLdException.BadData($"notificationTrigger must be a list of {string.Join(", ", Triggers)}.");
        }

        if (doc["q"] is { } q)
        {
            if (!IsString(q)) throw NgsiLdException.BadData("q must be a string.");
            QueryParser.Parse(q.GetValue<string>());
        }
        if (doc["geoQ"] is { } geoQ) GeoQ(geoQ);

        var interval = Number(doc["timeInterval"], "timeInterval");
        var throttling = Number(doc["throttling"], "throttling");
        if (interval is <= 0) throw NgsiLdException.BadData("timeInterval must be more than 0 seconds.");
        if (throttling is < 0) throw NgsiLdException.BadData("throttling must be 0 seconds or more.");
        if (interval is not null && doc["watchedAttributes"] is not null)
            throw NgsiLdException.BadData("timeInterval and watchedAttributes cannot be used together.");
        if (interval is not null && throttling is not null)
            throw NgsiLdException.BadData("timeInterval and throttling cannot be used together.");

        if (doc["expiresAt"] is { } expires)
        {
            NgsiLdInput.RequireDateTime(expires, "expiresAt");
            NgsiLdInput.TryDateTime(expires.GetValue<string>(), out var at);
            if (at <= now) throw NgsiLdException.BadData("expiresAt is in the past.");
        }
        if (doc["isActive"] is { } active && !(active is JsonValue av && av.TryGetValue<bool>(out _)))
            throw NgsiLdException.BadData("isActive must be true or false.");

        doc["notification"] = Notification(doc["notification"], context);
        return doc;
    }

    static JsonArray Entities(JsonNode node, LdContext context)
    {
        if (node is not JsonArray list || list.Count == 0)
            throw NgsiLdException.BadData("entities must be a non-empty list of {type, id?, idPattern?}.");
        var result = new JsonArray();
        foreach (var item in list)
        {
            if (item is not JsonObject e) throw NgsiLdException.BadData("Each of entities must be an object {type, id?, idPattern?}.");
            foreach (var (key, _) in e)
                if (key is not ("type" or "id" or "idPattern"))
                    throw NgsiLdException.BadData($"'{key}' is not a member of an entity selector (type, id, idPattern).");
            if (!IsString(e["type"])) throw NgsiLdException.BadData("Each of entities needs a type.");
            var type = e["type"]!.GetValue<string>();
            NgsiLdInput.CheckName(type, "Entity type");
            var selector = new JsonObject { ["type"] = context.ExpandTerm(type) };
            if (e["id"] is { } id) selector["id"] = NgsiLdInput.RequireUri(id, "An entity selector's id");
            if (e["idPattern"] is { } pattern)
            {
                if (!IsString(pattern)) throw NgsiLdException.BadData("idPattern must be a string.");
                try { _ = new Regex(pattern.GetValue<string>(), RegexOptions.None, TimeSpan.FromMilliseconds(100)); }
                catch (ArgumentException) { throw NgsiLdException.BadData($"idPattern '{pattern}' is not a valid regular expression."); }
                selector["idPattern"] = pattern.GetValue<string>();
            }
            result.Add(selector);
        }
        return result;
    }

    static JsonArray Names(JsonNode node, LdContext context, string what, bool allowEmpty, bool keepMembers = false)
    {
        if (node is not JsonArray list || (!allowEmpty && list.Count == 0) || list.Any(x => !IsString(x)))
            throw NgsiLdException.BadData($"{what} must be a {(allowEmpty ? "" : "non-empty ")}list of attribute names.");
        var names = list.Select(x => x!.GetValue<string>()).ToList();
        foreach (var n in names) NgsiLdInput.CheckName(n, "Attribute name");
        return new JsonArray(names.Select(n => (JsonNode?)(keepMembers && n is "id" or "type" ? n : context.ExpandTerm(n))).ToArray());
    }

    static void GeoQ(JsonNode node)
    {
        if (node is not JsonObject g) throw NgsiLdException.BadData("geoQ must be an object {geometry, coordinates, georel, geoproperty?}.");
        foreach (var (key, _) in g)
            if (key is not ("geometry" or "coordinates" or "georel" or "geoproperty"))
                throw NgsiLdException.BadData($"'{key}' is not a member of geoQ.");
        if (!IsString(g["geometry"]) || !IsString(g["georel"]) || g["coordinates"] is null || g["geoproperty"] is { } p && !IsString(p))
            throw NgsiLdException.BadData("geoQ needs geometry and georel strings and coordinates.");
        ParseGeo(g);
    }

    /// <summary>The geo-query of a geoQ member; coordinates may be given as a JSON array or as its text.</summary>
    public static GeoQuery ParseGeo(JsonObject g) => GeoQuery.Parse(
        g["georel"]!.GetValue<string>(), g["geometry"]!.GetValue<string>(),
        g["coordinates"] is JsonValue cv && cv.TryGetValue<string>(out var text) ? text : g["coordinates"]!.ToJsonString(),
        g["geoproperty"]?.GetValue<string>())!;

    static JsonObject Notification(JsonNode? node, LdContext context)
    {
        if (node is not JsonObject input) throw NgsiLdException.BadData("A subscription needs a notification object with an endpoint.");
        var n = new JsonObject();
        foreach (var (key, value) in input)
        {
            if (NotificationReadOnly.Contains(key)) continue;
            if (!NotificationMembers.Contains(key)) throw NgsiLdException.BadData($"'{key}' is not a member of notification.");
            n[key] = value?.DeepClone();
        }
        if (n["format"] is { } format && (!IsString(format) || !Formats.Contains(format.GetValue<string>())))
            throw NgsiLdException.BadData($"notification.format must be one of {string.Join(", ", Formats)}.");
        if (n["attributes"] is { } attributes) n["attributes"] = Names(attributes, context, "notification.attributes", allowEmpty: true);
        if (n["pick"] is { } pick) n["pick"] = Names(pick, context, "notification.pick", allowEmpty: false, keepMembers: true);
        if (n["omit"] is { } omit) n["omit"] = Names(omit, context, "notification.omit", allowEmpty: false, keepMembers: true);
        if (n["attributes"] is not null && (n["pick"] is not null || n["omit"] is not null))
            throw NgsiLdException.BadData("notification.attributes cannot be combined with pick or omit.");
        if (n["pick"] is JsonArray pk && n["omit"] is JsonArray om && pk.Select(x => x!.GetValue<string>()).Intersect(om.Select(x => x!.GetValue<string>())).Any())
            throw NgsiLdException.BadData("The same member cannot be in both pick and omit.");
        foreach (var key in new[] { "sysAttrs", "showChanges" })
            if (n[key] is { } b && !(b is JsonValue bv && bv.TryGetValue<bool>(out _))) throw NgsiLdException.BadData($"notification.{key} must be true or false.");
        if (n["join"] is { } join && (!IsString(join) || join.GetValue<string>() is not ("flat" or "inline" or "@none")))
            throw NgsiLdException.BadData("notification.join must be flat, inline or @none.");
        if (n["joinLevel"] is { } level && !(level is JsonValue lv && lv.TryGetValue<double>(out var l) && l >= 1 && l == Math.Floor(l)))
            throw NgsiLdException.BadData("notification.joinLevel must be a whole number of 1 or more.");
        n["endpoint"] = Endpoint(n["endpoint"]);
        return n;
    }

    static JsonObject Endpoint(JsonNode? node)
    {
        if (node is not JsonObject e) throw NgsiLdException.BadData("notification.endpoint must be an object with a uri.");
        foreach (var (key, _) in e)
            if (!EndpointMembers.Contains(key)) throw NgsiLdException.BadData($"'{key}' is not a member of notification.endpoint.");
        if (!IsString(e["uri"]) || !Uri.TryCreate(e["uri"]!.GetValue<string>(), UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https"))
            throw NgsiLdException.BadData("notification.endpoint.uri must be an absolute http or https URI.");
        if (e["accept"] is { } accept && (!IsString(accept) || accept.GetValue<string>() is not (NgsiLdHttp.Json or NgsiLdHttp.JsonLd)))
            throw NgsiLdException.BadData("notification.endpoint.accept must be application/json or application/ld+json.");
        if (Number(e["timeout"], "notification.endpoint.timeout") is < 0 || Number(e["cooldown"], "notification.endpoint.cooldown") is < 0)
            throw NgsiLdException.BadData("notification.endpoint timeout and cooldown must be 0 or more.");
        foreach (var key in new[] { "receiverInfo", "notifierInfo" })
        {
            if (e[key] is not { } info) continue;
            if (info is not JsonArray items || items.Any(i => i is not JsonObject kv || !IsString(kv["key"]) || !IsString(kv["value"]) || kv.Count != 2))
                throw NgsiLdException.BadData($"notification.endpoint.{key} must be a list of {{key, value}} strings.");
            foreach (var kv in items.OfType<JsonObject>())
                if (kv["key"]!.GetValue<string>() is var name && (name.Length == 0 || name.Any(c => c <= ' ' || c >= 127 || c == ':')))
                    throw NgsiLdException.BadData($"notification.endpoint.{key} key '{name}' is not a header name.");
        }
        return (JsonObject)e.DeepClone();
    }

    static double? Number(JsonNode? node, string what) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<double>(out var d) => d,
        _ => throw NgsiLdException.BadData($"{what} must be a number of seconds."),
    };

    static bool IsString(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out _);

    /// <summary>The stored subscription compacted with a reader's context (status members are added by the caller).</summary>
    public static JsonObject Compact(JsonObject doc, LdContext context)
    {
        var result = (JsonObject)doc.DeepClone();
        if (result["entities"] is JsonArray entities)
            foreach (var e in entities.OfType<JsonObject>())
                e["type"] = context.CompactIri(e["type"]!.GetValue<string>());
        CompactNames(result, "watchedAttributes", context);
        if (result["notification"] is JsonObject n)
        {
            CompactNames(n, "attributes", context);
            CompactNames(n, "pick", context);
            CompactNames(n, "omit", context);
        }
        return result;
    }

    static void CompactNames(JsonObject o, string key, LdContext context)
    {
        if (o[key] is JsonArray names)
            o[key] = new JsonArray(names.Select(x => (JsonNode?)(x!.GetValue<string>() is var s && s is "id" or "type" ? s : context.CompactIri(s))).ToArray());
    }
}
