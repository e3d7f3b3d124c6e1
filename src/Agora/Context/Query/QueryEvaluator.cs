using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Agora.Context.Query;

/// <summary>
/// Evaluates a parsed q against one entity in expanded, normalized form. QuerySql translates the same rules
/// into SQL; the two must agree (the tests run both over one table of queries).
/// <list type="bullet">
/// <item>Each attribute instance (multi-instance attributes are arrays) is tried on its own; the term holds if any instance satisfies it.</item>
/// <item>The compared values of a node: Relationship → object, VocabProperty → vocab (the q value is also tried expanded),
/// ListProperty → valueList, ListRelationship → objectList objects, LanguageProperty → every languageMap string,
/// JsonProperty → json, otherwise value; a plain member (observedAt, unitCode) is its own value; an array yields each element.</item>
/// <item>Numbers compare with numbers, strings with strings (ordinally), booleans with booleans; a dateTime in q compares
/// as an instant with strings that are dateTimes; anything else does not match.</item>
/// <item>!= and !~= need the target (attribute, sub-attribute or [key]) to exist, and hold when no value of it
/// satisfies == (resp. ~=); a != on a missing attribute is false, as the spec says.</item>
/// </list>
/// </summary>
public static class QueryEvaluator
{
    public static bool Matches(QueryNode q, JsonObject expandedEntity, Func<string, string> expandTerm) => q switch
    {
        AndNode and => and.Terms.All(t => Matches(t, expandedEntity, expandTerm)),
        OrNode or => or.Terms.Any(t => Matches(t, expandedEntity, expandTerm)),
        ExistsNode exists => Instances(expandedEntity, exists.Path, expandTerm).Any(i => Target(i, exists.Path, expandTerm) is not null) != exists.Negated,
        ComparisonNode comparison => Instances(expandedEntity, comparison.Path, expandTerm).Any(i => InstanceMatches(i, comparison, expandTerm)),
        _ => throw new ArgumentOutOfRangeException(nameof(q)),
    };

    private static IEnumerable<JsonObject> Instances(JsonObject entity, AttrPath path, Func<string, string> expandTerm)
    {
        if (!entity.TryGetPropertyValue(expandTerm(path.Attribute), out var attribute) || attribute is null)
            yield break;
        if (attribute is JsonObject single)
            yield return single;
        else if (attribute is JsonArray instances)
            foreach (var instance in instances.OfType<JsonObject>())
                yield return instance;
    }

    private sealed record Node(JsonNode? Value, string? Type);

    // The node the path points at inside one instance (null when absent); Type is the attribute type of the node
    // the values come from (for VocabProperty expansion).
    private static Node? Target(JsonObject instance, AttrPath path, Func<string, string> expandTerm)
    {
        JsonNode? node = instance;
        foreach (var sub in path.SubAttributes)
        {
            if (node is not JsonObject holder || !holder.TryGetPropertyValue(expandTerm(sub), out node))
                return null;
        }
        var type = TypeOf(node);
        if (path.ValuePath.Count == 0)
            return new Node(node, type);
        JsonNode? value = type switch
        {
            null => node,
            "JsonProperty" => Member(node, "json"),
            "LanguageProperty" => Member(node, "languageMap"),
            _ => Member(node, "value"),
        };
        foreach (var key in path.ValuePath)
        {
            if (value is not JsonObject holder || !holder.TryGetPropertyValue(key, out value))
                return null;
        }
        return new Node(value, null);
    }

    private static JsonNode? Member(JsonNode? node, string name) => node is JsonObject o ? o[name] : null;

