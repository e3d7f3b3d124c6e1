using System.Text.Json.Nodes;
using Agora.Context.JsonLd;
using static Agora.Tests.Context.JsonLdTestSupport;

namespace Agora.Tests.Context;

/// <summary>Term tables (expansion, compaction, the core's precedence, malformed contexts) and
/// NgsiLdDocument's treatment of entities and attribute fragments.</summary>
public class JsonLdTests
{
    const string NgsiLd = "https://uri.etsi.org/ngsi-ld/";
    static readonly CancellationToken None = CancellationToken.None;

    static ValueTask<LdContext> Resolve(ContextResolver resolver, string json) => resolver.ResolveAsync(JsonNode.Parse(json), None);

    static async Task<LdContextException> Fails(ContextResolver resolver, JsonNode? context) =>
        await Assert.ThrowsAsync<LdContextException>(() => resolver.ResolveAsync(context, None).AsTask());

    [Theory]
    [InlineData("location", NgsiLd + "location")]
    [InlineData("scope", NgsiLd + "scope")]
    [InlineData("Property", NgsiLd + "Property")]
    [InlineData("containedBy", NgsiLd + "isContainedBy")]
    [InlineData("description", "http://purl.org/dc/terms/description")]
    [InlineData("ngsi-ld:foo", NgsiLd + "foo")]
    [InlineData("geojson:Point", "https://purl.org/geojson/vocab#Point")]
    [InlineData("urn:ngsi-ld:Thing:1", "urn:ngsi-ld:Thing:1")]
    [InlineData("http://example.org/speed", "http://example.org/speed")]
    [InlineData("ex:speed", "ex:speed")]
    [InlineData("speed", LdContext.DefaultVocab + "speed")]
    [InlineData("type", "@type")]
    public void Core_expands_terms_curies_absolute_iris_and_unknown_names(string term, string iri)
    {
        Assert.Equal(iri, Resolver().Core.ExpandTerm(term));
    }

    [Theory]
    [InlineData(NgsiLd + "location", "location")]
    [InlineData(NgsiLd + "isContainedBy", "containedBy")]
    [InlineData("http://purl.org/dc/terms/description", "description")]
    [InlineData(NgsiLd + "foo", "ngsi-ld:foo")]
    [InlineData("https://purl.org/geojson/vocab#Thing", "geojson:Thing")]
    [InlineData(LdContext.DefaultVocab + "speed", "speed")]
    [InlineData("urn:ngsi-ld:Thing:1", "urn:ngsi-ld:Thing:1")]
    [InlineData("http://example.org/speed", "http://example.org/speed")]
    [InlineData("@type", "type")]
    public void Core_compacts_iris_to_terms_vocabulary_names_and_curies(string iri, string compact)
    {
        Assert.Equal(compact, Resolver().Core.CompactIri(iri));
    }

    [Fact]
    public async Task Suite_context_adds_its_terms_over_the_core()
    {
        var context = await SuiteAsync(Resolver());

        Assert.Equal(Suite + "Building", context.ExpandTerm("Building"));
        Assert.Equal("Building", context.CompactIri(Suite + "Building"));
        Assert.Equal(NgsiLd + "location", context.ExpandTerm("location"));
        Assert.Equal(LdContext.DefaultVocab + "locatedAt", context.ExpandTerm("locatedAt"));
    }

    [Fact]
    public async Task Default_vocabulary_iri_whose_name_is_a_term_elsewhere_does_not_compact_to_that_term()
    {
        var context = await SuiteAsync(Resolver());
        var iri = LdContext.DefaultVocab + "name";   // "name" is the suite's term for another IRI

        var compact = context.CompactIri(iri);

        Assert.NotEqual("name", compact);
        Assert.Equal(iri, context.ExpandTerm(compact));
    }

    [Fact]
    public async Task Terms_may_use_prefixes_and_terms_defined_later_in_the_same_object()
    {
        var context = await Resolve(Resolver(), """{ "speed": "ex:speed", "Car": { "@id": "ex:Car", "@type": "@id" }, "ex": "http://example.org/" }""");

        Assert.Equal("http://example.org/speed", context.ExpandTerm("speed"));
        Assert.Equal("http://example.org/Car", context.ExpandTerm("Car"));
        Assert.Equal("http://example.org/other", context.ExpandTerm("ex:other"));
        Assert.Equal("ex:other", context.CompactIri("http://example.org/other"));
        Assert.Equal("speed", context.CompactIri("http://example.org/speed"));
    }

