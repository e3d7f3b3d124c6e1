using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Agora.Catalog.Ckan;

/// <summary>One call of an action: its parameters, read the way CKAN reads them, and the caller.</summary>
public sealed class CkanRequest(JsonObject data, IFormFileCollection files, ClaimsPrincipal caller)
{
    public JsonObject Data { get; } = data;
    public IFormFileCollection Files { get; } = files;
    public ClaimsPrincipal Caller { get; } = caller;

    public bool Has(string key) => Data.ContainsKey(key);

    /// <summary>A parameter as text; numbers and booleans sent in JSON are taken as their text.</summary>
    public string? String(string key) => Data[key] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v => v.ToJsonString(),
        var other => other.ToJsonString(),
    };

    public bool Bool(string key, bool fallback = false) => Data[key] switch
    {
        null => fallback,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<string>(out var s) => s.Trim().ToLowerInvariant() switch
        {
            "true" or "1" or "yes" or "on" => true,
            "false" or "0" or "no" or "off" or "" => false,
            _ => throw CkanException.Validation(key, "Value must be one of: true, false"),
        },
        _ => throw CkanException.Validation(key, "Value must be one of: true, false"),
    };

    public int? Int(string key, int min = 0, int max = int.MaxValue)
    {
        var node = Data[key];
        if (node is null) return null;
        int value;
        if (node is JsonValue v && v.TryGetValue<int>(out var i)) value = i;
        else if (node is JsonValue t && t.TryGetValue<string>(out var s) && int.TryParse(s.Trim(), out var parsed)) value = parsed;
        else throw CkanException.Validation(key, "Invalid integer");
        if (value < min) throw CkanException.Validation(key, min == 0 ? "Must be a natural number" : $"Must be at least {min}");
        return Math.Min(value, max);
    }

    /// <summary>The id or name a show/update/delete action is about; CKAN reports a missing one this way.</summary>
    public string RequiredId(string key = "id", string errorKey = "id") =>
        String(key) is { Length: > 0 } id ? id : throw CkanException.Validation(errorKey, "Missing value");

    /// <summary>Reads the parameters as CKAN does: the query string for read actions (even on a POST),
    /// form fields (with CKAN's old trick of a single JSON field name), or a JSON object body.</summary>
    public static async Task<CkanRequest> ReadAsync(HttpContext http, bool readOnly, long maxBody)
    {
        var request = http.Request;
        JsonObject data;
        IFormFileCollection files = new FormFileCollection();
        if (HttpMethods.IsGet(request.Method))
        {
            if (!readOnly) throw new CkanBadRequest("Bad request - JSON Error: Invalid request. Please use POST method for your request");
            data = FromPairs(request.Query.Select(q => (q.Key, q.Value)));
        }
        else if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(http.RequestAborted);
            files = form.Files;
            if (form.Count == 1 && form.First() is { } only && only.Value is [var single] && single is "" or "1")
                data = ParseObject(only.Key);
            else
                data = FromPairs(form.Select(f => (f.Key, f.Value)));
        }
        else if (readOnly && request.QueryString.HasValue)
        {
            data = FromPairs(request.Query.Select(q => (q.Key, q.Value)));
        }
        else if (request.ContentLength is 0 || (request.ContentLength is null && !request.Body.CanRead))
        {
            data = [];
        }
        else
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync(http.RequestAborted);
            if (body.Length > maxBody) throw new CkanBadRequest("Bad request - the request body is too large", 413);
            data = body.Trim().Length == 0 ? [] : ParseObject(body);
        }
        data.Remove("callback");
        return new CkanRequest(data, files, http.User);
    }

    static JsonObject ParseObject(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new CkanBadRequest($"Bad request - JSON Error: Error decoding JSON data. Error: {e.Message}");
        }
        return node as JsonObject
            ?? throw new CkanBadRequest($"Bad request - JSON Error: Request data JSON decoded to {node?.ToJsonString() ?? "null"} but it needs to be a dictionary.");
    }

    static JsonObject FromPairs(IEnumerable<(string Key, Microsoft.Extensions.Primitives.StringValues Values)> pairs)
    {
        var data = new JsonObject();
        foreach (var (key, values) in pairs)
            data[key] = values.Count == 1 ? JsonValue.Create(values[0]) : new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
        return data;
    }
}
