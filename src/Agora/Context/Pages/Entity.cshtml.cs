using System.Text.Json.Nodes;
using Agora.Context.JsonLd;
using Agora.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Agora.Context.Pages;

/// <summary>One entity: its attributes with values, units and observation times, its relationships
/// both ways as links, and a chart of each numeric attribute's history.</summary>
public sealed class EntityModel(AgoraDbContext db, ContextResolver resolver) : PageModel
{
    public const int DefaultPoints = 48, MaxPoints = 1000, MaxHours = 24 * 366;

    public sealed record Attribute(string Name, string Iri, List<JsonObject> Instances);

    public sealed record Series(string Name, string Anchor, string? Unit, List<TimePoint> Points, string Svg);

    public sealed record Incoming(string EntityId, string Attribute);

    public string Tenant { get; private set; } = "";
    public string Id { get; private set; } = "";
    public List<(string Iri, string Name)> Types { get; private set; } = [];
    public List<Attribute> Attributes { get; private set; } = [];
    public List<Series> Charts { get; private set; } = [];
    public List<Incoming> Referrers { get; private set; } = [];
    public DateTime CreatedAt { get; private set; }
    public DateTime ModifiedAt { get; private set; }

    /// <summary>The chart's period: the last <see cref="Points"/> values, or the last <see cref="Hours"/> hours.</summary>
    public int Points { get; private set; } = DefaultPoints;
    public int? Hours { get; private set; }
    public LdContext Core => resolver.Core;

    public async Task<IActionResult> OnGetAsync(string id, string? tenant, int? points, int? hours, CancellationToken ct)
    {
        if (!ContextWeb.TryTenant(tenant, out var t)) return BadRequest();
        Tenant = t;
        Id = ContextWeb.FromRoute(id);
        Points = Math.Clamp(points ?? DefaultPoints, 2, MaxPoints);
        Hours = hours is { } h ? Math.Clamp(h, 1, MaxHours) : null;
        var row = await db.NgsiEntities.AsNoTracking().FirstOrDefaultAsync(e => e.Tenant == Tenant && e.Id == Id, ct);
        if (row is null) return NotFound();
        CreatedAt = row.CreatedAt;
        ModifiedAt = row.ModifiedAt;
        var core = resolver.Core;
        var doc = EntityStore.Parse(row.Doc);
        Types = EntityDoc.Types(doc).Select(iri => (iri, core.CompactIri(iri))).ToList();
        var compact = EntityView.Render(doc, core, ViewOptions.Normalized);
        foreach (var iri in EntityDoc.AttributeNames(doc))
        {
            var name = core.CompactIri(iri);
            Attributes.Add(new Attribute(name, iri, EntityDoc.Instances(compact[name])));
        }
        Attributes.Sort((a, b) => StringComparer.Ordinal.Compare(a.Name, b.Name));

        foreach (var attribute in Attributes)
        {
            var first = attribute.Instances.FirstOrDefault(i => !i.ContainsKey("datasetId"));
            if (first is null || first["type"]?.GetValue<string>() != "Property" || first["value"] is not JsonValue v
                || v.GetValueKind() != System.Text.Json.JsonValueKind.Number) continue;
            var history = await HistoryAsync(attribute.Iri, ct);
            var unit = ContextWeb.Unit(first);
            var anchor = $"chart-{Charts.Count + 1}";
            Charts.Add(new Series(attribute.Name, anchor, unit, history,
                TimeSeriesChart.Render(anchor, $"{attribute.Name} of {Id}", unit, history)));
        }

        Referrers = await (from a in db.NgsiAttrs
                           join e in db.NgsiEntities on a.EntityKey equals e.Key
                           where e.Tenant == Tenant && a.Kind == "Relationship" && a.Text == Id
                           orderby e.Id
                           select new { e.Id, a.Name }).Take(200)
            .Select(r => new Incoming(r.Id, r.Name)).ToListAsync(ct);
        Referrers = Referrers.Select(r => r with { Attribute = core.CompactIri(r.Attribute) }).ToList();
        return Page();
    }

    // The default instance's numeric values, by when they were observed (or stored, when not observed).
    async Task<List<TimePoint>> HistoryAsync(string name, CancellationToken ct)
    {
        var rows = db.NgsiHistory.AsNoTracking()
            .Where(h => h.Tenant == Tenant && h.EntityId == Id && h.Name == name && h.DatasetId == "" && !h.Deleted && h.Num != null);
        if (Hours is { } hours)
        {
            var latest = await rows.MaxAsync(h => (DateTime?)(h.ObservedAt ?? h.RecordedAt), ct);
            if (latest is null) return [];
            var from = latest.Value.AddHours(-hours);
            rows = rows.Where(h => (h.ObservedAt ?? h.RecordedAt) >= from);
        }
        var points = await rows.OrderByDescending(h => h.ObservedAt ?? h.RecordedAt).ThenByDescending(h => h.Seq)
            .Take(Hours is null ? Points : MaxPoints * 10)
            .Select(h => new { At = h.ObservedAt ?? h.RecordedAt, h.Num }).ToListAsync(ct);
        return points.Select(p => new TimePoint(DateTime.SpecifyKind(p.At, DateTimeKind.Utc), p.Num!.Value)).OrderBy(p => p.At).ToList();
    }
}
