using System.Text.Json.Nodes;

namespace Agora.Context.Subscriptions;

/// <summary>How a notified entity looks: compacted with the subscription's @context, limited to
/// notification.attributes (or pick/omit), in notification.format.</summary>
public static class NotificationView
{
    public static JsonObject Render(JsonObject doc, LiveSubscription subscription)
    {
        var n = subscription.Notification;
        var attrs = Set(n["attributes"]) is { Count: > 0 } a ? a : null;
        var format = subscription.Format;
        var view = new ViewOptions(attrs, Set(n["pick"]), Set(n["omit"]), n["sysAttrs"]?.GetValue<bool>() == true,
            format is "keyValues" or "simplified", null);
        var entity = EntityView.Render(doc, subscription.Context, view);
        return format == "concise" ? Concise(entity) : entity;
    }

    public static JsonNode? CompactTypes(JsonObject doc, LiveSubscription subscription)
    {
        var types = EntityDoc.Types(doc).Select(subscription.Context.CompactIri).ToList();
        return types.Count == 1 ? JsonValue.Create(types[0]) : new JsonArray(types.Select(t => (JsonNode?)t).ToArray());
    }

    static HashSet<string>? Set(JsonNode? node) => node is JsonArray list ? list.Select(x => x!.GetValue<string>()).ToHashSet() : null;

    /// <summary>The concise form (§4.5.3.3): attribute "type" members dropped; a Property with nothing but a value becomes the value.</summary>
    static JsonObject Concise(JsonObject entity)
    {
        var result = new JsonObject();
        foreach (var (key, value) in entity)
        {
            if (!EntityDoc.IsAttribute(key)) { result[key] = value?.DeepClone(); continue; }
            result[key] = value switch
            {
                JsonObject instance => ConciseInstance(instance),
                JsonArray instances => new JsonArray(instances.Select(i => i is JsonObject o ? ConciseInstance(o) : i?.DeepClone()).ToArray()),
                _ => value?.DeepClone(),
            };
        }
        return result;
    }

    static JsonNode? ConciseInstance(JsonObject instance)
    {
        var type = instance["type"]?.GetValue<string>();
        var result = new JsonObject();
        foreach (var (key, value) in instance)
        {
            if (key == "type") continue;
            result[key] = NgsiLdInput.AttributeMembers.Contains(key) || value is not JsonObject sub ? value?.DeepClone() : ConciseInstance(sub);
        }
        // A bare value stands for a Property (or a GeoProperty: GeoJSON says what it is); objects stay wrapped.
        if (result.Count == 1 && result["value"] is { } v && (type == "GeoProperty" || v is not JsonObject))
            return v.DeepClone();
        return result;
    }
}
