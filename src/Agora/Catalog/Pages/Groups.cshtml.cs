using Agora.Storage;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Agora.Catalog.Pages;

/// <summary>All groups, with how many of their datasets the reader may see.</summary>
public sealed class GroupsModel(AgoraDbContext db, CatalogAccess access) : PageModel
{
    public List<(Group Group, int Count)> Groups { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var listed = CatalogAccess.Listed(db.Datasets, await access.ReadableOrganisationsAsync(User, ct));
        var counts = await db.Set<DatasetGroup>().Where(m => listed.Any(d => d.Id == m.DatasetId))
            .GroupBy(m => m.GroupId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var groups = await db.Groups.AsNoTracking().ToListAsync(ct);
        Groups = groups.OrderBy(g => g.Title ?? g.Name, StringComparer.CurrentCultureIgnoreCase)
            .Select(g => (g, counts.GetValueOrDefault(g.Id))).ToList();
    }
}
