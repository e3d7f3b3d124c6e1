using Agora.Catalog.Ckan;
using Agora.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Agora.Catalog.Pages;

/// <summary>Adding a file or a link to a dataset, through resource_create's own code.</summary>
[Authorize]
[UploadLimit]
public sealed class ResourceNewModel(DatasetManager datasets, CatalogAccess access, IOptions<AgoraOptions> options) : PageModel
{
    [BindProperty] public ResourceForm Form { get; set; } = new();
    public Dataset Dataset { get; private set; } = null!;
    public long MaxUploadBytes => options.Value.MaxUploadBytes;

    public async Task<IActionResult> OnGetAsync(string name, CancellationToken ct)
    {
        var (dataset, refused) = await DatasetPages.FindAsync(this, datasets, access, name, toEdit: true, ct);
        if (dataset is null) return refused!;
        Dataset = dataset;
        UploadLimitAttribute.ShowMessage(Request, ModelState);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string name, CancellationToken ct)
    {
        var (dataset, refused) = await DatasetPages.FindAsync(this, datasets, access, name, toEdit: true, ct);
        if (dataset is null) return refused!;
        Dataset = dataset;
        ModelState.Clear();
        var upload = Request.Form.Files.GetFile("upload") is { Length: > 0 } file ? file : null;
        var link = Form.Url?.Trim();
        if (upload is null && string.IsNullOrEmpty(link)) ModelState.AddModelError("Form.Url", "Choose a file to upload, or give a link to the data.");
        else if (upload is not null && !string.IsNullOrEmpty(link)) ModelState.AddModelError("Form.Url", "Give either a file or a link, not both.");
        if (!ModelState.IsValid) return Page();

        var input = Form.ToInput();
        input["package_id"] = dataset.Id.ToString();
        if (link is not null && upload is null) input["url"] = link;
        if (string.IsNullOrWhiteSpace(Form.Name)) input["name"] = ResourcePages.NameFrom(upload?.FileName ?? link);
        try
        {
            var (_, resource) = await datasets.CreateResourceAsync(new CkanRequest(input, Request.Form.Files, User), ct);
            TempData["Notice"] = "The resource is added.";
            return Redirect($"/dataset/{dataset.Name}/resource/{resource.Id}");
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
}

static class ResourcePages
{
    /// <summary>A resource's default name: the file name, or the last part of the link's path.</summary>
    public static string NameFrom(string? fileOrUrl)
    {
        if (string.IsNullOrWhiteSpace(fileOrUrl)) return "";
        var path = Uri.TryCreate(fileOrUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "ftp"
            ? Uri.UnescapeDataString(uri.AbsolutePath) : fileOrUrl;
        var last = Path.GetFileName(path.Replace('\\', '/').TrimEnd('/'));
        return last.Length > 0 ? last : uri?.Host ?? fileOrUrl;
    }
}
