using Agora.Catalog.Ckan;
using Agora.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Agora.Catalog.Pages;

public sealed class DatasetModel(DatasetManager datasets, AgoraDbContext db, CatalogAccess access) : PageModel
{
    public Dataset Dataset { get; private set; } = null!;
    public Licence? Licence { get; private set; }
    public List<Activity> Activity { get; private set; } = [];
    public string SiteUrl { get; private set; } = "";
    public bool CanEdit { get; private set; }

    public async Task<IActionResult> OnGetAsync(string name, CancellationToken ct)
    {
        try
        {
            Dataset = await datasets.FindReadableAsync(name, User, ct);
        }
        catch (CkanException e) when (e.Status == 404)
        {
            return NotFound();
        }
        catch (CkanException)
        {
            return User.Identity?.IsAuthenticated == true ? Forbid() : Challenge();
        }
        Licence = Licence.Find(Dataset.LicenseId);
        CanEdit = await access.CanEditAsync(User, Dataset.OwnerOrgId, ct);
        SiteUrl = CkanApi.SiteUrl(Request);
        Activity = await db.Activities.Where(a => a.ObjectId == Dataset.Id).OrderByDescending(a => a.Timestamp).Take(10).ToListAsync(ct);
        return Page();
    }
}
