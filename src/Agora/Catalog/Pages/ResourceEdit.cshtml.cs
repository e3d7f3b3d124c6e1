using Agora.Catalog.Ckan;
using Agora.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Agora.Catalog.Pages;

/// <summary>Changing a resource — its description, a new file, or a link instead — as resource_patch does.</summary>
[Authorize]
[UploadLimit]
public sealed class ResourceEditModel(DatasetManager datasets, CatalogAccess access, IOptions<AgoraOptions> options) : PageModel
{
    [BindProperty] public ResourceForm Form { get; set; } = new();
    public Dataset Dataset { get; private set; } = null!;
    public Resource Resource { get; private set; } = null!;
    public string ResourceName { get; private set; } = "";
    public long MaxUploadBytes => options.Value.MaxUploadBytes;

    public async Task<IActionResult> OnGetAsync(string name, Guid id, CancellationToken ct)
    {
        if (await LoadAsync(name, id, ct) is { } refused) return refused;
        Form = ResourceForm.From(Resource);
        UploadLimitAttribute.ShowMessage(Request, ModelState);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string name, Guid id, CancellationToken ct)
    {
        if (await LoadAsync(name, id, ct) is { } refused) return refused;
        ModelState.Clear();
        var upload = Request.Form.Files.GetFile("upload") is { Length: > 0 } file ? file : null;
        var link = Form.Url?.Trim();
        var uploaded = Resource.UrlType == "upload";
        if (upload is not null && !string.IsNullOrEmpty(link)) ModelState.AddModelError("Form.Url", "Give either a file or a link, not both.");
        else if (upload is null && !uploaded && string.IsNullOrEmpty(link)) ModelState.AddModelError("Form.Url", "Give a link to the data, or upload a file.");
        if (!ModelState.IsValid) return Page();

        var input = Form.ToInput();
        input["id"] = Resource.Id.ToString();
        // An uploaded file stays unless a new file or a link replaces it.
        if (!string.IsNullOrEmpty(link) && upload is null) input["url"] = link;
        // A new file gets its own media type, and its own format unless one is given.
        if (upload is not null) input["mimetype"] = null;
        if (upload is not null && string.IsNullOrWhiteSpace(Form.Format)) input["format"] = Path.GetExtension(upload.FileName).TrimStart('.');
        if (string.IsNullOrWhiteSpace(Form.Name)) input["name"] = ResourcePages.NameFrom(upload?.FileName ?? link ?? Resource.Url);
        try
        {
            await datasets.UpdateResourceAsync(new CkanRequest(input, Request.Form.Files, User), patch: true, ct);
            TempData["Notice"] = "The resource is saved.";
            return Redirect($"/dataset/{Dataset.Name}/resource/{Resource.Id}");
        }
        catch (CkanException e) when (e.Status == StatusCodes.Status409Conflict)
        {
            ResourceForm.ShowErrors(ModelState, e);
            return Page();
        }
        catch (CkanException)
        {
            return DatasetPages.Refuse(this);
        }
    }

    async Task<IActionResult?> LoadAsync(string name, Guid id, CancellationToken ct)
    {
        var (dataset, refused) = await DatasetPages.FindAsync(this, datasets, access, name, toEdit: true, ct);
        if (dataset is null) return refused;
        if (dataset.Resources.FirstOrDefault(r => r.Id == id) is not { } resource) return NotFound();
        (Dataset, Resource, ResourceName) = (dataset, resource, string.IsNullOrEmpty(resource.Name) ? "Resource" : resource.Name);
        return null;
    }
}
