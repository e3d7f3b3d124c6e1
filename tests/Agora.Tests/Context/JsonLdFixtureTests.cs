using System.Text.Json;
using System.Text.Json.Nodes;
using Agora.Context.JsonLd;
using static Agora.Tests.Context.JsonLdTestSupport;

namespace Agora.Tests.Context;

/// <summary>The ETSI conformance suite's entity payloads and expected broker output.</summary>
public class JsonLdFixtureTests
{
    static readonly HashSet<string> EntityMemberNames = ["id", "type", "createdAt", "modifiedAt", "deletedAt"];
    static readonly string[] SingleAttributeMembers = ["value", "object", "json", "languageMap", "vocab", "objectList", "valueList"];

    public static TheoryData<string> EntityFixtures()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(EtsiFile("entities"), "*.json*").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    public static TheoryData<string> FragmentFixtures()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(EtsiFile("entities/fragmentEntities"), "*.json*").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    static JsonObject? ParseObject(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject;
        }
        catch (JsonException)
        {
            return null;   // the suite's deliberately broken payloads
        }
    }

    [Theory]
    [MemberData(nameof(EntityFixtures))]
    public async Task Entity_fixture_expands_to_iris_and_compacts_back_to_itself(string file)
    {
        var entity = ParseObject(EtsiFile("entities/" + file));
        if (entity is null) return;
        var original = entity.DeepClone();
        var resolver = Resolver();
        if (file == "building-unretrievable-context.jsonld")
        {
            var e = await Assert.ThrowsAsync<LdContextException>(() => resolver.ResolveAsync(entity["@context"], CancellationToken.None).AsTask());
            Assert.True(e.Unavailable);
            return;
        }
        var context = await resolver.ResolveAsync(entity["@context"], CancellationToken.None);

        var expanded = NgsiLdDocument.ExpandEntity(entity, context);
        var compacted = NgsiLdDocument.CompactEntity(expanded, context);

        Assert.True(JsonNode.DeepEquals(original, entity), "the input was modified");
        Assert.False(expanded.ContainsKey("@context"));
        foreach (var (name, _) in expanded)
            if (!EntityMemberNames.Contains(name)) Assert.Contains(":", name);
        var expected = original.DeepClone().AsObject();
        expected.Remove("@context");
        Assert.True(JsonNode.DeepEquals(expected, compacted), $"round trip of {file}:\n{compacted}");
    }

    [Theory]
    [MemberData(nameof(FragmentFixtures))]
    public async Task Attributes_fixture_expands_and_compacts_back_to_itself(string file)
    {
        var fragment = ParseObject(EtsiFile("entities/fragmentEntities/" + file));
        if (fragment is null) return;
        var resolver = Resolver();
        var context = await resolver.ResolveAsync(fragment["@context"], CancellationToken.None);
        fragment.Remove("@context");
        // Some are the body of PATCH …/attrs/{attrId}: one attribute, which the caller names.
        if (SingleAttributeMembers.Any(fragment.ContainsKey)) fragment = new JsonObject { ["someAttribute"] = fragment };

        var expanded = NgsiLdDocument.ExpandAttributes(fragment, context);
        var compacted = NgsiLdDocument.CompactAttributes(expanded, context);

        Assert.True(JsonNode.DeepEquals(fragment, compacted), $"round trip of {file}:\n{compacted}");
    }

    [Fact]
    public async Task Building_expands_as_the_suite_expects()
    {
        var entity = ReadObject("entities/building-simple-attributes.jsonld");
        var context = await Resolver().ResolveAsync(entity["@context"], CancellationToken.None);

        var expanded = NgsiLdDocument.ExpandEntity(entity, context);

        // The expectation lists unitCode and observedAt in another order; DeepEquals ignores member order.
        Assert.True(JsonNode.DeepEquals(ReadObject("entities/expectations/building-simple-attributes-expanded.json"), expanded), expanded.ToJsonString());
    }

    [Fact]
    public async Task Building_compacted_with_the_core_alone_keeps_the_suite_iris()
    {
        var resolver = Resolver();
        var entity = ReadObject("entities/building-simple-attributes.jsonld");
        var expanded = NgsiLdDocument.ExpandEntity(entity, await resolver.ResolveAsync(entity["@context"], CancellationToken.None));

        var compacted = NgsiLdDocument.CompactEntity(expanded, resolver.Core);

        Assert.True(JsonNode.DeepEquals(ReadObject("entities/expectations/building-simple-attributes-expanded.json"), compacted), compacted.ToJsonString());
    }

    [Fact]
    public async Task Building_compacted_with_the_suite_context_is_the_suite_compacted_expectation()
    {
        var resolver = Resolver();
        var entity = ReadObject("entities/building-simple-attributes.jsonld");
        var expanded = NgsiLdDocument.ExpandEntity(entity, await resolver.ResolveAsync(entity["@context"], CancellationToken.None));

        var compacted = NgsiLdDocument.CompactEntity(expanded, await resolver.ResolveAsync(JsonValue.Create(SuiteContext), CancellationToken.None));

        var expected = ReadObject("entities/expectations/building-simple-attributes-compacted.json");
        // The suite fills in the created entity's id at run time.
        Assert.Equal("RandomUuidToBeReplaced", expected["id"]!.GetValue<string>());
        expected["id"] = entity["id"]!.DeepClone();
        Assert.True(JsonNode.DeepEquals(expected, compacted), compacted.ToJsonString());
    }

    [Fact]
    public async Task Vehicle_compacted_with_the_core_alone_keeps_default_vocabulary_names_short()
    {
        var resolver = Resolver();
        var entity = ReadObject("entities/vehicle-simple-attributes.jsonld");
        var expanded = NgsiLdDocument.ExpandEntity(entity, await resolver.ResolveAsync(entity["@context"], CancellationToken.None));

        var compacted = NgsiLdDocument.CompactEntity(expanded, resolver.Core);

        var expected = ReadObject("entities/expectations/vehicle-simple-attributes-core-context.json");
        expected["id"] = entity["id"]!.DeepClone();
        Assert.True(JsonNode.DeepEquals(expected, compacted), compacted.ToJsonString());
        Assert.True(expanded.ContainsKey(LdContext.DefaultVocab + "isParked"));
    }

    [Fact]
    public async Task Suite_context_files_that_are_not_context_documents_are_bad_requests()
    {
        foreach (var file in new[] { "@context-incorrect.json", "@context-wrong-json.json" })
        {
            var url = "http://contexts.example/" + file;
            var resolver = Resolver(configure: o => o.ContextFiles[url] = EtsiFile("jsonldContext/" + file));

            var e = await Assert.ThrowsAsync<LdContextException>(() => resolver.ResolveAsync(JsonValue.Create(url), CancellationToken.None).AsTask());

            Assert.False(e.Unavailable, file);
        }
    }

    [Fact]
    public async Task Suite_minimal_context_defines_its_terms()
    {
        const string url = "http://contexts.example/minimal.json";
        var resolver = Resolver(configure: o => o.ContextFiles[url] = EtsiFile("jsonldContext/@context-minimal-valid.json"));
        var entity = ReadObject("jsonldContext/minimal-entity-using-@context.jsonld");
        entity["@context"] = new JsonArray(url);
        entity["A1"] = new JsonObject { ["type"] = "Property", ["value"] = "value of A1" };

        var expanded = NgsiLdDocument.ExpandEntity(entity, await resolver.ResolveAsync(entity["@context"], CancellationToken.None));

        Assert.True(expanded.ContainsKey("urn:ngsi-ld:attributes:A1"));
        Assert.Equal(LdContext.DefaultVocab + "Testing", expanded["type"]!.GetValue<string>());
    }
}
