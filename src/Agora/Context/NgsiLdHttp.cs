using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Agora.Context.JsonLd;
using Microsoft.Net.Http.Headers;

namespace Agora.Context;

/// <summary>What every NGSI-LD request shares: the tenant, the @context (from the Link header or the
/// body, as §6.3.5 says), content negotiation and how answers carry their @context back.</summary>
public static class NgsiLdHttp
{
    public const string JsonLd = "application/ld+json";
    public const string Json = "application/json";
    public const string GeoJson = "application/geo+json";
    public const string MergePatch = "application/merge-patch+json";
    public const string ContextRel = "http://www.w3.org/ns/json-ld#context";
    public const string CoreContextUrl = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.9.jsonld";
    public const string TenantHeader = "NGSILD-Tenant";

    /// <summary>The tenant named by <c>NGSILD-Tenant</c>; "" for the default tenant.</summary>
    public static string Tenant(HttpContext http)
    {
        var tenant = http.Request.Headers[TenantHeader].ToString().Trim();
        if (tenant.Length > 256 || tenant.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/' or ':')))
            throw NgsiLdException.BadData("NGSILD-Tenant must be at most 256 letters, digits and _ - . / :");
        return tenant;
    }

    /// <summary>Reads a JSON body and the @context it is to be read with. <c>application/json</c> takes
    /// the context from the Link header (and must not hold one in the body); <c>application/ld+json</c>
    /// holds it in the body (and must not send a Link header).</summary>
    public static async Task<(JsonNode Body, LdContext Context)> ReadBodyAsync(HttpContext http, ContextResolver resolver, bool allowMergePatch = false, bool contextOptional = false)
    {
        var contentType = MediaType(http.Request.ContentType);
        var ldJson = contentType == JsonLd;
        if (!ldJson && contentType != Json && !(allowMergePatch && contentType == MergePatch))
            throw new NgsiLdException(NgsiLdError.UnsupportedMediaType,
                $"Content-Type must be {Json} or {JsonLd}{(allowMergePatch ? $" or {MergePatch}" : "")}, not '{http.Request.ContentType}'.");

        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(http.Request.Body, new JsonNodeOptions { PropertyNameCaseInsensitive = false },
                new JsonDocumentOptions { MaxDepth = 64 }, http.RequestAborted);
        }
        catch (JsonException)
        {
            throw new NgsiLdException(NgsiLdError.InvalidRequest, "The request body is not valid JSON.");
        }
        if (body is null) throw new NgsiLdException(NgsiLdError.InvalidRequest, "The request body is empty or null.");

        var link = LinkedContextUrl(http.Request);
        JsonNode? contextValue;
        if (ldJson)
        {
            if (link is not null)
                throw NgsiLdException.BadData("A JSON-LD @context must not be given in a Link header when the Content-Type is application/ld+json.");
            contextValue = BodyContext(body);
            if (contextValue is null && !contextOptional)
                throw NgsiLdException.BadData("An application/ld+json body must hold its @context.");
        }
        else
        {
            if (BodyContext(body) is not null)
                throw NgsiLdException.BadData("An application/json body must not hold an @context; send it in a Link header or use application/ld+json.");
            contextValue = link is null ? null : JsonValue.Create(link);
        }
        return (body, await resolver.ResolveAsync(contextValue?.DeepClone(), http.RequestAborted));
    }

    /// <summary>The context of a request without a body (GET, DELETE): the Link header's, or the core.</summary>
    public static ValueTask<LdContext> RequestContextAsync(HttpContext http, ContextResolver resolver) =>
        LinkedContextUrl(http.Request) is { } url ? resolver.ResolveAsync(JsonValue.Create(url), http.RequestAborted) : ValueTask.FromResult(resolver.Core);

    static JsonNode? BodyContext(JsonNode body) => body switch
    {
        JsonObject o => o["@context"],
        // Batch bodies: each entity holds its own @context; the first one says what they use.
        JsonArray { Count: > 0 } a when a[0] is JsonObject first => first["@context"],
        _ => null,
    };

    static string? LinkedContextUrl(HttpRequest request)
    {
        var header = request.Headers.Link.ToString();
        if (string.IsNullOrWhiteSpace(header)) return null;
        foreach (var part in header.Split(','))
        {
            var segments = part.Split(';', StringSplitOptions.TrimEntries);
            if (segments.Length == 0 || !segments[0].StartsWith('<') || !segments[0].EndsWith('>')) continue;
            var rel = segments.Skip(1).Select(s => s.Split('=', 2)).FirstOrDefault(kv => kv.Length == 2 && kv[0].Equals("rel", StringComparison.OrdinalIgnoreCase));
            if (rel is not null && rel[1].Trim('"') == ContextRel) return segments[0][1..^1];
        }
        throw NgsiLdException.BadData($"The Link header must name a JSON-LD context: <url>; rel=\"{ContextRel}\"; type=\"{JsonLd}\".");
    }

    static string MediaType(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed) ? parsed.MediaType.ToString().ToLowerInvariant() : "";

    /// <summary>Which representation the client accepts: JSON (context in a Link header), JSON-LD
    /// (context in the body) or, where <paramref name="geoJson"/> allows it, GeoJSON. 406 otherwise.</summary>
    public static string Negotiate(HttpContext http, bool geoJson = false)
    {
        var accept = http.Request.Headers.Accept.ToString();
        if (string.IsNullOrWhiteSpace(accept)) return Json;
        if (!MediaTypeHeaderValue.TryParseList([accept], out var types))
            throw new NgsiLdException(NgsiLdError.NotAcceptable, $"The Accept header '{accept}' cannot be read.");
        foreach (var type in types.OrderByDescending(t => t.Quality ?? 1))
        {
            if (type.Quality == 0) continue;
            var media = type.MediaType.ToString().ToLowerInvariant();
            if (media is Json or JsonLd) return media;
            if (media == GeoJson && geoJson) return GeoJson;
            if (media is "*/*" or "application/*") return Json;
        }
        throw new NgsiLdException(NgsiLdError.NotAcceptable,
            $"This resource can be given as {Json} or {JsonLd}{(geoJson ? $" or {GeoJson}" : "")}; the Accept header asks for '{accept}'.");
    }

    /// <summary>The context value an answer names: the client's own if it gave a URL or a document,
    /// the core context otherwise.</summary>
    public static JsonNode ContextValue(LdContext context) => context.Source?.DeepClone() ?? JsonValue.Create(CoreContextUrl);

    /// <summary>Writes a JSON answer with its context: in the body for JSON-LD, in a Link header for JSON.</summary>
    public static IResult Answer(HttpContext http, JsonNode body, LdContext context, string mediaType, int status = StatusCodes.Status200OK)
    {
        if (mediaType == JsonLd)
        {
            switch (body)
            {
                case JsonObject o: o["@context"] = ContextValue(context); break;
                case JsonArray a:
                    foreach (var item in a.OfType<JsonObject>()) item["@context"] = ContextValue(context);
                    break;
            }
        }
        else
        {
            var url = context.Source is JsonValue v && v.TryGetValue<string>(out var s) ? s : CoreContextUrl;
            http.Response.Headers.Link = $"<{url}>; rel=\"{ContextRel}\"; type=\"{JsonLd}\"";
        }
        return new JsonNodeResult(body, mediaType, status);
    }

    sealed class JsonNodeResult(JsonNode body, string mediaType, int status) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = status;
            http.Response.ContentType = mediaType;
            var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
            http.Response.ContentLength = bytes.Length;
            await http.Response.Body.WriteAsync(bytes, http.RequestAborted);
        }
    }
}
