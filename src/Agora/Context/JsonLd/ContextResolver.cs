using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Agora.Web;
using Microsoft.Extensions.Options;

namespace Agora.Context.JsonLd;

/// <summary>Turns @context values (a Link header URL, or the "@context" member of a body) into
/// <see cref="LdContext"/> term tables. Register as a singleton: it caches each context document by
/// URL for <see cref="ContextOptions.ContextCacheDuration"/>, and each whole @context value, so the
/// usual request (same Link header as the last thousand) costs one dictionary lookup.</summary>
public sealed partial class ContextResolver
{
    /// <summary>The named <see cref="HttpClient"/> used to fetch context documents.</summary>
    public const string HttpClientName = "ngsi-ld-contexts";

    const int MaxNesting = 16;
    const int MaxCachedValues = 1_000;      // whole @context values
    const int MaxCachedDocuments = 1_000;   // documents by URL
    // Whole-value cache keys longer than this are hashed: a client may send a large inline context,
    // and a thousand of them kept verbatim as keys would be a lot of memory for nothing.
    const int MaxKeyLength = 2_048;

    static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowDuplicateProperties = false,
    };

    readonly ContextOptions options;
    readonly IHttpClientFactory httpClientFactory;
    readonly ILogger<ContextResolver> logger;
    readonly TimeProvider time;

    readonly ConcurrentDictionary<string, CachedDocument> documents = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, Lazy<Task<JsonObject>>> loads = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, CachedContext> contexts = new(StringComparer.Ordinal);

    public ContextResolver(IOptions<ContextOptions> options, IHttpClientFactory httpClientFactory,
        ILogger<ContextResolver> logger, TimeProvider? time = null)
    {
        this.options = options.Value;
        this.httpClientFactory = httpClientFactory;
        this.logger = logger;
        this.time = time ?? TimeProvider.System;
        Core = CoreContext.Value;
    }

    /// <summary>The NGSI-LD core context (v1.9, built in): in effect on its own when a request has no @context.</summary>
    public LdContext Core { get; }

    static readonly Lazy<LdContext> CoreContext = new(LoadCore);

    [GeneratedRegex(@"^https?://uri\.etsi\.org/ngsi-ld/v1/ngsi-ld-core-context(-v1\.\d+(\.\d+)?)?\.jsonld$", RegexOptions.CultureInvariant)]
    private static partial Regex CoreContextUrl();

    /// <summary>Whether a URL names (some version of) the NGSI-LD core context. Those are never
    /// fetched: the built-in core answers for all of them, as every broker serves its own core.</summary>
    public static bool IsCoreContextUrl(string url) => CoreContextUrl().IsMatch(url);

    /// <summary>Resolves an @context value: null (the core alone), a URL string, an object of term
    /// definitions, or an array of those; URLs are loaded (from <see cref="ContextOptions.ContextFiles"/>
    /// or over HTTP), and the documents' own @context followed, up to 16 levels.</summary>
    /// <exception cref="LdContextException">The context is malformed, or a document is unavailable.</exception>
    public async ValueTask<LdContext> ResolveAsync(JsonNode? context, CancellationToken ct)
    {
        if (context is null) return Core;
        var key = CacheKey(context);
        var now = time.GetUtcNow();
        if (contexts.TryGetValue(key, out var cached) && cached.Expires > now) return cached.Context;

        var locals = new List<JsonObject?>();
        var expires = await FlattenAsync(context, null, [], locals, DateTimeOffset.MaxValue, ct);
        var builder = LdContextBuilder.OnTopOf(Core);
        foreach (var local in locals)
        {
            if (local is null) builder.Reset();
            else builder.Apply(local);
        }
        if (builder.IgnoredRedefinitions.Count > 0)
            logger.LogDebug("@context redefines protected core terms {Terms}; the core definitions are kept",
                string.Join(", ", builder.IgnoredRedefinitions.Distinct()));
        var resolved = builder.Build(context.DeepClone());

        if (contexts.Count >= MaxCachedValues) Trim(contexts, MaxCachedValues, now);
        contexts[key] = new CachedContext(resolved, expires);
        return resolved;
    }

    static string CacheKey(JsonNode context)
    {
        // The hot path is a Link header: a bare URL string needs no serialising.
        if (context is JsonValue v && v.TryGetValue<string>(out var url)) return url;
        var json = context.ToJsonString();
        if (json.Length <= MaxKeyLength) return json;
        return "sha256:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
    }

    static void Trim<T>(ConcurrentDictionary<string, T> cache, int capacity, DateTimeOffset now) where T : ICached
    {
        foreach (var (key, entry) in cache)
            if (entry.Expires <= now) cache.TryRemove(key, out _);
        // Still full: distinct contexts are coming faster than they repeat, so the cache is not
        // helping; start afresh rather than track recency on every hit of the hot path.
        if (cache.Count >= capacity) cache.Clear();
    }

    /// <summary>Appends the local context objects <paramref name="node"/> stands for, in order, to
    /// <paramref name="locals"/> (null: a reset); returns when the earliest document used expires.</summary>
    async ValueTask<DateTimeOffset> FlattenAsync(JsonNode? node, Uri? baseUrl, ImmutableList<string> chain,
        List<JsonObject?> locals, DateTimeOffset expires, CancellationToken ct)
    {
        switch (node)
        {
            case null:
                locals.Add(null);
                return expires;
            case JsonArray array:
                // JSON-LD forbids an array directly inside an @context array; flattening it instead
                // costs nothing and serves clients that build their contexts by concatenation.
                foreach (var item in array)
                    expires = await FlattenAsync(item, baseUrl, chain, locals, expires, ct);
                return expires;
            case JsonObject local:
                if (local.TryGetPropertyValue("@import", out var import))
                {
                    // @import merges the imported context under the local one; applying the imported
                    // definitions first and the local ones after gives the same terms.
                    if (import is not JsonValue iv || !iv.TryGetValue<string>(out var importUrl))
                        throw Invalid("@import must be a URL string");
                    expires = await FlattenUrlAsync(importUrl, baseUrl, chain, locals, expires, ct);
                }
                locals.Add(local);
                return expires;
            case JsonValue value when value.TryGetValue<string>(out var url):
                return await FlattenUrlAsync(url, baseUrl, chain, locals, expires, ct);
            default:
                throw Invalid("an @context must be a URL, an object, or an array of those");
        }
    }

    async ValueTask<DateTimeOffset> FlattenUrlAsync(string reference, Uri? baseUrl, ImmutableList<string> chain,
        List<JsonObject?> locals, DateTimeOffset expires, CancellationToken ct)
    {
        if (IsCoreContextUrl(reference)) return expires;   // always in effect already
        var url = AbsoluteUrl(reference, baseUrl);
        if (IsCoreContextUrl(url)) return expires;
        if (chain.Contains(url))
            throw Invalid($"@context {url} includes itself (through {string.Join(" → ", chain)})");
        if (chain.Count >= MaxNesting)
            throw Invalid($"@context documents nest deeper than {MaxNesting} levels");

        var now = time.GetUtcNow();
        if (!documents.TryGetValue(url, out var document) || document.Expires <= now)
        {
            var root = await LoadOnceAsync(url, ct);
            var nested = new List<JsonObject?>();
            var documentExpires = await FlattenAsync(root["@context"], new Uri(url), chain.Add(url), nested,
                now + options.ContextCacheDuration, ct);
            document = new CachedDocument(nested, documentExpires);
            if (documents.Count >= MaxCachedDocuments) Trim(documents, MaxCachedDocuments, now);
            documents[url] = document;
        }
        locals.AddRange(document.Locals);
        return document.Expires < expires ? document.Expires : expires;
    }

    string AbsoluteUrl(string reference, Uri? baseUrl)
    {
        if (options.ContextFiles.ContainsKey(reference)) return reference;
        if (Uri.TryCreate(reference, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
            return reference;
        if (baseUrl is not null && Uri.TryCreate(baseUrl, reference, out var relative) && relative.Scheme is "http" or "https")
            return relative.AbsoluteUri;
        throw Invalid($"@context reference \"{reference}\" is not an http(s) URL");
    }

    /// <summary>Loads a context document; concurrent requests for one URL share one load. Only the
    /// load is shared, not the following of the document's own references, so two documents that
    /// reference each other fail as a cycle instead of waiting on each other.</summary>
    async Task<JsonObject> LoadOnceAsync(string url, CancellationToken ct)
    {
        var lazy = loads.GetOrAdd(url, static (u, self) => new Lazy<Task<JsonObject>>(() => self.LoadAsync(u)), this);
        var load = lazy.Value;
        // Forget the load once it ends, however it ends: its result is kept in the document cache,
        // and a failure must not stick (the next request tries again).
        _ = load.ContinueWith(static (_, state) =>
        {
            var (loads, url, lazy) = ((ConcurrentDictionary<string, Lazy<Task<JsonObject>>>, string, Lazy<Task<JsonObject>>))state!;
            loads.TryRemove(KeyValuePair.Create(url, lazy));
        }, (loads, url, lazy), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        // The load runs under its own timeout, not this caller's token: other callers share it.
        return await load.WaitAsync(ct);
    }

    async Task<JsonObject> LoadAsync(string url)
    {
        var started = Stopwatch.GetTimestamp();
        byte[] bytes = options.ContextFiles.TryGetValue(url, out var path)
            ? await ReadFileAsync(url, path)
            : await FetchAsync(url);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(bytes, documentOptions: DocumentOptions);
        }
        catch (JsonException e)
        {
            throw Invalid($"@context {url} is not valid JSON ({e.Message})");
        }
        if (root is not JsonObject document || !document.ContainsKey("@context"))
            throw Invalid($"@context {url} is not a JSON-LD context document (a JSON object with an \"@context\" member)");
        // JsonNode builds its children lazily, which is not safe when several requests read the
        // cached document at once; building them all here, before it is shared, makes reads safe.
        Materialize(document);
        logger.LogInformation("Loaded @context {Url} ({Bytes} bytes, {Ms:0} ms)", url, bytes.Length,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return document;
    }

    async Task<byte[]> ReadFileAsync(string url, string path)
    {
        var file = new FileInfo(Path.GetFullPath(path));
        if (!file.Exists) throw Unavailable(url, $"its local file {file.FullName} does not exist");
        if (file.Length > options.MaxContextBytes) throw Unavailable(url, $"it is larger than {options.MaxContextBytes} bytes");
        return await File.ReadAllBytesAsync(file.FullName);
    }

    async Task<byte[]> FetchAsync(string url)
    {
        if (!options.FetchRemoteContexts) throw Unavailable(url, "fetching remote contexts is disabled");
        using var timeout = new CancellationTokenSource(options.ContextFetchTimeout);
        try
        {
            var client = httpClientFactory.CreateClient(HttpClientName);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/ld+json"));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
                throw Unavailable(url, $"it answered {(int)response.StatusCode} {response.ReasonPhrase}");
            if (response.Content.Headers.ContentLength > options.MaxContextBytes)
                throw Unavailable(url, $"it is larger than {options.MaxContextBytes} bytes");
            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, timeout.Token)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > options.MaxContextBytes)
                    throw Unavailable(url, $"it is larger than {options.MaxContextBytes} bytes");
            }
            return buffer.ToArray();
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw Unavailable(url, $"it did not answer within {options.ContextFetchTimeout.TotalSeconds:0.###} s");
        }
        catch (OperationCanceledException)
        {
            // HttpClient's own Timeout, if configured shorter than ours.
            throw Unavailable(url, "the request timed out");
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            var refused = e as PublicNetwork.RefusedException ?? e.InnerException as PublicNetwork.RefusedException;
            throw Unavailable(url, refused is null ? e.Message
                : $"{refused.Message} (map the URL to a file, or set Agora:Context:FetchFromPrivateNetworks=true for a context server on the intranet)");
        }
    }

    static void Materialize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, child) in o) Materialize(child);
                break;
            case JsonArray a:
                foreach (var child in a) Materialize(child);
                break;
        }
    }

    LdContextException Unavailable(string url, string why)
    {
        logger.LogWarning("@context {Url} is not available: {Reason}", url, why);
        return new LdContextException($"@context {url} could not be retrieved: {why}.", unavailable: true);
    }

    static LdContextException Invalid(string why) => new($"Invalid JSON-LD @context: {why}.", unavailable: false);

    static LdContext LoadCore()
    {
        using var stream = typeof(ContextResolver).Assembly.GetManifestResourceStream("Agora.Context.JsonLd.ngsi-ld-core-context-v1.9.jsonld")
            ?? throw new InvalidOperationException("The NGSI-LD core context is missing from the assembly's resources.");
        var document = JsonNode.Parse(stream)!.AsObject();
        var builder = LdContextBuilder.Empty();
        builder.Apply(document["@context"]!.AsObject());
        return builder.Build(null);
    }

    interface ICached
    {
        DateTimeOffset Expires { get; }
    }

    sealed record CachedDocument(List<JsonObject?> Locals, DateTimeOffset Expires) : ICached;

    sealed record CachedContext(LdContext Context, DateTimeOffset Expires) : ICached;
}
