using Agora.Catalog.Ckan;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Agora.Catalog.Pages;

/// <summary>Deleting a dataset, after asking. As in CKAN the dataset is marked deleted: it leaves the
/// lists and search and gives up its name, and its organisation's members can still look it up.</summary>
[Authorize]
public sealed class DatasetDeleteModel(DatasetManager datasets, CatalogAccess access) : PageModel
{
    public Dataset Dataset { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string name, CancellationToken ct)
    {
        var (dataset, refused) = await DatasetPages.FindAsync(this, datasets, access, name, toEdit: true, ct);
        if (dataset is null) return refused!;
        Dataset = dataset;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string name, CancellationToken ct)
    {
        var (dataset, refused) = await DatasetPages.FindAsync(this, datasets, access, name, toEdit: true, ct);
        if (dataset is null) return refused!;
        try
        {
            await datasets.DeleteAsync(dataset.Id.ToString(), User, ct);
        }
        catch (CkanException)
        {
            return DatasetPages.Refuse(this);
        }
        TempData["Notice"] = $"“{dataset.Title ?? dataset.Name}” is deleted.";
        return Redirect(dataset.OwnerOrg is { } org ? $"/organisations/{org.Slug}" : "/datasets");
    }
}
