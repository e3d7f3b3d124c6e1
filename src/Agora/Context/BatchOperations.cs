using System.Text.Json.Nodes;
using Agora.Context.JsonLd;

namespace Agora.Context;

/// <summary>Batch entity operations (§5.6.7–5.6.10): create, upsert, update and delete many entities
/// in one request. Each entity succeeds or fails on its own; the answer lists both (207) when not all
/// succeeded.</summary>
public static class BatchOperations
{
    public const int MaxEntities = 1000;

    public static void MapBatchOperations(this RouteGroupBuilder group)
    {
        group.MapPost("/entityOperations/create", (HttpContext http, ContextResolver resolver, EntityStore store) => Run(http, resolver, store, Create));
        group.MapPost("/entityOperations/upsert", (HttpContext http, ContextResolver resolver, EntityStore store) => Run(http, resolver, store, Upsert));
        group.MapPost("/entityOperations/update", (HttpContext http, ContextResolver resolver, EntityStore store) => Run(http, resolver, store, Update));
        group.MapPost("/entityOperations/delete", Delete);
    }

    enum Outcome { Created, Changed }

    delegate Task<Outcome> Operation(HttpContext http, EntityStore store, string tenant, JsonObject entity);

    sealed record Error(string EntityId, NgsiLdError Kind, string Detail);

    static async Task<IResult> Run(HttpContext http, ContextResolver resolver, EntityStore store, Operation operation)
    {
        ContextApi.RequireWriter(http);
        var tenant = NgsiLdHttp.Tenant(http);
        var (body, linked) = await NgsiLdHttp.ReadBodyAsync(http, resolver);
        var items = Items(body);
        var ldJson = http.Request.ContentType?.StartsWith(NgsiLdHttp.JsonLd, StringComparison.OrdinalIgnoreCase) == true;
        // With group commit (SQLite) every entity's write is queued at once, in order, so they share
        // commits; on PostgreSQL they run one after another, each in its own transaction, rather than
        // flooding the connection pool. Results are reported in the order of the request.
        (string Id, Outcome? Outcome, Error? Error)[] outcomes;
        if (store.GroupsWrites)
            outcomes = await Task.WhenAll(items.Select(item => RunOneAsync(http, resolver, store, tenant, linked, ldJson, item, operation)));
        else
        {
            outcomes = new (string, Outcome?, Error?)[items.Count];
            for (var i = 0; i < items.Count; i++) outcomes[i] = await RunOneAsync(http, resolver, store, tenant, linked, ldJson, items[i], operation);
        }
        var created = outcomes.Where(o => o.Outcome == Outcome.Created).Select(o => o.Id).ToList();
        var changed = outcomes.Where(o => o.Outcome == Outcome.Changed).Select(o => o.Id).ToList();
        var errors = outcomes.Where(o => o.Error is not null).Select(o => o.Error!).ToList();
        return Answer(created, changed, errors, createdAnswer: operation != Update);
    }

