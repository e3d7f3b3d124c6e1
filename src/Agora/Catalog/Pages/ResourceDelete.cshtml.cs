using System.Text.Json.Nodes;
using Agora.Catalog.Ckan;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Agora.Catalog.Pages;

/// <summary>Deleting a resource, after asking; an uploaded file goes with it.</summary>
[Authorize]
public sealed class ResourceDeleteModel(DatasetManager datasets, CatalogAccess access) : PageModel
{
    public Dataset Dataset { get; private set; } = null!;
    public Resource Resource { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string name, Guid id, CancellationToken ct) =>
        await LoadAsync(name, id, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(string name, Guid id, CancellationToken ct)
    {
        if (await LoadAsync(name, id, ct) is { } refused) return refused;
        try
        {
            var request = new CkanRequest(new JsonObject { ["id"] = Resource.Id.ToString() }, new FormFileCollection(), User);
            await datasets.DeleteResourceAsync(request, ct);
        }
        catch (CkanException)
        {
            return DatasetPages.Refuse(this);
        }
        TempData["Notice"] = $"“{Resource.Name ?? "The resource"}” is deleted.";
        return Redirect($"/dataset/{Dataset.Name}");
    }

    async Task<IActionResult?> LoadAsync(string name, Guid id, CancellationToken ct)
    {
        var (dataset, refused) = await DatasetPages.FindAsync(this, datasets, access, name, toEdit: true, ct);
        if (dataset is null) return refused;
        if (dataset.Resources.FirstOrDefault(r => r.Id == id) is not { } resource) return NotFound();
        (Dataset, Resource) = (dataset, resource);
        return null;
    }
}
