using Agora.Storage;
using Agora.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Agora.Accounts.Pages;

[Authorize]
public sealed class AccountModel(AgoraDbContext db, AccountManager accounts) : PageModel
{
    public User Me { get; private set; } = null!;
    public List<MyOrganisationDto> Organisations { get; private set; } = [];

    [BindProperty] public string CurrentPassword { get; set; } = "";
    [BindProperty] public string NewPassword { get; set; } = "";

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostPasswordAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        try
        {
            await accounts.ChangePasswordAsync(Me, CurrentPassword ?? "", NewPassword ?? "", ct);
        }
        catch (Exception e) when (PageErrors.Show(ModelState, e))
        {
            return Page();
        }
        // The security stamp changed, which ends other sessions; keep this one.
        await SignInModel.SignInCookieAsync(HttpContext, Me);
        TempData["Notice"] = "Your password is changed. Other sessions have been signed out.";
        return RedirectToPage();
    }

    async Task LoadAsync(CancellationToken ct)
    {
        var id = User.RequiredUserId();
        Me = await db.Users.FirstAsync(u => u.Id == id, ct);
        Organisations = await db.Memberships.Where(m => m.UserId == id).OrderBy(m => m.Organisation.Name)
            .Select(m => new MyOrganisationDto(m.OrganisationId, m.Organisation.Slug, m.Organisation.Name, m.Organisation.Kind, m.Role))
            .ToListAsync(ct);
    }
}
