using Agora.Storage;
using Agora.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Agora.Accounts.Pages;

[Authorize]
public sealed class OrganisationEditModel(AgoraDbContext db, AccountManager accounts, FileStore files, TimeProvider clock) : PageModel
{
    public Organisation Current { get; private set; } = null!;
    [BindProperty] public OrganisationForm Form { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        if (await LoadAsync(slug, ct) is { } denied) return denied;
        Form = OrganisationForm.From(Current);
        return Page();
    }

    public async Task<IActionResult> OnPostDetailsAsync(string slug, CancellationToken ct)
    {
        if (await LoadAsync(slug, ct) is { } denied) return denied;
        ModelState.Clear();
        try
        {
            await accounts.UpdateOrganisationAsync(Current, Form.ToInput(), ct);
        }
        catch (Exception e) when (PageErrors.Show(ModelState, e, nameof(Form)))
        {
            await db.Entry(Current).ReloadAsync(ct);
            return Page();
        }
        TempData["Notice"] = "Saved.";
        return Redirect($"/organisations/{Current.Slug}");
    }

    public async Task<IActionResult> OnPostLogoAsync(string slug, IFormFile? logoFile, CancellationToken ct)
    {
        if (await LoadAsync(slug, ct) is { } denied) return denied;
        Form = OrganisationForm.From(Current);
        if (logoFile is null || logoFile.Length == 0)
        {
            ModelState.AddModelError("Logo", "Choose an image file.");
            return Page();
        }
        try
        {
            await using var stream = logoFile.OpenReadStream();
            await OrganisationsApi.SaveLogoAsync(Current, logoFile.ContentType, stream, db, files, clock, ct);
        }
        catch (Exception e) when (PageErrors.Show(ModelState, e))
        {
            return Page();
        }
        TempData["Notice"] = "The logo is updated.";
        return Redirect($"/organisations/{Current.Slug}");
    }

    async Task<IActionResult?> LoadAsync(string slug, CancellationToken ct)
    {
        var org = await db.Organisations.FirstOrDefaultAsync(o => o.Slug == slug, ct);
        if (org is null) return NotFound();
        if (!await OrganisationsApi.CanManageAsync(accounts, User, org, ct)) return Forbid();
        Current = org;
        return null;
    }
}
