using Agora.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Agora.Accounts.Pages;

public sealed class OrganisationModel(AgoraDbContext db, AccountManager accounts) : PageModel
{
    public Organisation Org { get; private set; } = null!;
    public List<MemberDto> Members { get; private set; } = [];
    public bool CanManage { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        var org = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Slug == slug, ct);
        if (org is null) return NotFound();
        Org = org;
        Members = await OrganisationsApi.Members(db, org.Id, ct);
        CanManage = await OrganisationsApi.CanManageAsync(accounts, User, org, ct);
        return Page();
    }
}
