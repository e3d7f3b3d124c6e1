using System.Text.Json.Nodes;
using Agora.Context.JsonLd;
using Agora.Storage;
using Microsoft.EntityFrameworkCore;

namespace Agora.Context.Temporal;

/// <summary>The Temporal API (§5.7.3, §5.7.4, §6.18, §6.19): the history of entities' attributes from
/// <c>ngsi_history</c>, as instances, as [value, time] pairs or aggregated per period.
/// Which entities a list query selects (type, id, idPattern, attrs, q, geo) is decided on their
/// current state; entities that were deleted are still found by id (without their type, which
/// history does not keep). Decisions where the spec leaves room: instances written when an attribute
/// was deleted are left out rather than shown with deletedAt; timerel=after includes timeAt, between
/// is [timeAt, endTimeAt); aggregation buckets count whole periods from timeAt (backwards from timeAt
/// for before), months and years are 30 and 365 days, stddev is the population's; at most
/// <see cref="TemporalQuery.MaxInstances"/> instances per attribute, else 206 with Content-Range.</summary>
public static class TemporalApi
{
    public static void MapTemporal(this RouteGroupBuilder group)
    {
        group.MapGet("/temporal/entities/{id}", RetrieveTemporal);
        group.MapGet("/temporal/entities", QueryTemporal);
        // Writing history directly (§6.18.3.1, §6.19.3.2, §6.20–6.22): importing a city's past data, correcting a reading.
        group.MapPost("/temporal/entities", CreateTemporal);
        group.MapDelete("/temporal/entities/{id}", DeleteTemporal);
        group.MapPost("/temporal/entities/{id}/attrs", AddTemporalAttributes);
        group.MapDelete("/temporal/entities/{id}/attrs/{attr}", DeleteTemporalAttribute);
        group.MapPatch("/temporal/entities/{id}/attrs/{attr}/{instanceId}", ModifyInstance);
        group.MapDelete("/temporal/entities/{id}/attrs/{attr}/{instanceId}", DeleteInstance);
    }

    // POST /temporal/entities: 201 when the entity is new (created from the latest instances), 204 when instances were added.
    static async Task<IResult> CreateTemporal(HttpContext http, ContextResolver resolver, EntityStore store)
    {
        ContextApi.RequireWriter(http);
        var tenant = NgsiLdHttp.Tenant(http);
        var (body, context) = await NgsiLdHttp.ReadBodyAsync(http, resolver);
        var temporal = NgsiLdInput.Expanded(NgsiLdDocument.ExpandEntity(NgsiLdInput.TemporalEntity(body), context));
        var id = temporal["id"]!.GetValue<string>();
        return await store.AddHistoryAsync(tenant, temporal, http.RequestAborted)
            ? TypedResults.Created($"{ContextApi.Prefix}/temporal/entities/{Uri.EscapeDataString(id)}")
            : TypedResults.NoContent();
    }

    static async Task<IResult> AddTemporalAttributes(string id, HttpContext http, ContextResolver resolver, EntityStore store)
    {
        ContextApi.RequireWriter(http);
        var tenant = NgsiLdHttp.Tenant(http);
        var (body, context) = await NgsiLdHttp.ReadBodyAsync(http, resolver);
        NgsiLdInput.RequireUri(JsonValue.Create(id), "The entity id");
        var attributes = NgsiLdDocument.ExpandAttributes(NgsiLdInput.TemporalEntity(body, attributesOnly: true), context);
        var current = await store.FindAsync(tenant, id, http.RequestAborted) ?? throw ContextApi.NotFound(id);
        attributes["id"] = id;
        attributes["type"] = current["type"]!.DeepClone();
        await store.AddHistoryAsync(tenant, attributes, http.RequestAborted);
        return TypedResults.NoContent();
    }

    static async Task<IResult> DeleteTemporal(string id, HttpContext http, EntityStore store)
    {
        ContextApi.RequireWriter(http);
        NgsiLdInput.RequireUri(JsonValue.Create(id), "The entity id");
        return await store.DeleteHistoryAsync(NgsiLdHttp.Tenant(http), id, null, "", false, null, http.RequestAborted)
            ? TypedResults.NoContent() : throw ContextApi.NotFound(id);
    }

