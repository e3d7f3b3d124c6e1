using System.Text.Json.Nodes;
using Agora.Accounts;
using Agora.Catalog;
using Agora.Catalog.Ckan;
using Agora.Catalog.Pages;
using Agora.Context.JsonLd;
using Agora.Context.Query;
using Agora.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Agora.Context.Pages;

/// <summary>The entities of one type with their latest values, a map of where they are, and — for
/// editors of an organisation — a form that publishes the type's live feed as a catalogue dataset.</summary>
public sealed class TypeModel(AgoraDbContext db, ContextResolver resolver, DatasetManager datasets, CatalogAccess access,
    IOptions<AgoraOptions> options) : PageModel
{
    public const int PageSize = 50;
    const int MaxColumns = 8;

    public string Tenant { get; private set; } = "";
    public string Iri { get; private set; } = "";
    public string Name { get; private set; } = "";
    public TypeSummary? Summary { get; private set; }
    public List<JsonObject> Entities { get; private set; } = [];
    public List<string> Columns { get; private set; } = [];
    public long Total { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public GeoJsonMap? Map { get; private set; }
    public List<Organisation> Organisations { get; private set; } = [];
    public LdContext Core => resolver.Core;

    [BindProperty] public PublishForm Form { get; set; } = new();

    public sealed class PublishForm
    {
        public string? Organisation { get; set; }
        public string? Title { get; set; }
        public string? Description { get; set; }
        public string? Licence { get; set; }
        public string? Q { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(string type, string? tenant, int? page, CancellationToken ct)
    {
        if (!ContextWeb.TryTenant(tenant, out var t)) return BadRequest();
        Tenant = t;
        if (!await LoadAsync(type, page ?? 1, ct)) return NotFound();
        Form.Title = $"Live {Name} data";
        Form.Licence = "CC-BY-4.0";
        if (Organisations.Count == 1) Form.Organisation = Organisations[0].Slug;
        return Page();
    }

    /// <summary>Publishes the type's NGSI-LD query as a dataset with one resource, through the catalogue's own rules.</summary>
    public async Task<IActionResult> OnPostPublishAsync(string type, string? tenant, CancellationToken ct)
    {
        if (User.UserId() is null) return Challenge();
        if (!ContextWeb.TryTenant(tenant, out var t)) return BadRequest();
        Tenant = t;
        ModelState.Clear();
        if (!await LoadAsync(type, 1, ct)) return NotFound();
        if (string.IsNullOrWhiteSpace(Form.Title)) ModelState.AddModelError("Form.Title", "Give the dataset a title.");
        if (string.IsNullOrWhiteSpace(Form.Organisation)) ModelState.AddModelError("Form.Organisation", "Choose the organisation that publishes the dataset.");
        var q = Form.Q?.Trim() ?? "";
        if (q.Length > 0)
        {
            try { QueryParser.Parse(q); }
            catch (Exception e) when (e is QueryException or NgsiLdException) { ModelState.AddModelError("Form.Q", $"This is not an NGSI-LD query: {e.Message}"); }
        }
        if (!ModelState.IsValid) return Page();

        try
        {
            var dataset = await datasets.CreateAsync(Input(q), User, ct);
            TempData["Notice"] = $"“{dataset.Title}” is published in the catalogue with the live {Name} feed as its resource.";
            return Redirect($"/dataset/{dataset.Name}");
        }
        catch (CkanException e) when (e.Status == StatusCodes.Status409Conflict)
        {
            DatasetForm.ShowErrors(ModelState, e, FieldOf);
        }
        catch (CkanException)
        {
            return User.UserId() is null ? Challenge() : Forbid();
        }
        return Page();
    }

    static readonly Dictionary<string, string> FieldOf = new()
    {
        ["name"] = nameof(PublishForm.Title), ["title"] = nameof(PublishForm.Title), ["notes"] = nameof(PublishForm.Description),
        ["owner_org"] = nameof(PublishForm.Organisation), ["license_id"] = nameof(PublishForm.Licence),
        ["resources"] = nameof(PublishForm.Q),
    };

    JsonObject Input(string q)
    {
        var configured = options.Value.PublicBaseUrl;
        var site = string.IsNullOrWhiteSpace(configured) ? CkanApi.SiteUrl(Request) : configured.Trim().TrimEnd('/');
        var url = $"{site}{ContextApi.Prefix}/entities?type={Uri.EscapeDataString(Iri)}" + (q.Length > 0 ? $"&q={Uri.EscapeDataString(q)}" : "");
        var extras = new JsonArray { new JsonObject { ["key"] = "ngsi_ld_type", ["value"] = Iri } };
        if (q.Length > 0) extras.Add(new JsonObject { ["key"] = "ngsi_ld_q", ["value"] = q });
        if (Tenant.Length > 0) extras.Add(new JsonObject { ["key"] = "ngsi_ld_tenant", ["value"] = Tenant });
        var description = (q.Length > 0 ? $"{Name} entities matching `{q}`" : $"All {Name} entities")
            + $", live from the NGSI-LD context broker (GET with Accept: application/ld+json"
            + (Tenant.Length > 0 ? $" and the header NGSILD-Tenant: {Tenant}" : "") + ").";
        return new JsonObject
        {
            ["name"] = DatasetForm.SlugFrom(Form.Title),
            ["title"] = Form.Title!.Trim(),
            ["notes"] = Form.Description ?? "",
            ["owner_org"] = Form.Organisation ?? "",
            ["license_id"] = Form.Licence ?? "",
            ["tags"] = new JsonArray(new JsonObject { ["name"] = "live-data" }, new JsonObject { ["name"] = "ngsi-ld" }),
            ["extras"] = extras,
            ["resources"] = new JsonArray(new JsonObject
            {
                ["name"] = $"Live {Name} entities (NGSI-LD)", ["url"] = url, ["format"] = "NGSI-LD", ["description"] = description,
            }),
        };
    }

    async Task<bool> LoadAsync(string type, int page, CancellationToken ct)
    {
        var core = resolver.Core;
        Iri = core.ExpandTerm(ContextWeb.FromRoute(type));
        Name = core.CompactIri(Iri);
        Summary = (await ContextWeb.TypesAsync(db, core, Tenant, ct)).FirstOrDefault(s => s.Iri == Iri);
        if (Summary is null) return false;
        PageNumber = Math.Max(1, page);
        var selection = new EntitySelection([Iri], null, null, null, null, null, core.ExpandTerm);
        var (docs, total) = await EntityQueries.SelectAsync(db, Tenant, selection, PageSize, (PageNumber - 1) * PageSize, true, ct);
        Total = total ?? docs.Count;
        Entities = docs.Select(d => EntityView.Render(d, core, ViewOptions.Normalized)).ToList();
        Columns = Entities.SelectMany(e => e.Select(kv => kv.Key)).Where(k => EntityDoc.IsAttribute(k) && k != "location")
            .Distinct().Order(StringComparer.Ordinal).Take(MaxColumns).ToList();
        Map = await MapAsync(ct);
        if (User.UserId() is not null) Organisations = await access.PublishableOrganisationsAsync(User, ct);
        return true;
    }

    // Where the type's entities are: their location attribute, drawn like a GeoJSON resource's map.
    async Task<GeoJsonMap?> MapAsync(CancellationToken ct)
    {
        var location = resolver.Core.ExpandTerm("location");
        var rows = await (from a in db.NgsiAttrs
                          join t in db.NgsiEntityTypes on a.EntityKey equals t.EntityKey
                          join e in db.NgsiEntities on a.EntityKey equals e.Key
                          where t.Tenant == Tenant && t.Type == Iri && a.Name == location && a.Kind == "GeoProperty"
                          orderby e.Key
                          select new { e.Id, a.Json }).Take(5000).ToListAsync(ct);
        var features = new List<GeoFeature>();
        foreach (var row in rows)
        {
            try
            {
                var shapes = GeoJson.ReadGeometry(JsonNode.Parse(row.Json)?["value"]);
                if (shapes.Count > 0) features.Add(new GeoFeature(row.Id, shapes));
            }
            catch (Exception e) when (e is GeoJsonException or System.Text.Json.JsonException or InvalidOperationException) { }
        }
        return features.Count == 0 ? null : GeoJsonMap.Draw(features);
    }
}
