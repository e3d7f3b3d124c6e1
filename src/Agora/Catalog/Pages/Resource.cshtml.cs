using Agora.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Agora.Catalog.Pages;

/// <summary>A resource's page: what it is, where to get it, and a preview of an uploaded file.</summary>
public sealed class ResourceModel(DatasetManager datasets, CatalogAccess access, FileStore files, ILogger<ResourceModel> log) : PageModel
{
    public Dataset Dataset { get; private set; } = null!;
    public Resource Resource { get; private set; } = null!;
    public string ResourceName { get; private set; } = "";
    public bool CanEdit { get; private set; }
    public ResourcePreview Preview { get; private set; } = null!;

    /// <summary>Where the data is: the download route for an upload, the link otherwise (null if not a web address).</summary>
    public string? Href { get; private set; }

    public async Task<IActionResult> OnGetAsync(string name, Guid id, CancellationToken ct)
    {
        var (dataset, refused) = await DatasetPages.FindAsync(this, datasets, access, name, toEdit: false, ct);
        if (dataset is null) return refused!;
        if (dataset.Resources.FirstOrDefault(r => r.Id == id) is not { } resource) return NotFound();
        (Dataset, Resource) = (dataset, resource);
        ResourceName = string.IsNullOrEmpty(resource.Name) ? "Resource" : resource.Name;
        CanEdit = await access.CanEditAsync(User, dataset.OwnerOrgId, ct);
        Href = DatasetPages.Href(dataset, resource);
        Preview = await ResourcePreview.BuildAsync(resource, files, log, ct);
        return Page();
    }
}
