using Agora.Storage;
using Microsoft.EntityFrameworkCore;

namespace Agora.Catalog.Search;

/// <summary>What facet values are called for people: organisation names, group titles and licence
/// titles, as CKAN shows them in search_facets and the search page shows them beside the counts.</summary>
public static class FacetNames
{
    /// <summary>Names for the given values of the organization, groups and license_id fields, keyed by
    /// (field, value); values with no other name are left out.</summary>
    public static async Task<Dictionary<(string Field, string Value), string>> LookupAsync(AgoraDbContext db,
        Func<string, IEnumerable<string>> valuesOf, CancellationToken ct)
    {
        var names = new Dictionary<(string, string), string>();
        var slugs = valuesOf("organization").Distinct().ToList();
        if (slugs.Count > 0)
            foreach (var o in await db.Organisations.Where(o => slugs.Contains(o.Slug)).Select(o => new { o.Slug, o.Name }).ToListAsync(ct))
                names[("organization", o.Slug)] = o.Name;
        var groups = valuesOf("groups").Distinct().ToList();
        if (groups.Count > 0)
            foreach (var g in await db.Groups.Where(g => groups.Contains(g.Name)).Select(g => new { g.Name, g.Title }).ToListAsync(ct))
                names[("groups", g.Name)] = g.Title ?? g.Name;
        foreach (var id in valuesOf("license_id"))
            if (Licence.Find(id) is { } licence) names[("license_id", id)] = licence.Title;
        return names;
    }
}