    private static string? TypeOf(JsonNode? node) =>
        node is JsonObject o && o["type"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : null;

    /// <summary>The scalar values a node offers to comparisons (see the class remarks).</summary>
    private static IEnumerable<JsonNode?> Values(Node target)
    {
        if (target.Type is null)
            return Elements(Unwrap(target.Value));
        return target.Type switch
        {
            "Relationship" => Elements(Member(target.Value, "object")),
            "VocabProperty" => Elements(Member(target.Value, "vocab")),
            "ListProperty" => Elements(Member(target.Value, "valueList")),
            "JsonProperty" => Elements(Member(target.Value, "json")),
            "ListRelationship" => Leaves(Member(target.Value, "objectList")),
            "LanguageProperty" => Leaves(Member(target.Value, "languageMap")),
            _ => Elements(Unwrap(Member(target.Value, "value"))),
        };
    }

    // A typed literal in expanded form ({"@type": "DateTime", "@value": "…"}) compares as its @value.
    private static JsonNode? Unwrap(JsonNode? node) =>
        node is JsonObject o && o.TryGetPropertyValue("@value", out var v) ? v : node;

    // Not a collection expression: with a JsonArray on the other branch it would build a JsonArray and re-parent node.
    private static IEnumerable<JsonNode?> Elements(JsonNode? node) =>
        node is JsonArray array ? array : new[] { node };

    // Every scalar under a node, at any depth: languageMap strings (single or arrays), objectList objects.
    private static IEnumerable<JsonNode?> Leaves(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, child) in o)
                    foreach (var leaf in Leaves(child))
                        yield return leaf;
                break;
            case JsonArray a:
                foreach (var child in a)
                    foreach (var leaf in Leaves(child))
                        yield return leaf;
                break;
            case JsonValue:
                yield return node;
                break;
        }
    }

    private static bool InstanceMatches(JsonObject instance, ComparisonNode comparison, Func<string, string> expandTerm)
    {
        var target = Target(instance, comparison.Path, expandTerm);
        if (target is null)
            return false;
        var values = Values(target).ToList();
        var vocab = target.Type == "VocabProperty";
        bool Any(Func<JsonNode?, bool> test) => values.Any(test);
        return comparison.Op switch
        {
            QueryOp.Equal => Any(v => Equal(v, comparison.Value, vocab, expandTerm)),
            QueryOp.NotEqual => !Any(v => Equal(v, comparison.Value, vocab, expandTerm)),
            QueryOp.Matches => Any(v => PatternMatch(v, (QueryPattern)comparison.Value)),
            QueryOp.NotMatches => !Any(v => PatternMatch(v, (QueryPattern)comparison.Value)),
            _ => Any(v => Compare(v, (QueryScalar)comparison.Value) is { } c && comparison.Op switch
            {
                QueryOp.Greater => c > 0,
                QueryOp.GreaterOrEqual => c >= 0,
                QueryOp.Less => c < 0,
                _ => c <= 0,
            }),
        };
    }

    private static bool Equal(JsonNode? value, QueryValue expected, bool vocab, Func<string, string> expandTerm) => expected switch
    {
        QueryScalar s => Compare(value, s) == 0 || (vocab && s.IsStringLike && AsString(value) is { } text && text == expandTerm(s.Text)),
        QueryList list => list.Items.Any(item => Equal(value, item, vocab, expandTerm)),
        QueryRange range => Compare(value, range.Low) >= 0 && Compare(value, range.High) <= 0,
        _ => false,
    };

    /// <summary>Orders a value against a q literal; null when they are not comparable (different kinds).</summary>
    internal static int? Compare(JsonNode? value, QueryScalar expected)
    {
        if (value is not JsonValue v)
            return null;
        switch (expected.Kind)
        {
            case QueryValueKind.Number:
                return v.GetValueKind() == JsonValueKind.Number ? v.GetValue<double>().CompareTo(expected.Number) : null;
            case QueryValueKind.Boolean:
                var kind = v.GetValueKind();
                if (kind is not (JsonValueKind.True or JsonValueKind.False))
                    return null;
                return (kind == JsonValueKind.True) == (expected.Text == "true") ? 0 : 1;
            case QueryValueKind.DateTime:
                return AsString(v) is { } text && QueryParser.TryParseDateTime(text, out var instant)
                    ? instant.UtcTicks.CompareTo(expected.Instant.UtcTicks)
                    : null;
            default:
                return AsString(v) is { } s ? Math.Sign(string.CompareOrdinal(s, expected.Text)) : null;
        }
    }

    private static string? AsString(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static bool PatternMatch(JsonNode? value, QueryPattern pattern)
    {
        if (AsString(value) is not { } text)
            return false;
        try
        {
            return pattern.Regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            throw new QueryException($"q: the regular expression \"{pattern.Pattern}\" took too long");
        }
    }
}
