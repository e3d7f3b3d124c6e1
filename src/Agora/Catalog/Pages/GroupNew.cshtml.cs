using Agora.Accounts;
using Agora.Catalog.Ckan;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Agora.Catalog.Pages;

/// <summary>Creating a group: system administrators only, as group_create.</summary>
[Authorize(Policy = Authentication.SysAdminPolicy)]
public sealed class GroupNewModel(GroupManager groups) : PageModel
{
    [BindProperty] public GroupForm Form { get; set; } = new();

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        try
        {
            var group = await groups.CreateAsync(Form.ToInput(), User, ct);
            TempData["Notice"] = $"The group {group.Title ?? group.Name} is created.";
            return Redirect($"/group/{group.Name}");
        }
        catch (CkanException e) when (GroupForm.ShowErrors(ModelState, e))
        {
            return Page();
        }
    }
}
