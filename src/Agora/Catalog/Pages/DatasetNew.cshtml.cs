using Agora.Catalog.Ckan;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Agora.Catalog.Pages;

/// <summary>Publishing a dataset: its metadata first, then (on the next page) its data.</summary>
[Authorize]
public sealed class DatasetNewModel(DatasetManager datasets, CatalogAccess access) : PageModel
{
    [BindProperty] public DatasetForm Form { get; set; } = new();
    public List<Accounts.Organisation> Organisations { get; private set; } = [];

    public async Task OnGetAsync(string? organisation, CancellationToken ct)
    {
        Organisations = await access.PublishableOrganisationsAsync(User, ct);
        Form.Organisation = Organisations.FirstOrDefault(o => o.Slug == organisation)?.Slug
            ?? (Organisations.Count == 1 ? Organisations[0].Slug : null);
        Form.Licence = "CC-BY-4.0";
        Form.PadExtras();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // The form's fields are all text; DatasetManager checks them and says what is wrong.
        ModelState.Clear();
        if (string.IsNullOrWhiteSpace(Form.Name)) Form.Name = DatasetForm.SlugFrom(Form.Title);
        try
        {
            var dataset = await datasets.CreateAsync(Form.ToInput(), User, ct);
            TempData["Notice"] = $"“{dataset.Title ?? dataset.Name}” is created. Now add its data: upload a file or link to it.";
            return Redirect($"/dataset/{dataset.Name}/resource/new");
        }
        catch (CkanException e) when (e.Status == StatusCodes.Status409Conflict)
        {
            DatasetForm.ShowErrors(ModelState, e);
        }
        catch (CkanException)
        {
            return DatasetPages.Refuse(this);
        }
        Organisations = await access.PublishableOrganisationsAsync(User, ct);
        Form.PadExtras();
        return Page();
    }
}