    // ?datasetId=… deletes that dataset's history, ?deleteAll=true every dataset's; otherwise the default instance's.
    static async Task<IResult> DeleteTemporalAttribute(string id, string attr, HttpContext http, ContextResolver resolver, EntityStore store)
    {
        ContextApi.RequireWriter(http);
        NgsiLdInput.RequireUri(JsonValue.Create(id), "The entity id");
        var context = await NgsiLdHttp.RequestContextAsync(http, resolver);
        var datasetId = http.Request.Query["datasetId"].ToString();
        if (datasetId.Length > 0) NgsiLdInput.RequireUri(JsonValue.Create(datasetId), "datasetId");
        var all = http.Request.Query["deleteAll"].ToString() == "true";
        return await store.DeleteHistoryAsync(NgsiLdHttp.Tenant(http), id, context.ExpandTerm(attr), datasetId, all, null, http.RequestAborted)
            ? TypedResults.NoContent() : throw ContextApi.NotFound($"{id} attribute {attr}");
    }

    static async Task<IResult> ModifyInstance(string id, string attr, string instanceId, HttpContext http, ContextResolver resolver, EntityStore store)
    {
        ContextApi.RequireWriter(http);
        NgsiLdInput.RequireUri(JsonValue.Create(id), "The entity id");
        var (body, context) = await NgsiLdHttp.ReadBodyAsync(http, resolver);
        var name = context.ExpandTerm(attr);
        if (body is not JsonObject o) throw NgsiLdException.BadData("An attribute instance must be a JSON object.");
        // The body is the attribute as a fragment (§6.22.3.1): { "speed": { … } } or the instance itself.
        var given = o.Where(kv => kv.Key != "@context").ToList() is [var (key, value)] && value is JsonObject && context.ExpandTerm(key) == name ? value! : o;
        var instance = (JsonObject)NgsiLdDocument.ExpandAttributes(new JsonObject { [attr] = NgsiLdInput.Attribute(attr, given) }, context)[name]!;
        if (instance["datasetId"] is not null) throw NgsiLdException.BadData("The datasetId of an instance cannot be changed.");
        return await store.ChangeHistoryAsync(NgsiLdHttp.Tenant(http), id, name, InstanceSeq(instanceId), instance, http.RequestAborted)
            ? TypedResults.NoContent() : throw ContextApi.NotFound($"{id} attribute {attr} instance {instanceId}");
    }

    static async Task<IResult> DeleteInstance(string id, string attr, string instanceId, HttpContext http, ContextResolver resolver, EntityStore store)
    {
        ContextApi.RequireWriter(http);
        NgsiLdInput.RequireUri(JsonValue.Create(id), "The entity id");
        var context = await NgsiLdHttp.RequestContextAsync(http, resolver);
        var seq = InstanceSeq(instanceId);
        return await store.DeleteHistoryAsync(NgsiLdHttp.Tenant(http), id, context.ExpandTerm(attr), "", true, seq, http.RequestAborted)
            ? TypedResults.NoContent() : throw ContextApi.NotFound($"{id} attribute {attr} instance {instanceId}");
    }

    // Instance ids are the ones temporal answers give: urn:ngsi-ld:attribute:instance:<number>.
    static long InstanceSeq(string instanceId) =>
        instanceId.StartsWith(TemporalView.InstancePrefix, StringComparison.Ordinal) && long.TryParse(instanceId[TemporalView.InstancePrefix.Length..], out var seq)
            ? seq : throw NgsiLdException.BadData($"'{instanceId}' is not an instanceId of this broker (they look like {TemporalView.InstancePrefix}42).");

    static async Task<IResult> RetrieveTemporal(string id, HttpContext http, ContextResolver resolver, EntityStore store, AgoraDbContext db)
    {
        var tenant = NgsiLdHttp.Tenant(http);
        var media = NgsiLdHttp.Negotiate(http);
        NgsiLdInput.RequireUri(JsonValue.Create(id), "The entity id");
        var context = await NgsiLdHttp.RequestContextAsync(http, resolver);
        var query = TemporalQuery.From(http.Request.Query, context);
        var current = await store.FindAsync(tenant, id, http.RequestAborted);
        if (current is null && !await db.NgsiHistory.AnyAsync(h => h.Tenant == tenant && h.EntityId == id, http.RequestAborted))
            throw ContextApi.NotFound(id);
        var entities = await RenderAsync(db, tenant, [(id, current)], query, http, http.RequestAborted);
        return NgsiLdHttp.Answer(http, NgsiLdDocument.CompactEntity(entities[0], context), context, media, Status(http));
    }

