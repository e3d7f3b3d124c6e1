using Agora.Accounts;
using Agora.Storage;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Agora.Web.Pages;

public sealed class HomeModel(AgoraDbContext db, Catalog.CatalogAccess access) : PageModel
{
    public int Organisations { get; private set; }
    public int Agencies { get; private set; }
    public int Companies { get; private set; }
    public int People { get; private set; }
    public int Datasets { get; private set; }
    public int Groups { get; private set; }
    public List<Catalog.Dataset> Recent { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var byKind = await db.Organisations.GroupBy(o => o.Kind).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        Organisations = byKind.Sum(k => k.Count);
        Agencies = byKind.Where(k => k.Key == OrganisationKind.PublicAgency).Sum(k => k.Count);
        Companies = byKind.Where(k => k.Key == OrganisationKind.Company).Sum(k => k.Count);
        People = await db.Users.CountAsync(u => !u.IsDisabled, ct);
        Groups = await db.Groups.CountAsync(ct);
        // Private datasets count and show only for those who may read them: their organisations' members.
        var readable = await access.ReadableOrganisationsAsync(User, ct);
        var listed = Catalog.CatalogAccess.Listed(db.Datasets, readable);
        Datasets = await listed.CountAsync(ct);
        Recent = await listed.Include(d => d.OwnerOrg).OrderByDescending(d => d.ModifiedAt).ThenBy(d => d.Name).Take(8).ToListAsync(ct);
    }
}
