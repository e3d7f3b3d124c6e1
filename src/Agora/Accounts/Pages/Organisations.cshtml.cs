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
        (Total, Items) = await db.Organisations.AsNoTracking().Matching(Q, Kind).PageAsync(Math.Max(0, Offset), PageSize, ct);
    }
}
