using System.Text.Json.Nodes;

namespace Agora.Procurement;

/// <summary>Which release tags (OCDS releaseTag codelist) describe the step from one state of a process
/// to the next: a section that appears for the first time gets its own tag (tender, award, contract,
/// implementation), one that changes gets its update tag.</summary>
public static class OcdsTags
{
    /// <summary>Tags of a planning process (a challenge): planning first, then planning updates.</summary>
    public static List<string> ForPlanning(JsonObject? previous) => [previous is null ? "planning" : "planningUpdate"];

    /// <summary>Tags of a procedure's new state, given the state of its last release (null for the first).</summary>
    public static List<string> ForProcedure(JsonObject? previous, JsonObject current)
    {
        var tags = new List<string>();
        if (previous is null)
        {
            tags.Add(current["tender"] is null ? "planning" : "tender");
            if (Items(current, "awards").Count > 0) tags.Add("award");
            if (Items(current, "contracts").Count > 0) tags.Add("contract");
            if (Implementations(current).Values.Any(i => i is not null)) tags.Add("implementation");
            return tags;
        }

        if (Changed(previous["planning"], current["planning"])) tags.Add("planningUpdate");
        if (Changed(previous["tender"], current["tender"]))
        {
            var cancelled = Status(current["tender"]) == "cancelled" && Status(previous["tender"]) != "cancelled";
            tags.Add(previous["tender"] is null ? "tender" : cancelled ? "tenderCancellation" : "tenderUpdate");
        }

        var (newAwards, changedAwards) = Compare(Items(previous, "awards"), Items(current, "awards"), null);
        if (newAwards) tags.Add("award");
        if (changedAwards) tags.Add("awardUpdate");

        var (newContracts, changedContracts) = Compare(Items(previous, "contracts"), Items(current, "contracts"), "implementation");
        if (newContracts) tags.Add("contract");
        if (changedContracts)
        {
            var terminated = Items(current, "contracts").Any(c => Status(c.Value) == "terminated"
                && Status(Items(previous, "contracts").GetValueOrDefault(c.Key)) != "terminated");
            tags.Add(terminated ? "contractTermination" : "contractUpdate");
        }

        var before = Implementations(previous);
        var now = Implementations(current);
        if (now.Any(i => i.Value is not null && before.GetValueOrDefault(i.Key) is null)) tags.Add("implementation");
        if (now.Any(i => i.Value is not null && before.GetValueOrDefault(i.Key) is { } b && Changed(b, i.Value))) tags.Add("implementationUpdate");

        // Something outside the sections changed (parties, buyer, related processes): an update of the
        // latest stage the process has reached.
        if (tags.Count == 0)
            tags.Add(Items(current, "contracts").Count > 0 ? "contractUpdate"
                : Items(current, "awards").Count > 0 ? "awardUpdate"
                : current["tender"] is not null ? "tenderUpdate" : "planningUpdate");
        return tags;
    }

    static bool Changed(JsonNode? a, JsonNode? b) => !JsonNode.DeepEquals(a, b);

    static string? Status(JsonNode? section) => section?["status"]?.GetValue<string>();

    /// <summary>A section's array of objects by id.</summary>
    static Dictionary<string, JsonObject> Items(JsonObject release, string array) =>
        (release[array] as JsonArray ?? []).OfType<JsonObject>()
            .Where(o => o["id"] is not null)
            .ToDictionary(o => o["id"]!.ToJsonString(), o => o);

    /// <summary>Whether there are items with new ids, and whether items with known ids changed (ignoring one field).</summary>
    static (bool Added, bool Changed) Compare(Dictionary<string, JsonObject> before, Dictionary<string, JsonObject> now, string? ignore)
    {
        var added = now.Keys.Any(k => !before.ContainsKey(k));
        var changed = before.Any(b => !now.TryGetValue(b.Key, out var n) || Changed(Without(b.Value, ignore), Without(n, ignore)));
        return (added, changed);
    }

    static JsonObject Without(JsonObject o, string? field)
    {
        if (field is null || !o.ContainsKey(field)) return o;
        var copy = (JsonObject)o.DeepClone();
        copy.Remove(field);
        return copy;
    }

    static Dictionary<string, JsonNode?> Implementations(JsonObject release) =>
        Items(release, "contracts").ToDictionary(c => c.Key, c => c.Value["implementation"]);
}
