using System.Text.Json.Nodes;

namespace Agora.Catalog.Ckan;

/// <summary>An error as CKAN's Action API reports it: an HTTP status and the <c>error</c> object
/// of the envelope, whose <c>__type</c> clients such as ckanapi switch on.</summary>
public class CkanException(int status, JsonObject error) : Exception(error["message"]?.ToString() ?? error["__type"]?.ToString())
{
    public int Status { get; } = status;
    public JsonObject Error { get; } = error;

    static JsonObject Typed(string type, string message) => new() { ["__type"] = type, ["message"] = message };

    public static CkanException NotFound(string? what = null) =>
        new(404, Typed("Not Found Error", what is null ? "Not found" : $"Not found: {what}"));

    public static CkanException NotAuthorized(string? why = null) =>
        new(403, Typed("Authorization Error", why is null ? "Access denied" : $"Access denied: {why}"));

    /// <summary>CKAN quotes the reason as Python's repr does: in single quotes unless it holds one.</summary>
    public static CkanException SearchQuery(string message) =>
        new(400, Typed("Search Query Error", message.Contains('\'') && !message.Contains('"')
            ? $"Search Query is invalid: \"{message}\"" : $"Search Query is invalid: '{message}'"));

    /// <summary>Field errors: each field names its messages (nested for resources).</summary>
    public static CkanException Validation(JsonObject fields)
    {
        fields["__type"] = "Validation Error";
        return new CkanException(409, fields);
    }

    public static CkanException Validation(string field, string message) =>
        Validation(new JsonObject { [field] = new JsonArray(message) });
}

/// <summary>A request CKAN answers with a bare JSON string and a 400, outside the envelope
/// (an unknown action, a body that is not a JSON object, a GET on a write action).</summary>
public sealed class CkanBadRequest(string message, int status = 400) : Exception(message)
{
    public int Status { get; } = status;
}

/// <summary>Collects CKAN-style field errors.</summary>
public sealed class CkanErrors
{
    readonly JsonObject fields = [];

    public void Add(string field, string message)
    {
        if (fields[field] is not JsonArray list) fields[field] = list = [];
        list.Add(message);
    }

    public void Set(string field, JsonNode value) => fields[field] = value;

    public bool Any => fields.Count > 0;

    public void ThrowIfAny()
    {
        if (Any) throw CkanException.Validation(fields);
    }
}
