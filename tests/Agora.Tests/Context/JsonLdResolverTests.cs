using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Agora.Context.JsonLd;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static Agora.Tests.Context.JsonLdTestSupport;

namespace Agora.Tests.Context;

/// <summary>ContextResolver: core URLs, remote and local documents, failures, caches.</summary>
public class JsonLdResolverTests
{
    const string NgsiLd = "https://uri.etsi.org/ngsi-ld/";
    static readonly CancellationToken None = CancellationToken.None;

    static ValueTask<LdContext> Resolve(ContextResolver resolver, string json) => resolver.ResolveAsync(JsonNode.Parse(json), None);

    static async Task<LdContextException> Fails(ContextResolver resolver, JsonNode? context) =>
        await Assert.ThrowsAsync<LdContextException>(() => resolver.ResolveAsync(context, None).AsTask());

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
}
