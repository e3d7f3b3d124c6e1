using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Agora.Context.JsonLd;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static Agora.Tests.Context.JsonLdTestSupport;

namespace Agora.Tests.Context;

public class JsonLdTests
{
    const string NgsiLd = "https://uri.etsi.org/ngsi-ld/";
    static readonly CancellationToken None = CancellationToken.None;

    static ValueTask<LdContext> Resolve(ContextResolver resolver, string json) => resolver.ResolveAsync(JsonNode.Parse(json), None);

    static async Task<LdContextException> Fails(ContextResolver resolver, JsonNode? context) =>
        await Assert.ThrowsAsync<LdContextException>(() => resolver.ResolveAsync(context, None).AsTask());

    // --- terms ---

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

    // --- core URLs ---

    [Theory]
    [InlineData("https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld", true)]
    [InlineData("https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.3.jsonld", true)]
    [InlineData("https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld", true)]
    [InlineData("https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.9.jsonld", true)]
    [InlineData("https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.12.jsonld", true)]
    [InlineData("https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-non-existing.jsonld", false)]
    [InlineData("https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld.evil", false)]
    [InlineData("https://example.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld", false)]
    public void Core_context_urls_are_recognised(string url, bool isCore)
    {
        Assert.Equal(isCore, ContextResolver.IsCoreContextUrl(url));
    }

    [Fact]
    public async Task Core_url_is_never_fetched_and_is_echoed_back()
    {
        var handler = new StubHandler();
        var resolver = Resolver(handler);
        var link = JsonValue.Create("https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.6.jsonld");

        var context = await resolver.ResolveAsync(link, None);

        Assert.Equal(0, handler.Requests);
        Assert.Equal(NgsiLd + "location", context.ExpandTerm("location"));
        Assert.True(JsonNode.DeepEquals(link, context.Source));
    }

    [Fact]
    public async Task No_context_is_the_core_alone()
    {
        var resolver = Resolver();

        var context = await resolver.ResolveAsync(null, None);

        Assert.Same(resolver.Core, context);
        Assert.Null(context.Source);
    }

