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
    }

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
