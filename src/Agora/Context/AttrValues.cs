using System.Text.Json;
using System.Text.Json.Nodes;

namespace Agora.Context;

/// <summary>Puts an attribute instance's value into the typed columns <c>q</c> and geo-queries read.</summary>
public static class AttrValues
{
    public static NgsiAttr Row(long entityKey, string name, JsonObject instance)
    {
        var kind = instance["type"]?.GetValue<string>() ?? "Property";
        var row = new NgsiAttr
        {
            EntityKey = entityKey, Name = name, DatasetId = EntityDoc.DatasetId(instance), Kind = kind, Json = instance.ToJsonString(),
            ObservedAt = instance["observedAt"] is JsonValue o && o.TryGetValue<string>(out var s) && NgsiLdInput.TryDateTime(s, out var t) ? t : null,
        };
        switch (kind)
        {
            case "Property":
                SetScalar(row, instance["value"]);
                break;
            case "Relationship":
                row.Text = instance["object"] is JsonValue obj && obj.TryGetValue<string>(out var target) ? target : null;
                break;
            case "VocabProperty":
                row.Text = instance["vocab"] is JsonValue v && v.TryGetValue<string>(out var vocab) ? vocab : null;
                break;
            case "GeoProperty":
                if (instance["value"] is JsonObject geometry && Bounds(geometry["coordinates"]) is { } box)
                    (row.MinX, row.MinY, row.MaxX, row.MaxY) = box;
                break;
        }
        return row;
    }

    static void SetScalar(NgsiAttr row, JsonNode? value)
    {
        if (value is not JsonValue v) return;
        switch (v.GetValueKind())
        {
            // Read through the JSON text: values built in code (an int, a decimal) do not all convert with GetValue<double>.
            case JsonValueKind.Number: row.Num = double.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture); break;
            case JsonValueKind.String: row.Text = v.GetValue<string>(); break;
            case JsonValueKind.True: row.Bool = true; break;
            case JsonValueKind.False: row.Bool = false; break;
        }
    }

    /// <summary>The bounding box of GeoJSON coordinates, however deeply nested.</summary>
    public static (double MinX, double MinY, double MaxX, double MaxY)? Bounds(JsonNode? coordinates)
    {
        double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        var any = false;
        void Walk(JsonNode? node)
        {
            if (node is not JsonArray a) return;
            if (a.Count >= 2 && a[0] is JsonValue x && a[1] is JsonValue y && x.GetValueKind() == JsonValueKind.Number && y.GetValueKind() == JsonValueKind.Number)
            {
                var (px, py) = (x.GetValue<double>(), y.GetValue<double>());
                (minX, minY, maxX, maxY) = (Math.Min(minX, px), Math.Min(minY, py), Math.Max(maxX, px), Math.Max(maxY, py));
                any = true;
                return;
            }
            foreach (var child in a) Walk(child);
        }
        Walk(coordinates);
        return any ? (minX, minY, maxX, maxY) : null;
    }
}
