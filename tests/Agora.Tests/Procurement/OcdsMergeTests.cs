using System.Text.Json.Nodes;
using Agora.Procurement;

namespace Agora.Tests.Procurement;

public sealed class OcdsMergeTests
{
    static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    static JsonObject Compile(params string[] releases) => OcdsMerge.Compile(releases.Select(Parse), "ocds-x-1");

    [Fact]
    public void Nested_objects_merge_field_by_field()
    {
        var compiled = Compile(
            """{"ocid":"ocds-x-1","id":"1","date":"2026-01-01T00:00:00Z","tag":["tender"],"tender":{"id":"t","title":"Old","value":{"amount":1,"currency":"EUR"}}}""",
            """{"ocid":"ocds-x-1","id":"2","date":"2026-02-01T00:00:00Z","tag":["tenderUpdate"],"tender":{"value":{"amount":2}}}""");

        Assert.Equal("Old", compiled["tender"]!["title"]!.GetValue<string>());
        Assert.Equal(2, compiled["tender"]!["value"]!["amount"]!.GetValue<int>());
        Assert.Equal("EUR", compiled["tender"]!["value"]!["currency"]!.GetValue<string>());
    }

    [Fact]
    public void Arrays_of_objects_with_ids_merge_by_id_and_keep_items_not_repeated()
    {
        var compiled = Compile(
            """{"ocid":"ocds-x-1","id":"1","date":"2026-01-01T00:00:00Z","tag":["award"],"awards":[{"id":"a","status":"pending","title":"A"},{"id":"b","status":"pending"}]}""",
            """{"ocid":"ocds-x-1","id":"2","date":"2026-02-01T00:00:00Z","tag":["awardUpdate"],"awards":[{"id":"a","status":"active"},{"id":"c","status":"pending"}]}""");

        var awards = compiled["awards"]!.AsArray().Select(a => (a!["id"]!.GetValue<string>(), a["status"]!.GetValue<string>())).ToList();
        Assert.Equal([("a", "active"), ("b", "pending"), ("c", "pending")], awards);
        Assert.Equal("A", compiled["awards"]![0]!["title"]!.GetValue<string>());
    }

    [Fact]
    public void Other_arrays_and_values_are_replaced()
    {
        var compiled = Compile(
            """{"ocid":"ocds-x-1","id":"1","date":"2026-01-01T00:00:00Z","tag":["tender"],"tender":{"id":"t","submissionMethod":["written","inPerson"]},"parties":[{"name":"no id"}]}""",
            """{"ocid":"ocds-x-1","id":"2","date":"2026-02-01T00:00:00Z","tag":["tenderUpdate"],"tender":{"id":"t","submissionMethod":["electronicSubmission"]},"parties":[{"name":"other"}]}""");

        Assert.Equal(["electronicSubmission"], compiled["tender"]!["submissionMethod"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Equal("other", Assert.Single(compiled["parties"]!.AsArray())!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Null_removes_a_field_and_nulls_in_new_objects_are_dropped()
    {
        var compiled = Compile(
            """{"ocid":"ocds-x-1","id":"1","date":"2026-01-01T00:00:00Z","tag":["tender"],"tender":{"id":"t","description":"gone soon","awards":null}}""",
            """{"ocid":"ocds-x-1","id":"2","date":"2026-02-01T00:00:00Z","tag":["tenderUpdate"],"tender":{"description":null},"planning":{"rationale":null,"budget":{"id":"b"}}}""");

        Assert.False(compiled["tender"]!.AsObject().ContainsKey("description"));
        Assert.False(compiled["tender"]!.AsObject().ContainsKey("awards"));
        Assert.False(compiled["planning"]!.AsObject().ContainsKey("rationale"));
        Assert.Equal("b", compiled["planning"]!["budget"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public void Compiled_release_has_its_own_id_the_last_date_and_the_compiled_tag()
    {
        var compiled = Compile(
            """{"ocid":"ocds-x-1","id":"1","date":"2026-01-01T00:00:00Z","tag":["tender"],"initiationType":"tender"}""",
            """{"ocid":"ocds-x-1","id":"2","date":"2026-02-01T00:00:00Z","tag":["tenderUpdate"]}""");

        Assert.Equal("ocds-x-1-compiled", compiled["id"]!.GetValue<string>());
        Assert.Equal("2026-02-01T00:00:00Z", compiled["date"]!.GetValue<string>());
        Assert.Equal(["compiled"], compiled["tag"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("tender", compiled["initiationType"]!.GetValue<string>());
    }
}
