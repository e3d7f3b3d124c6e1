using Agora.Accounts;
using Agora.Catalog.Ckan;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Agora.Catalog.Pages;

/// <summary>Changing a group's title, description and image: system administrators only.</summary>
[Authorize(Policy = Authentication.SysAdminPolicy)]
public sealed class GroupEditModel(GroupManager groups) : PageModel
{
    public Group Current { get; private set; } = null!;
    [BindProperty] public GroupForm Form { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(string name, CancellationToken ct)
    {
        if (await groups.FindAsync(name, ct) is not { } group || group.Name != name) return NotFound();
        Current = group;
        Form = GroupForm.From(group);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string name, CancellationToken ct)
    {
        if (await groups.FindAsync(name, ct) is not { } group || group.Name != name) return NotFound();
        Current = group;
        ModelState.Clear();
        try
        {
            await groups.UpdateAsync(group, Form.ToInput(), User, ct);
        }
        catch (CkanException e) when (GroupForm.ShowErrors(ModelState, e))
        {
            return Page();
        }
        TempData["Notice"] = "Saved.";
        return Redirect($"/group/{group.Name}");
    }
}
