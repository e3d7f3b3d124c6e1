using System.Text.Json.Nodes;

namespace Agora.Procurement;

/// <summary>Compiles releases into a record's compiled release by OCDS's merge rules: releases are
/// applied in date order; objects merge field by field; arrays of objects that all have an id merge item
/// by item on that id (items missing from a later release stay); other arrays and values are replaced;
/// a null removes the field.</summary>
public static class OcdsMerge
{
    public static JsonObject Compile(IEnumerable<JsonObject> releasesInDateOrder, string ocid)
    {
        var compiled = new JsonObject();
        string? date = null;
        foreach (var release in releasesInDateOrder)
        {
            MergeInto(compiled, release);
            date = release["date"]?.GetValue<string>() ?? date;
        }
        // tag is omitted when merging; the compiled release has its own id, the last date and tag "compiled".
        compiled.Remove("tag");
        var result = new JsonObject { ["ocid"] = ocid, ["id"] = $"{ocid}-compiled", ["date"] = date, ["tag"] = new JsonArray("compiled") };
        foreach (var (name, value) in compiled.ToList())
        {
            if (result.ContainsKey(name)) continue;
            compiled.Remove(name);
            result[name] = value;
        }
        return result;
    }

    /// <summary>Merges <paramref name="update"/> into <paramref name="target"/> (changing the target).</summary>
    public static void MergeInto(JsonObject target, JsonObject update)
    {
        foreach (var (name, value) in update)
        {
            switch (value)
            {
                case null:
                    target.Remove(name);
                    break;
                case JsonObject obj:
                    if (target[name] is not JsonObject existing)
                    {
                        existing = new JsonObject();
                        target[name] = existing;
                    }
                    MergeInto(existing, obj);
                    break;
                case JsonArray array when IsIdentifiedList(array):
                    target[name] = MergeById(target[name] as JsonArray, array);
                    break;
                default:
                    target[name] = Strip(value);
                    break;
            }
        }
    }

    static bool IsIdentifiedList(JsonArray array) =>
        array.Count > 0 && array.All(i => i is JsonObject o && o["id"] is JsonValue);

    static JsonArray MergeById(JsonArray? existing, JsonArray update)
    {
        // Earlier items that are not all identified cannot be matched: the new list replaces them.
        var result = existing is not null && IsIdentifiedList(existing) ? (JsonArray)existing.DeepClone() : [];
        foreach (var item in update.Cast<JsonObject>())
        {
            var id = item["id"]!.ToJsonString();
            var match = result.OfType<JsonObject>().FirstOrDefault(o => o["id"]!.ToJsonString() == id);
            if (match is null)
            {
                match = new JsonObject();
                result.Add(match);
            }
            MergeInto(match, item);
        }
        return result;
    }

    /// <summary>A copy without null fields (nulls mean "remove", and there is nothing to remove from).</summary>
    static JsonNode? Strip(JsonNode? node) => node switch
    {
        JsonObject obj => Merged(obj),
        JsonArray array => new JsonArray([.. array.Select(Strip)]),
        _ => node?.DeepClone(),
    };

    static JsonObject Merged(JsonObject obj)
    {
        var copy = new JsonObject();
        MergeInto(copy, obj);
        return copy;
    }
}