    [Fact]
    public async Task Terms_may_use_the_core_prefixes_and_earlier_contexts()
    {
        var context = await Resolve(Resolver(), """[ { "ex": "http://example.org/" }, { "myProp": "ngsi-ld:myProp", "alias": "ex:a", "Thing": "Property" } ]""");

        Assert.Equal(NgsiLd + "myProp", context.ExpandTerm("myProp"));
        Assert.Equal("http://example.org/a", context.ExpandTerm("alias"));
        Assert.Equal(NgsiLd + "Property", context.ExpandTerm("Thing"));
    }

    [Fact]
    public async Task Redefining_a_core_term_is_ignored_wherever_the_core_appears()
    {
        var resolver = Resolver();
        foreach (var json in new[]
        {
            """{ "location": "http://example.org/location", "ngsi-ld": "http://evil.example/" }""",
            """[ "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld", { "location": "http://example.org/location" } ]""",
            """[ { "location": { "@id": "http://example.org/location", "@type": "@id" } }, "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld" ]""",
        })
        {
            var context = await Resolve(resolver, json);

            Assert.Equal(NgsiLd + "location", context.ExpandTerm("location"));
            Assert.Equal(NgsiLd + "foo", context.ExpandTerm("ngsi-ld:foo"));
        }
    }

    [Fact]
    public async Task Among_terms_for_one_iri_the_shortest_compacts()
    {
        var context = await Resolve(Resolver(), """{ "loc": "https://uri.etsi.org/ngsi-ld/location", "zzz": "http://example.org/x", "aaa": "http://example.org/x" }""");

        Assert.Equal("loc", context.CompactIri(NgsiLd + "location"));
        Assert.Equal("aaa", context.CompactIri("http://example.org/x"));
        Assert.Equal(NgsiLd + "location", context.ExpandTerm("location"));
    }

    [Fact]
    public async Task User_vocab_is_ignored_and_null_terms_fall_back_to_the_default_vocabulary()
    {
        var context = await Resolve(Resolver(), """[ { "@vocab": "http://example.org/", "speed": "http://example.org/speed" }, { "speed": null } ]""");

        Assert.Equal(LdContext.DefaultVocab + "other", context.ExpandTerm("other"));
        Assert.Equal(LdContext.DefaultVocab + "speed", context.ExpandTerm("speed"));
    }

    [Fact]
    public async Task A_null_in_the_context_array_drops_earlier_user_terms_but_not_the_core()
    {
        var context = await Resolve(Resolver(), """[ { "speed": "http://example.org/speed" }, null, { "brand": "http://example.org/brand" } ]""");

        Assert.Equal(LdContext.DefaultVocab + "speed", context.ExpandTerm("speed"));
        Assert.Equal("http://example.org/brand", context.ExpandTerm("brand"));
        Assert.Equal(NgsiLd + "location", context.ExpandTerm("location"));
    }

    [Fact]
    public async Task Terms_of_a_protected_user_context_keep_their_first_definition()
    {
        var context = await Resolve(Resolver(), """[ { "@protected": true, "speed": "http://a.example/speed" }, { "speed": "http://b.example/speed" } ]""");

        Assert.Equal("http://a.example/speed", context.ExpandTerm("speed"));
    }

    [Fact]
    public async Task Vocab_values_expand_and_compact_with_the_context()
    {
        var context = await Resolve(Resolver(), """{ "monument": "http://example.org/monument" }""");

        Assert.Equal("http://example.org/monument", context.ExpandVocab("monument"));
        Assert.Equal(LdContext.DefaultVocab + "sightseeing", context.ExpandVocab("sightseeing"));
        Assert.Equal("monument", context.CompactVocab("http://example.org/monument"));
        Assert.Equal("sightseeing", context.CompactVocab(LdContext.DefaultVocab + "sightseeing"));
    }

    [Theory]
    [InlineData("""{ "a": "b:x", "b": "a:y" }""")]
    [InlineData("""{ "speed": 42 }""")]
    [InlineData("""{ "speed": ["http://example.org/speed"] }""")]
    [InlineData("""{ "speed": { "@id": 1 } }""")]
    [InlineData("""{ "speed": { "@id": "http://example.org/speed", "@container": "@bag" } }""")]
    [InlineData("""{ "speed": { "@id": "http://example.org/speed", "@type": 3 } }""")]
    [InlineData("""{ "speed": { "@id": "http://example.org/speed", "@protected": "yes" } }""")]
    [InlineData("""{ "@vocab": 5 }""")]
    [InlineData("""{ "ctx": "@context" }""")]
    [InlineData("42")]
    [InlineData("true")]
    [InlineData("""[ "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld", 7 ]""")]
    [InlineData("\"ContextURI\"")]
    [InlineData("\"ftp://example.org/context.jsonld\"")]
    public async Task Malformed_context_is_a_bad_request(string json)
    {
        var e = await Fails(Resolver(), JsonNode.Parse(json));

        Assert.False(e.Unavailable);
    }

