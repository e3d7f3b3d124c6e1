using Agora.Accounts;
using Agora.Storage;
using Agora.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Agora.Procurement.Pages;

/// <summary>Creating a procedure: editors of a public agency, which leads it.</summary>
[Authorize]
public sealed class ProcedureNewModel(ProcedureManager procedures, AgoraDbContext db) : PageModel
{
    [BindProperty] public ProcedureForm Form { get; set; } = new();
    public List<Organisation> Agencies { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        try
        {
            var p = await procedures.CreateAsync(Form.ToInput(), User, ct);
            TempData["Notice"] = "The procedure is created. Add its lots and award criteria, then publish it.";
            return Redirect($"/procurements/{p.Id}");
        }
        catch (Exception e) when (PageErrors.Show(ModelState, e, "Form"))
        {
            await LoadAsync(ct);
            return Page();
        }
    }

    async Task LoadAsync(CancellationToken ct)
    {
        var userId = User.RequiredUserId();
        Agencies = await db.Memberships.Where(m => m.UserId == userId && m.Organisation.Kind == OrganisationKind.PublicAgency
                && (m.Role == MembershipRole.Editor || m.Role == MembershipRole.Admin))
            .Select(m => m.Organisation).OrderBy(o => o.Name).ToListAsync(ct);
    }
}
