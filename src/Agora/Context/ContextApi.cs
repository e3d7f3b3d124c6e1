using System.Security.Claims;
using System.Text.Json.Nodes;
using Agora.Context.JsonLd;
using Agora.Context.Temporal;
using Microsoft.Extensions.Options;

namespace Agora.Context;

/// <summary>The NGSI-LD API (ETSI GS CIM 009) under <c>/ngsi-ld/v1</c>: entities, attributes and
/// batch operations here; queries, types, subscriptions and temporal in their own files.</summary>
public static class ContextApi
{
    public const string Prefix = "/ngsi-ld/v1";

    public static RouteGroupBuilder MapContextBroker(this IEndpointRouteBuilder app)
    {
        // Listed in Agora's OpenAPI document under "NGSI-LD"; the payloads and errors are the ETSI
        // standard's (GS CIM 009), which its own OpenAPI describes in full.
        var group = app.MapGroup(Prefix).WithTags("NGSI-LD");
        group.UseNgsiLdErrors();

        group.MapPost("/entities", CreateEntity);
        group.MapGet("/entities/{id}", RetrieveEntity);
        group.MapDelete("/entities/{id}", DeleteEntity);
        group.MapPut("/entities/{id}", ReplaceEntity);
        group.MapPatch("/entities/{id}", MergeEntity);
        group.MapPost("/entities/{id}/attrs", AppendAttributes);
        group.MapPatch("/entities/{id}/attrs", UpdateAttributes);
        group.MapPatch("/entities/{id}/attrs/{attr}", PatchAttribute);
        group.MapPut("/entities/{id}/attrs/{attr}", ReplaceAttribute);
        group.MapDelete("/entities/{id}/attrs/{attr}", DeleteAttribute);
        group.MapEntityQueries();
        group.MapBatchOperations();
        group.MapSubscriptions();
        group.MapTemporal();
        return group;
    }