    [Fact]
    public async Task Entity_expansion_maps_names_types_and_vocab_values_but_not_values()
    {
        var context = await Resolve(Resolver(), """{ "ex": "http://example.org/", "Car": "ex:Car", "speed": "ex:speed", "monument": "ex:monument", "Parking": "ex:Parking" }""");
        var entity = JsonNode.Parse("""
            {
              "id": "urn:ngsi-ld:Car:1",
              "type": ["Car", "Thing"],
              "scope": "/Madrid",
              "location": { "type": "GeoProperty", "value": { "type": "Point", "coordinates": [1, 2] } },
              "speed": [
                { "type": "Property", "value": { "speed": 1, "type": "x" }, "datasetId": "urn:a", "source": { "type": "Property", "value": "GPS" } },
                { "type": "Property", "value": 2 }
              ],
              "kind": { "type": "VocabProperty", "vocab": ["monument", "other"] },
              "parkedAt": { "type": "Relationship", "object": "urn:ngsi-ld:Parking:1", "objectType": "Parking" },
              "payload": { "type": "JsonProperty", "json": { "speed": 3, "id": "x" } },
              "@context": "ignored here"
            }
            """)!.AsObject();

        var expanded = NgsiLdDocument.ExpandEntity(entity, context);

        var expected = JsonNode.Parse($$"""
            {
              "id": "urn:ngsi-ld:Car:1",
              "type": ["http://example.org/Car", "{{LdContext.DefaultVocab}}Thing"],
              "{{NgsiLd}}scope": "/Madrid",
              "{{NgsiLd}}location": { "type": "GeoProperty", "value": { "type": "Point", "coordinates": [1, 2] } },
              "http://example.org/speed": [
                { "type": "Property", "value": { "speed": 1, "type": "x" }, "datasetId": "urn:a", "{{LdContext.DefaultVocab}}source": { "type": "Property", "value": "GPS" } },
                { "type": "Property", "value": 2 }
              ],
              "{{LdContext.DefaultVocab}}kind": { "type": "VocabProperty", "vocab": ["http://example.org/monument", "{{LdContext.DefaultVocab}}other"] },
              "{{LdContext.DefaultVocab}}parkedAt": { "type": "Relationship", "object": "urn:ngsi-ld:Parking:1", "objectType": "http://example.org/Parking" },
              "{{LdContext.DefaultVocab}}payload": { "type": "JsonProperty", "json": { "speed": 3, "id": "x" } }
            }
            """);
        Assert.True(JsonNode.DeepEquals(expected, expanded), expanded.ToJsonString());
        var back = NgsiLdDocument.CompactEntity(expanded, context);
        entity.Remove("@context");
        Assert.True(JsonNode.DeepEquals(entity, back), back.ToJsonString());
    }

    [Fact]
    public async Task Two_names_for_one_attribute_become_one_multi_attribute()
    {
        var context = await SuiteAsync(Resolver());
        var fragment = JsonNode.Parse($$"""
            {
              "speed": { "type": "Property", "value": 1 },
              "{{Suite}}speed": [ { "type": "Property", "value": 2, "datasetId": "urn:b" } ]
            }
            """)!.AsObject();

        var expanded = NgsiLdDocument.ExpandAttributes(fragment, context);

        Assert.Single(expanded);
        Assert.Equal(2, expanded[Suite + "speed"]!.AsArray().Count);
    }

    [Fact]
    public async Task Attributes_fragment_passes_id_and_type_through()
    {
        var context = await SuiteAsync(Resolver());
        var fragment = JsonNode.Parse("""{ "type": "Building", "id": "urn:x", "name": { "type": "Property", "value": "n" }, "@context": [] }""")!.AsObject();

        var expanded = NgsiLdDocument.ExpandAttributes(fragment, context);

        Assert.Equal("Building", expanded["type"]!.GetValue<string>());
        Assert.Equal("urn:x", expanded["id"]!.GetValue<string>());
        Assert.True(expanded.ContainsKey(Suite + "name"));
        Assert.False(expanded.ContainsKey("@context"));
    }
}
