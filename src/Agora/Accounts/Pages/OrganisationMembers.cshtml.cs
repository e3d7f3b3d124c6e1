using Agora.Storage;
using Agora.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Agora.Accounts.Pages;

/// <summary>Admins of an organisation (and system administrators) add, re-role and remove members.</summary>
[Authorize]
public sealed class OrganisationMembersModel(AgoraDbContext db, AccountManager accounts) : PageModel
{
    public Organisation Org { get; private set; } = null!;
    public List<MemberDto> Members { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct) => await LoadAsync(slug, ct) ?? Page();

    public Task<IActionResult> OnPostAddAsync(string slug, string login, MembershipRole? role, CancellationToken ct) =>
        Change(slug, login, ct, async user => await accounts.SetMemberAsync(Org, user, KnownRole(role), ct), "{0} is now a member.");

    public Task<IActionResult> OnPostRoleAsync(string slug, string login, MembershipRole? role, CancellationToken ct) =>
        Change(slug, login, ct, async user => await accounts.SetMemberAsync(Org, user, KnownRole(role), ct), "{0}'s role is changed.");

    static MembershipRole KnownRole(MembershipRole? role) =>
        role ?? throw new InvalidInputException("role", "Choose admin, editor or member.");

    public Task<IActionResult> OnPostRemoveAsync(string slug, string login, CancellationToken ct) =>
        Change(slug, login, ct, user => accounts.RemoveMemberAsync(Org, user.Id, ct), "{0} is removed.");

    async Task<IActionResult> Change(string slug, string login, CancellationToken ct, Func<User, Task> change, string notice)
    {
        if (await LoadAsync(slug, ct) is { } denied) return denied;
        try
        {
            var user = await accounts.FindPersonAsync(User, login ?? "", ct);
            await change(user);
            TempData["Notice"] = string.Format(notice, user.DisplayName);
            return RedirectToPage();
        }
        catch (Exception e) when (PageErrors.Show(ModelState, e))
        {
            Members = await OrganisationsApi.Members(db, Org.Id, ct);
            return Page();
        }
    }

    async Task<IActionResult?> LoadAsync(string slug, CancellationToken ct)
    {
        var org = await db.Organisations.FirstOrDefaultAsync(o => o.Slug == slug, ct);
        if (org is null) return NotFound();
        if (!await OrganisationsApi.CanManageAsync(accounts, User, org, ct)) return Forbid();
        Org = org;
        Members = await OrganisationsApi.Members(db, org.Id, ct);
        return null;
    }
}
