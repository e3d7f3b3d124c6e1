using Agora.Accounts;
using Agora.Storage;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Agora.Web.Pages;

public sealed class HomeModel(AgoraDbContext db) : PageModel
{
    public int Organisations { get; private set; }
    public int Agencies { get; private set; }
    public int Companies { get; private set; }
    public int People { get; private set; }
    public int Datasets { get; private set; }
    public List<Catalog.Dataset> Recent { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var byKind = await db.Organisations.GroupBy(o => o.Kind).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        Organisations = byKind.Sum(k => k.Count);
        Agencies = byKind.Where(k => k.Key == OrganisationKind.PublicAgency).Sum(k => k.Count);
        Companies = byKind.Where(k => k.Key == OrganisationKind.Company).Sum(k => k.Count);
        People = await db.Users.CountAsync(u => !u.IsDisabled, ct);
        var listed = db.Datasets.Where(d => d.State == Catalog.DatasetState.Active && d.Visibility != Catalog.Visibility.Private);
        Datasets = await listed.CountAsync(ct);
        Recent = await listed.Include(d => d.OwnerOrg).OrderByDescending(d => d.ModifiedAt).Take(5).ToListAsync(ct);
    }
}
