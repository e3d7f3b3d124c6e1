using Agora.Catalog.Ckan;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Agora.Catalog.Pages;

/// <summary>Changing a dataset's metadata (its resources have pages of their own). Saved as package_patch
/// does, so groups and resources the form does not show stay as they are.</summary>
[Authorize]
public sealed class DatasetEditModel(DatasetManager datasets, CatalogAccess access) : PageModel
{
    [BindProperty] public DatasetForm Form { get; set; } = new();
    public List<Accounts.Organisation> Organisations { get; private set; } = [];

    /// <summary>The dataset's name and title as stored (the form may hold changes not yet saved).</summary>
    public string Name { get; private set; } = "";
    public string Title { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string name, CancellationToken ct)
    {
        var (dataset, refused) = await DatasetPages.FindAsync(this, datasets, access, name, toEdit: true, ct);
        if (dataset is null) return refused!;
        Form = DatasetForm.From(dataset);
        await ShowAsync(dataset, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string name, CancellationToken ct)
    {
        var (dataset, refused) = await DatasetPages.FindAsync(this, datasets, access, name, toEdit: true, ct);
        if (dataset is null) return refused!;
        ModelState.Clear();
        await ShowAsync(dataset, ct);
        var input = Form.ToInput();
        input["id"] = dataset.Id.ToString();
        try
        {
            var saved = await datasets.PatchAsync(input, User, ct);
            TempData["Notice"] = "The dataset is saved.";
            return Redirect($"/dataset/{saved.Name}");
        }
        catch (CkanException e) when (e.Status == StatusCodes.Status409Conflict)
        {
            DatasetForm.ShowErrors(ModelState, e);
        }
        catch (CkanException)
        {
            return DatasetPages.Refuse(this);
        }
        Form.PadExtras();
        return Page();
    }

    async Task ShowAsync(Dataset dataset, CancellationToken ct)
    {
        Name = dataset.Name;
        Title = dataset.Title ?? dataset.Name;
        Organisations = await access.PublishableOrganisationsAsync(User, ct);
        // Its own organisation is always listed, even for an editor who could not move a dataset there.
        if (dataset.OwnerOrg is { } owner && Organisations.All(o => o.Id != owner.Id)) Organisations.Insert(0, owner);
        Form.PadExtras();
    }
}
