using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Agora.Tests.Context;

/// <summary>The ETSI NGSI-LD conformance fixtures in ../shared/standards, and the URLs they name.</summary>
public static class Etsi
{
    public const string SuiteContexts = "https://forge.etsi.org/rep/cim/ngsi-ld-test-suite/-/raw/develop/resources/jsonld-contexts/";
    public const string CompoundContext = SuiteContexts + "ngsi-ld-test-suite-compound.jsonld";
    public const string CoreContext = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.9.jsonld";

    public static string Root { get; } = FindRoot();

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Agora.slnx")))
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "standards", "ngsi-ld", "etsi-test-data"));
        throw new InvalidOperationException("Agora.slnx not found above the test binaries.");
    }

    public static string Text(string path) => File.ReadAllText(Path.Combine(Root, path));

    public static JsonObject Json(string path) => JsonNode.Parse(Text(path))!.AsObject();

    /// <summary>A fixture with its placeholder id replaced, so tests do not collide.</summary>
    public static JsonObject Entity(string path, string id)
    {
        var entity = Json(path);
        entity["id"] = id;
        return entity;
    }
}

/// <summary>An NGSI-LD client over the test server: JSON-LD or JSON with a Link header, a tenant.</summary>
public sealed class NgsiClient(HttpClient http, string? tenant = null)
{
    public HttpClient Http => http;

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, JsonNode? body = null, string? link = null,
        string contentType = "application/ld+json", string? accept = null, string? rawBody = null)
    {
        var request = new HttpRequestMessage(method, "/ngsi-ld/v1" + path);
        if (body is not null || rawBody is not null)
        {
            request.Content = new StringContent(rawBody ?? body!.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        if (link is not null) request.Headers.TryAddWithoutValidation("Link", $"<{link}>; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"");
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        if (tenant is not null) request.Headers.Add("NGSILD-Tenant", tenant);
        return http.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostAsync(string path, JsonNode body) => SendAsync(HttpMethod.Post, path, body);

    public Task<HttpResponseMessage> GetAsync(string path, string? link = null, string? accept = null) =>
        SendAsync(HttpMethod.Get, path, link: link, accept: accept);

    public async Task CreateAsync(JsonObject entity)
    {
        var response = await PostAsync("/entities", entity);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    public async Task<JsonNode> JsonAsync(string path, string? link = Etsi.CompoundContext, HttpStatusCode status = HttpStatusCode.OK)
    {
        var response = await GetAsync(path, link);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }
}

static class NgsiAssert
{
    /// <summary>Asserts an NGSI-LD error: the status and the ETSI problem type.</summary>
    public static async Task<JsonObject> ErrorAsync(this HttpResponseMessage response, HttpStatusCode status, string type)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        var body = JsonNode.Parse(text)!.AsObject();
        Assert.Equal("https://uri.etsi.org/ngsi-ld/errors/" + type, body["type"]?.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["title"]?.GetValue<string>()));
        Assert.DoesNotContain("   at ", text);
        Assert.DoesNotContain("Exception", text);
        return body;
    }

    /// <summary>Equal as JSON, member order aside.</summary>
    public static void Same(JsonNode? expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(Sorted(expected), Sorted(actual)), $"Expected {expected?.ToJsonString()}\nActual   {actual?.ToJsonString()}");

    static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, Sorted(kv.Value)))),
        JsonArray a => new JsonArray(a.Select(Sorted).ToArray()),
        _ => node?.DeepClone(),
    };
}
