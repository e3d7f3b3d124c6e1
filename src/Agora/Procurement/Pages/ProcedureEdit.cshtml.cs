using Agora.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Agora.Procurement.Pages;

/// <summary>Editing a procedure's details: its lead's editors, while it is being planned.</summary>
[Authorize]
public sealed class ProcedureEditModel(ProcedureManager procedures) : PageModel
{
    [BindProperty] public ProcedureForm Form { get; set; } = new();
    public Procedure Procedure { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        try
        {
            Procedure = await procedures.FindPlanningAsync(id, User, ct);
        }
        catch (NotFoundException) { return NotFound(); }
        catch (ForbiddenException) { return Forbid(); }
        catch (ConflictException) { return Redirect($"/procurements/{id}"); }
        Form = ProcedureForm.From(Procedure);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        ModelState.Clear();
        try
        {
            await procedures.UpdateAsync(id, Form.ToInput(), User, ct);
            TempData["Notice"] = "The procedure is saved.";
            return Redirect($"/procurements/{id}");
        }
        catch (NotFoundException) { return NotFound(); }
        catch (ForbiddenException) { return Forbid(); }
        catch (Exception e) when (PageErrors.Show(ModelState, e, "Form"))
        {
            Procedure = await procedures.FindAsync(id, User, ct);
            return Page();
        }
    }
}