    static async Task<(string Id, Outcome? Outcome, Error? Error)> RunOneAsync(HttpContext http, ContextResolver resolver, EntityStore store,
        string tenant, Agora.Context.JsonLd.LdContext linked, bool ldJson, JsonNode? item, Operation operation)
    {
        var id = item is JsonObject o && o["id"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
        try
        {
            if (item is not JsonObject raw) throw NgsiLdException.BadData("Each entity must be a JSON object.");
            var context = ldJson
                ? await resolver.ResolveAsync(raw["@context"]?.DeepClone() ?? throw NgsiLdException.BadData("Each application/ld+json entity must hold its @context."), http.RequestAborted)
                : linked;
            var entity = NgsiLdInput.Expanded(NgsiLdDocument.ExpandEntity(NgsiLdInput.Entity(raw, requireType: operation != Update), context));
            return (id, await operation(http, store, tenant, entity), null);
        }
        catch (Exception e) when (NgsiLdErrors.Translate(e) is { } t)
        {
            return (id, null, new(id, t.Error, t.Detail));
        }
    }

    static IResult Answer(List<string> created, List<string> changed, List<Error> errors, bool createdAnswer)
    {
        if (errors.Count > 0)
            return TypedResults.Json(new JsonObject
            {
                ["success"] = new JsonArray(created.Concat(changed).Select(i => (JsonNode?)i).ToArray()),
                ["errors"] = new JsonArray(errors.Select(e => (JsonNode?)new JsonObject
                {
                    ["entityId"] = e.EntityId,
                    ["error"] = System.Text.Json.JsonSerializer.SerializeToNode(NgsiLdErrors.Body(e.Kind, e.Detail)),
                }).ToArray()),
            }, statusCode: StatusCodes.Status207MultiStatus);
        if (createdAnswer && created.Count > 0)
            return TypedResults.Json(created, statusCode: StatusCodes.Status201Created);
        return TypedResults.NoContent();
    }

    static JsonArray Items(JsonNode body)
    {
        if (body is not JsonArray items) throw NgsiLdException.BadData("A batch operation takes a JSON array.");
        if (items.Count == 0) throw NgsiLdException.BadData("A batch operation needs at least one entry.");
        if (items.Count > MaxEntities) throw NgsiLdException.BadData($"A batch operation takes at most {MaxEntities} entries.");
        return items;
    }

    static async Task<Outcome> Create(HttpContext http, EntityStore store, string tenant, JsonObject entity) =>
        await store.CreateAsync(tenant, entity, http.RequestAborted) ? Outcome.Created
            : throw new NgsiLdException(NgsiLdError.AlreadyExists, $"Entity {entity["id"]} already exists.");

    // options=update merges attributes into an existing entity; the default (replace) replaces it.
    static async Task<Outcome> Upsert(HttpContext http, EntityStore store, string tenant, JsonObject entity)
    {
        var update = ViewOptions.List(http.Request.Query["options"])?.Contains("update") == true;
        var created = await store.UpsertAsync(tenant, entity, (doc, given, edit) =>
        {
            if (!update)
            {
                EntityEdits.Replace(doc, given, edit);
                return;
            }
            EntityEdits.Append(doc, Attributes(given), noOverwrite: false, edit);
            if (!EntityDoc.Types(given).All(EntityDoc.Types(doc).Contains))
                EntityEdits.Merge(doc, new JsonObject { ["type"] = given["type"]!.DeepClone() }, [], edit);
        }, http.RequestAborted);
        return created ? Outcome.Created : Outcome.Changed;
    }

    static async Task<Outcome> Update(HttpContext http, EntityStore store, string tenant, JsonObject entity)
    {
        var id = entity["id"]!.GetValue<string>();
        var noOverwrite = ViewOptions.List(http.Request.Query["options"])?.Contains("noOverwrite") == true;
        var (found, _) = await store.ChangeAsync(tenant, id, (doc, edit) => EntityEdits.Append(doc, Attributes(entity), noOverwrite, edit), http.RequestAborted);
        return found ? Outcome.Changed : throw ContextApi.NotFound(id);
    }

    static JsonObject Attributes(JsonObject entity)
    {
        var attributes = new JsonObject();
        foreach (var (key, value) in entity)
            if (EntityDoc.IsAttribute(key) || key is "scope" or EntityDoc.ScopeIri) attributes[key] = value?.DeepClone();
        return attributes;
    }

    static async Task<IResult> Delete(HttpContext http, ContextResolver resolver, EntityStore store)
    {
        ContextApi.RequireWriter(http);
        var tenant = NgsiLdHttp.Tenant(http);
        // A list of ids needs no @context, whatever the Content-Type.
        var (body, _) = await NgsiLdHttp.ReadBodyAsync(http, resolver, contextOptional: true);
        var deleted = new List<string>();
        var errors = new List<Error>();
        foreach (var item in Items(body))
        {
            var id = item is JsonValue v && v.TryGetValue<string>(out var s) ? s : item?.ToJsonString() ?? "null";
            if (!NgsiLdInput.IsUri(id)) errors.Add(new(id, NgsiLdError.BadRequestData, "An entity id must be a URI."));
            else if (await store.DeleteAsync(tenant, id, http.RequestAborted)) deleted.Add(id);
            else errors.Add(new(id, NgsiLdError.ResourceNotFound, $"Entity {id} was not found."));
        }
        return Answer([], deleted, errors, createdAnswer: false);
    }
}
