using Agora.Storage;
using Agora.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Agora.Accounts.Pages;

[Authorize]
public sealed class OrganisationNewModel(AgoraDbContext db, AccountManager accounts) : PageModel
{
    [BindProperty] public OrganisationForm Form { get; set; } = new();

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // Model binding errors (an unknown kind, say) are shown with the domain's own checks.
        ModelState.Clear();
        try
        {
            var user = await db.Users.FirstAsync(u => u.Id == User.RequiredUserId(), ct);
            var org = await accounts.CreateOrganisationAsync(Form.ToInput(), user, ct);
            TempData["Notice"] = $"{org.Name} is created, and you are its admin.";
            return Redirect($"/organisations/{org.Slug}");
        }
        catch (Exception e) when (PageErrors.Show(ModelState, e, nameof(Form)))
        {
            return Page();
        }
    }
}