    [Fact]
    public async Task Source_is_the_given_context_detached_from_the_request()
    {
        var body = JsonNode.Parse("""{ "id": "urn:x", "@context": [ { "speed": "http://example.org/speed" } ] }""")!.AsObject();

        var context = await Resolver().ResolveAsync(body["@context"], None);
        body.Remove("@context");

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""[ { "speed": "http://example.org/speed" } ]"""), context.Source));
        Assert.Null(context.Source!.Parent);
    }

    // --- remote documents and caches ---

    [Fact]
    public async Task Remote_context_is_fetched_once_with_the_named_client_and_json_ld_accept()
    {
        var handler = new StubHandler().Serve("http://ctx.example/a.jsonld", """{ "@context": { "speed": "http://example.org/speed" } }""");
        var factory = new HandlerClientFactory(handler);
        var resolver = new ContextResolver(Options.Create(new ContextOptions()), factory, NullLogger<ContextResolver>.Instance);

        var first = await resolver.ResolveAsync(JsonValue.Create("http://ctx.example/a.jsonld"), None);
        var second = await resolver.ResolveAsync(JsonValue.Create("http://ctx.example/a.jsonld"), None);
        var inArray = await resolver.ResolveAsync(JsonNode.Parse("""[ "http://ctx.example/a.jsonld", { "x": "http://example.org/x" } ]"""), None);

        Assert.Same(first, second);
        Assert.Equal("http://example.org/speed", inArray.ExpandTerm("speed"));
        Assert.Equal(1, handler.Requests);
        Assert.Equal([ContextResolver.HttpClientName], factory.Names);
        var accept = handler.Seen[0].Headers.Accept.Select(a => a.MediaType).ToList();
        Assert.Equal(["application/ld+json", "application/json"], accept);
    }

    [Fact]
    public async Task Remote_context_is_fetched_again_after_the_cache_duration()
    {
        var handler = new StubHandler().Serve("http://ctx.example/a.jsonld", """{ "@context": { "speed": "http://example.org/speed" } }""");
        var time = new ManualTime();
        var resolver = Resolver(handler, o => o.ContextCacheDuration = TimeSpan.FromMinutes(10), time);

        await resolver.ResolveAsync(JsonValue.Create("http://ctx.example/a.jsonld"), None);
        time.Now += TimeSpan.FromMinutes(9);
        await resolver.ResolveAsync(JsonValue.Create("http://ctx.example/a.jsonld"), None);
        Assert.Equal(1, handler.Requests);
        time.Now += TimeSpan.FromMinutes(2);
        await resolver.ResolveAsync(JsonValue.Create("http://ctx.example/a.jsonld"), None);

        Assert.Equal(2, handler.Requests);
    }

    [Fact]
    public async Task Concurrent_requests_for_one_url_fetch_it_once()
    {
        var handler = new StubHandler { Delay = TimeSpan.FromMilliseconds(200) }
            .Serve("http://ctx.example/a.jsonld", """{ "@context": { "speed": "http://example.org/speed" } }""");
        var resolver = Resolver(handler);

        // Different values, so the whole-value cache cannot be what saves the fetches.
        var contexts = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            resolver.ResolveAsync(JsonNode.Parse($$"""[ "http://ctx.example/a.jsonld", { "t{{i}}": "http://example.org/t{{i}}" } ]"""), None).AsTask()));

        Assert.Equal(1, handler.Requests);
        Assert.All(contexts, c => Assert.Equal("http://example.org/speed", c.ExpandTerm("speed")));
    }

    [Fact]
    public async Task Nested_remote_contexts_are_followed_including_relative_references()
    {
        var handler = new StubHandler()
            .Serve("http://ctx.example/compound.jsonld", """{ "@context": [ "http://ctx.example/base.jsonld", "more/extra.jsonld", "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld" ] }""")
            .Serve("http://ctx.example/base.jsonld", """{ "@context": { "ex": "http://example.org/", "speed": "ex:speed" } }""")
            .Serve("http://ctx.example/more/extra.jsonld", """{ "@context": { "brand": "ex:brand" } }""");
        var resolver = Resolver(handler);

        var context = await resolver.ResolveAsync(JsonValue.Create("http://ctx.example/compound.jsonld"), None);

        Assert.Equal("http://example.org/speed", context.ExpandTerm("speed"));
        Assert.Equal("http://example.org/brand", context.ExpandTerm("brand"));
        Assert.Equal(3, handler.Requests);
    }

    [Fact]
    public async Task Context_documents_that_include_each_other_are_a_bad_request()
    {
        var handler = new StubHandler()
            .Serve("http://ctx.example/a.jsonld", """{ "@context": [ "http://ctx.example/b.jsonld", { "x": "http://example.org/x" } ] }""")
            .Serve("http://ctx.example/b.jsonld", """{ "@context": [ "http://ctx.example/a.jsonld" ] }""");

        var e = await Fails(Resolver(handler), JsonValue.Create("http://ctx.example/a.jsonld"));

        Assert.False(e.Unavailable);
        Assert.Contains("itself", e.Message);
    }

    [Fact]
    public async Task Context_documents_may_nest_sixteen_deep_but_not_seventeen()
    {
        var handler = new StubHandler();
        for (var i = 1; i <= 17; i++)
            handler.Serve($"http://ctx.example/{i}.jsonld", i == 17
                ? """{ "@context": { "deep": "http://example.org/deep" } }"""
                : $$"""{ "@context": "http://ctx.example/{{i + 1}}.jsonld" }""");

        var ok = await Resolver(handler).ResolveAsync(JsonValue.Create("http://ctx.example/2.jsonld"), None);
        var e = await Fails(Resolver(handler), JsonValue.Create("http://ctx.example/1.jsonld"));

        Assert.Equal("http://example.org/deep", ok.ExpandTerm("deep"));
        Assert.False(e.Unavailable);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task Context_url_answering_an_error_is_unavailable(HttpStatusCode status)
    {
        var handler = new StubHandler().Serve("http://ctx.example/a.jsonld", status);

        var e = await Fails(Resolver(handler), JsonNode.Parse("""[ "http://ctx.example/a.jsonld" ]"""));

        Assert.True(e.Unavailable);
        Assert.Contains("http://ctx.example/a.jsonld", e.Message);
    }

    [Fact]
    public async Task Failed_fetch_is_not_remembered()
    {
        var handler = new StubHandler();
        var resolver = Resolver(handler);
        await Fails(resolver, JsonValue.Create("http://ctx.example/late.jsonld"));

        handler.Serve("http://ctx.example/late.jsonld", """{ "@context": { "late": "http://example.org/late" } }""");
        var context = await resolver.ResolveAsync(JsonValue.Create("http://ctx.example/late.jsonld"), None);

        Assert.Equal("http://example.org/late", context.ExpandTerm("late"));
    }

    [Fact]
    public async Task Unretrievable_context_fixture_is_unavailable()
    {
        var entity = ReadObject("entities/building-unretrievable-context.jsonld");

        var e = await Fails(Resolver(), entity["@context"]);

        Assert.True(e.Unavailable);
    }

    [Fact]
    public async Task Slow_context_url_is_unavailable_after_the_timeout()
    {
        var handler = new StubHandler { Delay = TimeSpan.FromSeconds(10) }.Serve("http://ctx.example/slow.jsonld", """{ "@context": {} }""");
        var resolver = Resolver(handler, o => o.ContextFetchTimeout = TimeSpan.FromMilliseconds(200));

        var e = await Fails(resolver, JsonValue.Create("http://ctx.example/slow.jsonld"));

        Assert.True(e.Unavailable);
    }

    [Fact]
    public async Task Context_larger_than_the_limit_is_unavailable()
    {
        var big = $$"""{ "@context": { "speed": "http://example.org/speed" }, "padding": "{{new string('x', 5_000)}}" }""";
        var handler = new StubHandler().Serve("http://ctx.example/big.jsonld", big);
        var resolver = Resolver(handler, o => o.MaxContextBytes = 1_000);

        var e = await Fails(resolver, JsonValue.Create("http://ctx.example/big.jsonld"));

        Assert.True(e.Unavailable);
    }

    [Fact]
    public async Task Remote_fetching_can_be_switched_off()
    {
        var handler = new StubHandler().Serve("http://ctx.example/a.jsonld", """{ "@context": {} }""");
        var resolver = Resolver(handler, o => o.FetchRemoteContexts = false);

        var e = await Fails(resolver, JsonValue.Create("http://ctx.example/a.jsonld"));

        Assert.True(e.Unavailable);
        Assert.Equal(0, handler.Requests);
        Assert.NotNull(await SuiteAsync(resolver));   // local files still resolve
    }

    [Fact]
    public async Task Remote_document_that_is_not_json_or_not_a_context_is_a_bad_request()
    {
        var handler = new StubHandler()
            .Serve("http://ctx.example/html", "<html>not json</html>")
            .Serve("http://ctx.example/plain.json", """{ "speed": "http://example.org/speed" }""")
            .Serve("http://ctx.example/dup.json", """{ "@context": { "a": "http://example.org/a" }, "@context": {} }""");
        var resolver = Resolver(handler);

        foreach (var url in new[] { "http://ctx.example/html", "http://ctx.example/plain.json", "http://ctx.example/dup.json" })
            Assert.False((await Fails(resolver, JsonValue.Create(url))).Unavailable, url);
    }

    [Fact]
    public async Task Closed_port_on_localhost_is_unavailable()
    {
        // Bind then release a port so nothing listens on it.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var real = new SocketsHttpHandler();
        var resolver = Resolver(real);

        var e = await Fails(resolver, JsonValue.Create($"http://127.0.0.1:{port}/context.jsonld"));

        Assert.True(e.Unavailable);
    }

    [Fact]
    public async Task Missing_local_context_file_is_unavailable()
    {
        var resolver = Resolver(configure: o => o.ContextFiles["http://ctx.example/gone.jsonld"] = "/nonexistent/gone.jsonld");

        Assert.True((await Fails(resolver, JsonValue.Create("http://ctx.example/gone.jsonld"))).Unavailable);
    }

    [Fact]
    public async Task Same_context_value_resolves_to_the_same_instance()
    {
        var resolver = Resolver();

        var a = await Resolve(resolver, """[ { "speed": "http://example.org/speed" } ]""");
        var b = await Resolve(resolver, """[ { "speed": "http://example.org/speed" } ]""");

        Assert.Same(a, b);
    }

    // --- documents ---

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
