using Agora.Accounts;
using Agora.Challenges;
using Agora.Web;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Agora.Procurement.Pages;

/// <summary>The procedures the reader may see, newest change first.</summary>
public sealed class ProceduresModel(ProcedureManager procedures, ChallengeAccess challenges) : PageModel
{
    public List<ProcedureSummaryDto> Items { get; private set; } = [];
    public int Total { get; private set; }
    public ProcedureStatus? Status { get; private set; }
    public bool CanCreate { get; private set; }

    public async Task OnGetAsync(string? status, CancellationToken ct)
    {
        try { Status = EnumText.Parse<ProcedureStatus>(status, "status"); } catch (InvalidInputException) { Status = null; }
        (Total, Items) = await procedures.ListAsync(User, Status, null, null, null, 0, 200, ct);
        CanCreate = (await challenges.EditableOrganisationsAsync(User, ct)).Any(o => o.Kind == OrganisationKind.PublicAgency);
    }
}
