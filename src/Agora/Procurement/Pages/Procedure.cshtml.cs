using Agora.Storage;
using Agora.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Agora.Procurement.Pages;

/// <summary>A procedure's overview, and the lead's planning forms (lots, criteria, buyers, evaluators, publish, cancel).</summary>
public sealed class ProcedureModel(ProcedureManager procedures, ProcedureAccess access, AwardManager awards, AgoraDbContext db, TimeProvider clock)
    : PageModel
{
    public Procedure Procedure { get; private set; } = null!;
    public BidCountDto Bids { get; private set; } = new(true, null);
    public bool IsLead { get; private set; }
    public BidViewer Viewer { get; private set; } = null!;
    public bool IsEvaluator { get; private set; }
    public bool CanBid { get; private set; }
    public List<AwardDto> Awards { get; private set; } = [];
    public List<ContractDto> Contracts { get; private set; } = [];
    public DateTime Now { get; private set; }

    [BindProperty] public List<CriterionRow> Criteria { get; set; } = [];

    public sealed class CriterionRow
    {
        public string? Name { get; set; }
        public CriterionKind Kind { get; set; }
        public int? Weight { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        try
        {
            await LoadAsync(id, ct);
        }
        catch (NotFoundException) { return NotFound(); }
        return Page();
    }

    public Task<IActionResult> OnPostLotAsync(Guid id, string? title, string? description, decimal? estimatedValue, CancellationToken ct) =>
        Act(id, "The lot is added.", () => procedures.AddLotAsync(id, new LotInput(title, description, ProcedurePages.ToMinor(estimatedValue)), User, ct), ct);

    public Task<IActionResult> OnPostRemoveLotAsync(Guid id, int number, CancellationToken ct) =>
        Act(id, "The lot is removed.", () => procedures.RemoveLotAsync(id, number, User, ct), ct);

    public Task<IActionResult> OnPostCriteriaAsync(Guid id, CancellationToken ct) =>
        Act(id, "The award criteria are saved.", () => procedures.SetCriteriaAsync(id,
            Criteria.Where(c => !string.IsNullOrWhiteSpace(c.Name)).Select(c => new CriterionInput(c.Name, null, c.Kind, c.Weight)).ToList(), User, ct), ct);

    public Task<IActionResult> OnPostBuyerAsync(Guid id, string? organisation, CancellationToken ct) =>
        Act(id, "The buyer is added.", () => procedures.AddBuyerAsync(id, new BuyerInput(organisation), User, ct), ct);

    public Task<IActionResult> OnPostEvaluatorAsync(Guid id, string? user, CancellationToken ct) =>
        Act(id, "The evaluator is named.", () => procedures.AddEvaluatorAsync(id, new EvaluatorInput(user), User, ct), ct);

    public Task<IActionResult> OnPostPublishAsync(Guid id, CancellationToken ct) =>
        Act(id, "The call for tenders is published.", () => procedures.PublishAsync(id, User, ct), ct);

    public Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken ct) =>
        Act(id, "The procedure is cancelled.", () => procedures.CancelAsync(id, User, ct), ct);

    async Task<IActionResult> Act(Guid id, string notice, Func<Task> action, CancellationToken ct)
    {
        ModelState.Clear();
        if (User.Identity?.IsAuthenticated != true) return Challenge();
        try
        {
            await action();
            TempData["Notice"] = notice;
            return Redirect($"/procurements/{id}");
        }
        catch (NotFoundException) when (!ModelState.Any()) { return NotFound(); }
        catch (Exception e) when (PageErrors.Show(ModelState, e))
        {
            db.ChangeTracker.Clear();
            await LoadAsync(id, ct);
            return Page();
        }
    }

    async Task LoadAsync(Guid id, CancellationToken ct)
    {
        Procedure = await procedures.FindAsync(id, User, ct);
        Now = clock.UtcNow();
        Bids = await procedures.BidCountAsync(Procedure, ct);
        IsLead = await access.IsLeadAsync(User, Procedure, ct);
        Viewer = await access.ViewerAsync(User, Procedure, ct);
        var userId = Viewer.UserId;
        IsEvaluator = userId is not null && await db.Evaluators.AnyAsync(e => e.ProcedureId == id && e.UserId == userId, ct);
        CanBid = Procedure.Status == ProcedureStatus.Tender && Viewer.Sealed && Procedure.TenderStart <= Now
            && await db.Organisations.AnyAsync(o => Viewer.EditorOf.Contains(o.Id) && o.Kind == Accounts.OrganisationKind.Company, ct);
        Awards = await awards.AwardsAsync(id, User, ct);
        Contracts = await awards.ContractsAsync(id, User, ct);
        if (Criteria.Count == 0)
            Criteria = Procedure.Criteria.OrderBy(c => c.Position).Select(c => new CriterionRow { Name = c.Name, Kind = c.Kind, Weight = c.Weight }).ToList();
        while (Criteria.Count < Procedure.Criteria.Count + 2) Criteria.Add(new CriterionRow());
    }
}