    /// <summary>Writes need a signed-in user (an API token, as every Agora API) unless the
    /// administrator opened the broker to anonymous devices.</summary>
    public static void RequireWriter(HttpContext http)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<ContextOptions>>().Value;
        if (!options.AnonymousWrites && http.User.Identity?.IsAuthenticated != true)
            throw new NgsiLdException(NgsiLdError.Unauthorized, "Changing context data needs an API token (Authorization: Bearer …).");
    }

    static async Task<IResult> CreateEntity(HttpContext http, ContextResolver resolver, EntityStore store)
    {
        RequireWriter(http);
        var tenant = NgsiLdHttp.Tenant(http);
        var (body, context) = await NgsiLdHttp.ReadBodyAsync(http, resolver);
        var entity = NgsiLdInput.Expanded(NgsiLdDocument.ExpandEntity(NgsiLdInput.Entity(body), context));
        var id = entity["id"]!.GetValue<string>();
        if (!await store.CreateAsync(tenant, entity, http.RequestAborted))
            throw new NgsiLdException(NgsiLdError.AlreadyExists, $"Entity {id} already exists.");
        return TypedResults.Created($"{Prefix}/entities/{Uri.EscapeDataString(id)}");
    }

    static async Task<IResult> RetrieveEntity(string id, HttpContext http, ContextResolver resolver, EntityStore store)
    {
        var tenant = NgsiLdHttp.Tenant(http);
        var media = NgsiLdHttp.Negotiate(http, geoJson: true);
        NgsiLdInput.RequireUri(JsonValue.Create(id), "The entity id");
        var context = await NgsiLdHttp.RequestContextAsync(http, resolver);
        var view = ViewOptions.From(http.Request.Query, context);
        var doc = await store.FindAsync(tenant, id, http.RequestAborted) ?? throw NotFound(id);
        if (http.Request.Query["type"].ToString() is { Length: > 0 } type
            && !type.Split(',').Select(context.ExpandTerm).Intersect(EntityDoc.Types(doc)).Any())
            throw NotFound(id);
        var entity = EntityView.Render(doc, context, view);
        return media == NgsiLdHttp.GeoJson
            ? NgsiLdHttp.Answer(http, GeoJsonView.Feature(entity, GeoJsonView.GeometryProperty(http, context), context), context, media)
            : NgsiLdHttp.Answer(http, entity, context, media);
    }

    static async Task<IResult> DeleteEntity(string id, HttpContext http, EntityStore store)
    {
        RequireWriter(http);
        var tenant = NgsiLdHttp.Tenant(http);
        NgsiLdInput.RequireUri(JsonValue.Create(id), "The entity id");
        return await store.DeleteAsync(tenant, id, http.RequestAborted) ? TypedResults.NoContent() : throw NotFound(id);
    }

    static async Task<IResult> ReplaceEntity(string id, HttpContext http, ContextResolver resolver, EntityStore store)
    {
        RequireWriter(http);
        var tenant = NgsiLdHttp.Tenant(http);
        var (body, context) = await NgsiLdHttp.ReadBodyAsync(http, resolver);
        NgsiLdInput.RequireUri(JsonValue.Create(id), "The entity id");
        if (body is JsonObject o && o["id"] is { } given && given.ToString() != id)
            throw NgsiLdException.BadData("The id in the body differs from the id in the address.");
        var replacement = NgsiLdInput.Expanded(NgsiLdDocument.ExpandEntity(NgsiLdInput.Entity(body, requireId: false), context));
        var (found, _) = await store.ChangeAsync(tenant, id, (doc, edit) =>
        {
            EntityEdits.Replace(doc, replacement, edit);
            return true;
        }, http.RequestAborted);
        return found ? TypedResults.NoContent() : throw NotFound(id);
    }

    static async Task<IResult> MergeEntity(string id, HttpContext http, ContextResolver resolver, EntityStore store)
    {
        RequireWriter(http);
        var tenant = NgsiLdHttp.Tenant(http);
        var (body, context) = await NgsiLdHttp.ReadBodyAsync(http, resolver, allowMergePatch: true);
        NgsiLdInput.RequireUri(JsonValue.Create(id), "The entity id");
        if (body is JsonObject o && o["id"] is { } given && given.ToString() != id)
            throw NgsiLdException.BadData("The id in the body differs from the id in the address.");
        var (deletions, rest) = EntityEdits.SplitNulls(body);
        var fragment = NgsiLdInput.Expanded(NgsiLdDocument.ExpandEntity(NgsiLdInput.Entity(rest, requireId: false, requireType: false), context));
        var deleted = deletions.Select(context.ExpandTerm).ToList();
        var (found, _) = await store.ChangeAsync(tenant, id, (doc, edit) =>
        {
            EntityEdits.Merge(doc, fragment, deleted, edit);
            return true;
        }, http.RequestAborted);
        return found ? TypedResults.NoContent() : throw NotFound(id);
    }

    static async Task<IResult> AppendAttributes(string id, HttpContext http, ContextResolver resolver, EntityStore store)
    {
        RequireWriter(http);
        var tenant = NgsiLdHttp.Tenant(http);
        var (body, context) = await NgsiLdHttp.ReadBodyAsync(http, resolver);
        NgsiLdInput.RequireUri(JsonValue.Create(id), "The entity id");
        var noOverwrite = ViewOptions.List(http.Request.Query["options"])?.Contains("noOverwrite") == true;
        var fragment = NgsiLdDocument.ExpandAttributes(NgsiLdInput.Attributes(body), context);
        var (found, report) = await store.ChangeAsync(tenant, id, (doc, edit) => EntityEdits.Append(doc, fragment, noOverwrite, edit), http.RequestAborted);
        return found ? UpdateResult(report!, context) : throw NotFound(id);
    }

    static async Task<IResult> UpdateAttributes(string id, HttpContext http, ContextResolver resolver, EntityStore store)
    {
        RequireWriter(http);
        var tenant = NgsiLdHttp.Tenant(http);
        var (body, context) = await NgsiLdHttp.ReadBodyAsync(http, resolver);
        NgsiLdInput.RequireUri(JsonValue.Create(id), "The entity id");
        var fragment = NgsiLdDocument.ExpandAttributes(NgsiLdInput.Attributes(body), context);
        var (found, report) = await store.ChangeAsync(tenant, id, (doc, edit) => EntityEdits.Update(doc, fragment, edit), http.RequestAborted);
        return found ? UpdateResult(report!, context) : throw NotFound(id);
    }

    static async Task<IResult> PatchAttribute(string id, string attr, HttpContext http, ContextResolver resolver, EntityStore store)
    {
        RequireWriter(http);
        var tenant = NgsiLdHttp.Tenant(http);
        var (body, context) = await NgsiLdHttp.ReadBodyAsync(http, resolver);
        NgsiLdInput.RequireUri(JsonValue.Create(id), "The entity id");
        NgsiLdInput.CheckName(attr, "Attribute name");
        if (body is not JsonObject patch) throw NgsiLdException.BadData("The attribute fragment must be a JSON object.");
        var name = context.ExpandTerm(attr);
        var (found, done) = await store.ChangeAsync(tenant, id, (doc, edit) => EntityEdits.Patch(doc, name, attr, patch, context, edit), http.RequestAborted);
        if (!found) throw NotFound(id);
        return done ? TypedResults.NoContent() : throw NgsiLdException.NotFound($"Entity {id} has no attribute '{attr}' (with that datasetId).");
    }

    static async Task<IResult> ReplaceAttribute(string id, string attr, HttpContext http, ContextResolver resolver, EntityStore store)
    {
        RequireWriter(http);
        var tenant = NgsiLdHttp.Tenant(http);
        var (body, context) = await NgsiLdHttp.ReadBodyAsync(http, resolver);
        NgsiLdInput.RequireUri(JsonValue.Create(id), "The entity id");
        NgsiLdInput.CheckName(attr, "Attribute name");
        var fragment = NgsiLdDocument.ExpandAttributes(NgsiLdInput.Attributes(new JsonObject { [attr] = body.DeepClone() }), context);
        var (found, report) = await store.ChangeAsync(tenant, id, (doc, edit) => EntityEdits.Update(doc, fragment, edit), http.RequestAborted);
        if (!found) throw NotFound(id);
        return report!.NotUpdated.Count == 0 ? TypedResults.NoContent()
            : throw NgsiLdException.NotFound($"Entity {id} has no attribute '{attr}' (with that datasetId).");
    }

    static async Task<IResult> DeleteAttribute(string id, string attr, HttpContext http, ContextResolver resolver, EntityStore store)
    {
        RequireWriter(http);
        var tenant = NgsiLdHttp.Tenant(http);
        NgsiLdInput.RequireUri(JsonValue.Create(id), "The entity id");
        NgsiLdInput.CheckName(attr, "Attribute name");
        var context = await NgsiLdHttp.RequestContextAsync(http, resolver);
        var datasetId = http.Request.Query["datasetId"].ToString();
        if (datasetId.Length > 0) NgsiLdInput.RequireUri(JsonValue.Create(datasetId), "datasetId");
        var deleteAll = http.Request.Query["deleteAll"].ToString() == "true";
        var name = context.ExpandTerm(attr);
        var (found, done) = await store.ChangeAsync(tenant, id, (doc, edit) => EntityEdits.Delete(doc, name, datasetId, deleteAll, edit), http.RequestAborted);
        if (!found) throw NotFound(id);
        return done ? TypedResults.NoContent() : throw NgsiLdException.NotFound($"Entity {id} has no attribute '{attr}' (with that datasetId).");
    }

    /// <summary>204 when every attribute was written, else 207 with what was not and why (§6.6.3.1).</summary>
    static IResult UpdateResult(UpdateReport report, LdContext context) => report.NotUpdated.Count == 0
        ? TypedResults.NoContent()
        : TypedResults.Json(new
        {
            updated = report.Updated.Select(context.CompactIri),
            notUpdated = report.NotUpdated.Select(n => new { attributeName = context.CompactIri(n.Name), reason = n.Reason }),
        }, statusCode: StatusCodes.Status207MultiStatus);

    public static NgsiLdException NotFound(string id) => NgsiLdException.NotFound($"Entity {id} was not found.");
}
