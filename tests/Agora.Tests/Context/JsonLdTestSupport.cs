using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Agora.Context.JsonLd;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Agora.Tests.Context;

/// <summary>Builds resolvers that find the ETSI suite's contexts on disk (../shared next to the repo)
/// and whose HTTP goes to a handler the test controls.</summary>
static class JsonLdTestSupport
{
    public const string SuiteBase = "https://forge.etsi.org/rep/cim/ngsi-ld-test-suite/-/raw/develop/resources/jsonld-contexts/";
    public const string SuiteContext = SuiteBase + "ngsi-ld-test-suite.jsonld";
    public const string SuiteCompound = SuiteBase + "ngsi-ld-test-suite-compound.jsonld";
    // One fixture (country-simple-attributes) names a copy of the suite's compound context kept elsewhere.
    public const string EgmCompound = "https://easy-global-market.github.io/ngsild-api-data-models/ngsildTestSuite/ngsildTestSuiteV1.8-compound.jsonld";
    public const string Suite = "https://ngsi-ld-test-suite/context#";

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string EtsiData { get; } = Path.Combine(FindShared(), "standards", "ngsi-ld", "etsi-test-data");

    public static string EtsiFile(string relative) => Path.Combine(EtsiData, relative);

    public static JsonObject ReadObject(string relative) => JsonNode.Parse(File.ReadAllText(EtsiFile(relative)))!.AsObject();

    public static ContextResolver Resolver(HttpMessageHandler? handler = null, Action<ContextOptions>? configure = null, TimeProvider? time = null)
    {
        var options = new ContextOptions
        {
            ContextFiles = new Dictionary<string, string>
            {
                [SuiteContext] = EtsiFile("jsonld-contexts/ngsi-ld-test-suite.jsonld"),
                [SuiteCompound] = EtsiFile("jsonld-contexts/ngsi-ld-test-suite-compound.jsonld"),
                [EgmCompound] = EtsiFile("jsonld-contexts/ngsi-ld-test-suite-compound.jsonld"),
            },
        };
        configure?.Invoke(options);
        return new ContextResolver(Options.Create(options), new HandlerClientFactory(handler ?? new StubHandler()),
            NullLogger<ContextResolver>.Instance, time);
    }

    public static async Task<LdContext> SuiteAsync(ContextResolver resolver) =>
        await resolver.ResolveAsync(JsonValue.Create(SuiteCompound), CancellationToken.None);

    /// <summary>The shared folder sits next to the main checkout (../shared); a git worktree kept
    /// deeper (/work/wt/name) finds it further up, so look in each ancestor.</summary>
    static string FindShared()
    {
        for (var dir = new DirectoryInfo(RepoRoot).Parent; dir is not null; dir = dir.Parent)
        {
            var shared = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(shared, "standards"))) return shared;
        }
        throw new InvalidOperationException($"Cannot find the shared folder (../shared/standards) above {RepoRoot}.");
    }

    static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Agora.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (Agora.slnx).");
    }
}

sealed class HandlerClientFactory(HttpMessageHandler handler) : IHttpClientFactory
{
    public List<string> Names { get; } = [];

    public HttpClient CreateClient(string name)
    {
        lock (Names) Names.Add(name);
        return new HttpClient(handler, disposeHandler: false);
    }
}

/// <summary>Serves JSON documents by URL, counts requests, answers 404 for anything else.</summary>
sealed class StubHandler : HttpMessageHandler
{
    readonly Dictionary<string, Func<HttpResponseMessage>> routes = new(StringComparer.Ordinal);
    int requests;

    public TimeSpan Delay { get; set; }

    public int Requests => Volatile.Read(ref requests);

    public List<HttpRequestMessage> Seen { get; } = [];

    public StubHandler Serve(string url, string json) =>
        Serve(url, () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/ld+json") });

    public StubHandler Serve(string url, HttpStatusCode status) => Serve(url, () => new HttpResponseMessage(status));

    public StubHandler Serve(string url, Func<HttpResponseMessage> respond)
    {
        routes[url] = respond;
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref requests);
        lock (Seen) Seen.Add(request);
        if (Delay > TimeSpan.Zero) await Task.Delay(Delay, cancellationToken);
        return routes.TryGetValue(request.RequestUri!.AbsoluteUri, out var respond)
            ? respond()
            : new HttpResponseMessage(HttpStatusCode.NotFound);
    }
}

sealed class ManualTime : TimeProvider
{
    public DateTimeOffset Now { get; set; } = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;
}
