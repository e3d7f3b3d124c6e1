using Agora.Storage;
using Agora.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Agora.Procurement.Pages;

/// <summary>Evaluation for evaluators (declaration, score grid, ranking) and the lead's award and contract
/// forms and bid access log. Nothing of the bids shows before the deadline.</summary>
[Authorize]
public sealed class EvaluationModel(ProcedureManager procedures, ProcedureAccess access, BidManager bids, Evaluation evaluation,
    AwardManager awards, AgoraDbContext db) : PageModel
{
    public Procedure Procedure { get; private set; } = null!;
    public BidViewer Viewer { get; private set; } = null!;
    public Evaluator? Me { get; private set; }
    public bool IsLead { get; private set; }
    public List<Bid> Bids { get; private set; } = [];
    public Dictionary<(Guid Bid, Guid Criterion), ScoreDto> MyScores { get; private set; } = [];
    public List<LotRankingDto> Ranking { get; private set; } = [];
    public List<AwardDto> Awards { get; private set; } = [];
    public HashSet<Guid> Contracted { get; private set; } = [];
    public List<AuditEntryDto> Audit { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        try { await LoadAsync(id, ct); } catch (NotFoundException) { return NotFound(); }
        return Page();
    }

    public Task<IActionResult> OnPostDeclareAsync(Guid id, bool hasConflict, string? statement, CancellationToken ct) =>
        Act(id, "Your declaration is recorded.", () => evaluation.DeclareAsync(id, new ConflictInput(hasConflict, statement), User, ct), ct);

    public Task<IActionResult> OnPostScoreAsync(Guid id, Guid bidId, Dictionary<Guid, int?>? points, Dictionary<Guid, string>? comments, CancellationToken ct) =>
        Act(id, "Your scores are saved.", async () =>
        {
            foreach (var (criterion, value) in points ?? [])
                if (value is not null)
                    await evaluation.ScoreAsync(id, new ScoreInput(bidId, criterion, value, comments?.GetValueOrDefault(criterion)), User, ct);
        }, ct);

    public Task<IActionResult> OnPostAwardAsync(Guid id, Guid bidId, decimal? value, string? justification, CancellationToken ct) =>
        Act(id, "The lot is awarded.", () => awards.AwardAsync(id, new AwardInput(bidId, ProcedurePages.ToMinor(value), justification), User, ct), ct);

    public Task<IActionResult> OnPostUnsuccessfulAsync(Guid id, int number, string? justification, CancellationToken ct) =>
        Act(id, "The lot is closed without an award.", () => awards.UnsuccessfulAsync(id, number, new UnsuccessfulInput(justification), User, ct), ct);

    public Task<IActionResult> OnPostContractAsync(Guid id, Guid awardId, string? title, DateOnly? periodStart, DateOnly? periodEnd,
        string? milestone, DateOnly? milestoneDue, CancellationToken ct) =>
        Act(id, "The contract is recorded.", () => awards.ContractAsync(id, new ContractInput(awardId, title, null, periodStart, periodEnd, null,
            string.IsNullOrWhiteSpace(milestone) ? [] : [new MilestoneInput(milestone, null, milestoneDue)]), User, ct), ct);

    async Task<IActionResult> Act(Guid id, string notice, Func<Task> action, CancellationToken ct)
    {
        ModelState.Clear();
        try
        {
            await action();
            TempData["Notice"] = notice;
            return Redirect($"/procurements/{id}/evaluation");
        }
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
        Viewer = await access.ViewerAsync(User, Procedure, ct);
        Me = await db.Evaluators.AsNoTracking().FirstOrDefaultAsync(e => e.ProcedureId == id && e.UserId == Viewer.UserId, ct);
        IsLead = await access.IsLeadAsync(User, Procedure, ct);
        Awards = await awards.AwardsAsync(id, User, ct);
        Contracted = (await awards.ContractsAsync(id, User, ct)).Select(c => c.AwardId).ToHashSet();
        if (!Viewer.SeesAll) return;
        Bids = (await bids.ListAsync(id, User, ct)).Bids;
        MyScores = (await evaluation.ScoresAsync(id, User, ct)).Where(s => s.EvaluatorUserId == Viewer.UserId)
            .ToDictionary(s => (s.BidId, s.CriterionId));
        Ranking = await evaluation.RankingAsync(id, User, ct);
        if (Viewer.IsLeadEditor) Audit = await evaluation.AuditAsync(id, User, ct);
    }
}
