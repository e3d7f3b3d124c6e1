using Agora.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Agora.Accounts.Pages;

public sealed class OrganisationsModel(AgoraDbContext db) : PageModel
{
    const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public OrganisationKind? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public int Offset { get; set; }

    public int Total { get; private set; }
    public List<OrganisationDto> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var query = db.Organisations.AsNoTracking();
        if (Kind is not null) query = query.Where(o => o.Kind == Kind);
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var pattern = $"%{Q.Trim().ToLower()}%";
            query = query.Where(o => EF.Functions.Like(o.Name.ToLower(), pattern) || (o.City != null && EF.Functions.Like(o.City.ToLower(), pattern)));
        }
        Total = await query.CountAsync(ct);
        var rows = await query.OrderBy(o => o.Name).Skip(Math.Max(0, Offset)).Take(PageSize)
            .Select(o => new { Org = o, Members = o.Memberships.Count }).ToListAsync(ct);
        Items = rows.Select(r => OrganisationDto.From(r.Org, r.Members)).ToList();
    }
}