    static async Task<IResult> QueryTemporal(HttpContext http, ContextResolver resolver, AgoraDbContext db)
    {
        var tenant = NgsiLdHttp.Tenant(http);
        var media = NgsiLdHttp.Negotiate(http);
        var context = await NgsiLdHttp.RequestContextAsync(http, resolver);
        var query = TemporalQuery.From(http.Request.Query, context);
        var selection = EntitySelection.From(http.Request.Query, context);
        var (limit, offset) = EntityQueries.Paging(http.Request.Query);
        var count = http.Request.Query["count"].ToString() == "true";
        var (docs, total) = await EntityQueries.SelectAsync(db, tenant, selection, limit, offset, count, http.RequestAborted);
        if (total is { } n) http.Response.Headers["NGSILD-Results-Count"] = n.ToString();
        var entities = docs.Count == 0 ? []
            : await RenderAsync(db, tenant, docs.Select(d => (d["id"]!.GetValue<string>(), (JsonObject?)d)).ToList(), query, http, http.RequestAborted);
        var list = new JsonArray(entities.Select(e => (JsonNode?)NgsiLdDocument.CompactEntity(e, context)).ToArray());
        return NgsiLdHttp.Answer(http, list, context, media, Status(http));
    }

    // A cut answer is partial content (§6.3.10); the Content-Range header says which times it holds.
    static int Status(HttpContext http) =>
        http.Response.Headers.ContainsKey("Content-Range") ? StatusCodes.Status206PartialContent : StatusCodes.Status200OK;

    /// <summary>The temporal representation of each entity, expanded, in the given order.</summary>
    static async Task<List<JsonObject>> RenderAsync(AgoraDbContext db, string tenant, List<(string Id, JsonObject? Current)> selected,
        TemporalQuery query, HttpContext http, CancellationToken ct)
    {
        var ids = selected.Select(s => s.Id).ToList();
        var result = new List<JsonObject>();
        if (query.Form == TemporalForm.Aggregated)
        {
            var buckets = (await TemporalHistory.AggregateAsync(db, tenant, ids, query, ct)).ToLookup(b => b.EntityId);
            foreach (var (id, current) in selected)
            {
                var entity = TemporalView.Entity(id, current);
                TemporalView.AddAggregated(entity, buckets[id], query, Kinds(current));
                result.Add(entity);
            }
            return result;
        }

        // One more than will be shown tells whether an attribute's history was cut.
        var shown = Math.Min(query.LastN ?? TemporalQuery.MaxInstances, TemporalQuery.MaxInstances);
        var rows = await TemporalHistory.InstancesAsync(db, tenant, ids, query, shown + 1, ct);
        var kept = new List<HistoryInstance>();
        DateTime? from = null, to = null;
        foreach (var attribute in rows.GroupBy(r => (r.EntityId, r.Name)))
        {
            var list = attribute.ToList();
            if (list.Count <= shown) { kept.AddRange(list); continue; }
            // Ascending answers keep the oldest; lastN answers the newest.
            list = query.LastN is null ? list.Take(shown).ToList() : list.Skip(list.Count - shown).ToList();
            if (query.LastN is null || query.LastN > shown)
            {
                from = Min(from, list[0].Time);
                to = Max(to, list[^1].Time);
            }
            kept.AddRange(list);
        }
        if (from is not null)
            http.Response.Headers["Content-Range"] = $"date-time {TemporalView.Format(from.Value)}-{TemporalView.Format(to!.Value)}/*";

        var byEntity = kept.ToLookup(r => r.EntityId);
        foreach (var (id, current) in selected)
        {
            var entity = TemporalView.Entity(id, current);
            if (query.Form == TemporalForm.TemporalValues) TemporalView.AddTemporalValues(entity, byEntity[id], query);
            else TemporalView.AddNormalized(entity, byEntity[id], query.SysAttrs);
            result.Add(entity);
        }
        return result;
    }

    static DateTime Min(DateTime? a, DateTime b) => a is { } x && x < b ? x : b;
    static DateTime Max(DateTime? a, DateTime b) => a is { } x && x > b ? x : b;

    // The kind of each attribute now (aggregated answers name it); Property for attributes since deleted.
    static Dictionary<string, string> Kinds(JsonObject? current) => current is null ? []
        : EntityDoc.AttributeNames(current).ToDictionary(n => n, n => EntityDoc.Instances(current[n]).FirstOrDefault()?["type"]?.GetValue<string>() ?? "Property");
}
