using System.Security.Claims;
using Agora.Accounts;
using Agora.Storage;
using Agora.Web;
using Microsoft.EntityFrameworkCore;

namespace Agora.Procurement;

/// <summary>Evaluating the bids once the deadline has passed: evaluators declare whether they have a
/// conflict of interest; those without one score each bid on each criterion (0 to MaxPoints, with a
/// comment). A bid's weighted total is Σ weight × mean(points) / MaxPoints over the criteria, 0–100, the
/// mean taken over the evaluators without conflict who scored it; bids are ranked per lot by total.</summary>
public sealed class Evaluation(AgoraDbContext db, ProcedureManager procedures, ProcedureAccess access, TimeProvider clock)
{
    public async Task<Evaluator> DeclareAsync(Guid id, ConflictInput input, ClaimsPrincipal caller, CancellationToken ct)
    {
        var p = await procedures.FindAsync(id, caller, ct);
        var userId = caller.RequiredUserId();
        var evaluator = await db.Evaluators.FirstOrDefaultAsync(e => e.ProcedureId == p.Id && e.UserId == userId, ct)
            ?? throw new ForbiddenException("You are not an evaluator of this procedure.");
        new Validator()
            .Check(input.HasConflict is not null, "hasConflict", "Say whether you have a conflict of interest (true or false).")
            .Check(input.HasConflict != true || !string.IsNullOrWhiteSpace(input.Statement), "statement", "Describe the conflict of interest.")
            .Check(input.Statement is not { Length: > 5000 }, "statement", "At most 5,000 characters.")
            .ThrowIfInvalid();
        if (evaluator.HasConflict == true && input.HasConflict == false)
            throw new ConflictException("A declared conflict of interest cannot be withdrawn.");
        if (p.Status is ProcedureStatus.Cancelled or ProcedureStatus.Completed)
            throw new ConflictException($"The procedure is {EnumText.Name(p.Status)}.");
        evaluator.HasConflict = input.HasConflict;
        evaluator.Statement = string.IsNullOrWhiteSpace(input.Statement) ? null : input.Statement.Trim();
        evaluator.DeclaredAt = clock.UtcNow();
        await db.SaveChangesAsync(ct);
        return evaluator;
    }

    /// <summary>Sets the caller's points for one bid on one criterion.</summary>
    public async Task<BidScore> ScoreAsync(Guid id, ScoreInput input, ClaimsPrincipal caller, CancellationToken ct)
    {
        var p = await procedures.FindAsync(id, caller, ct);
        var viewer = await access.ViewerAsync(caller, p, ct);
        var bid = await db.Bids.FirstOrDefaultAsync(b => b.Id == input.BidId && b.ProcedureId == p.Id, ct);
        var evaluator = await db.Evaluators.AsNoTracking().FirstOrDefaultAsync(e => e.ProcedureId == p.Id && e.UserId == viewer.UserId, ct);
        var refusal = viewer.Sealed ? "sealed" : evaluator is null ? "not-evaluator" : evaluator.HasConflict is null ? "undeclared"
            : evaluator.HasConflict == true ? "conflict" : null;
        if (bid is not null && (refusal is not null || bid.Status == BidStatus.Submitted)) access.Log(bid.Id, viewer.UserId, "score", refusal is null);
        if (refusal is not null) await access.SaveLogAsync(ct);
        switch (refusal)
        {
            case "sealed": throw new ConflictException($"The bids are sealed until {Labels.Time(p.TenderEnd)}.");
            case "not-evaluator": throw new ForbiddenException("Only the procedure's evaluators score bids.");
            case "undeclared": throw new ForbiddenException("Declare whether you have a conflict of interest before scoring.");
            case "conflict": throw new ForbiddenException("You declared a conflict of interest and take no part in the evaluation.");
        }
        if (p.Status != ProcedureStatus.Evaluation) throw new ConflictException($"The procedure is {EnumText.Name(p.Status)}, not in evaluation.");
        if (bid is not { Status: BidStatus.Submitted }) throw new NotFoundException($"No bid {input.BidId} to score.");
        new Validator()
            .Check(p.Criteria.Any(c => c.Id == input.CriterionId), "criterionId", "Not a criterion of this procedure.")
            .Check(input.Points is { } points && points >= 0 && points <= p.MaxPoints, "points", $"A whole number from 0 to {p.MaxPoints}.")
            .Check(input.Comment is not { Length: > 5000 }, "comment", "At most 5,000 characters.")
            .ThrowIfInvalid();
        var userId = viewer.UserId!.Value;
        var score = await db.BidScores.FirstOrDefaultAsync(s => s.BidId == bid.Id && s.CriterionId == input.CriterionId && s.EvaluatorUserId == userId, ct);
        if (score is null) db.BidScores.Add(score = new BidScore { BidId = bid.Id, CriterionId = input.CriterionId, EvaluatorUserId = userId });
        score.Points = input.Points!.Value;
        score.Comment = string.IsNullOrWhiteSpace(input.Comment) ? null : input.Comment.Trim();
        score.ScoredAt = clock.UtcNow();
        await db.SaveChangesAsync(ct);
        return score;
    }

    /// <summary>Scores: an evaluator sees their own; the lead's editors see everyone's. None exist before the deadline.</summary>
    public async Task<List<ScoreDto>> ScoresAsync(Guid id, ClaimsPrincipal caller, CancellationToken ct)
    {
        var p = await procedures.FindAsync(id, caller, ct);
        var viewer = await access.ViewerAsync(caller, p, ct);
        if (viewer.Sealed || viewer.UserId is not { } userId) return [];
        var query = db.BidScores.AsNoTracking().Where(s => db.Bids.Any(b => b.Id == s.BidId && b.ProcedureId == p.Id));
        if (!viewer.IsLeadEditor) query = query.Where(s => s.EvaluatorUserId == userId);
        return await query.OrderBy(s => s.BidId).ThenBy(s => s.CriterionId)
            .Join(db.Users, s => s.EvaluatorUserId, u => u.Id, (s, u) => new ScoreDto(s.BidId, s.CriterionId, s.EvaluatorUserId, u.UserName,
                s.Points, s.Comment, s.ScoredAt))
            .ToListAsync(ct);
    }

    /// <summary>The ranking of each lot's bids, for the lead's editors and evaluators without conflict after the deadline.</summary>
    public async Task<List<LotRankingDto>> RankingAsync(Guid id, ClaimsPrincipal caller, CancellationToken ct)
    {
        var p = await procedures.FindAsync(id, caller, ct);
        var viewer = await access.ViewerAsync(caller, p, ct);
        if (viewer.Sealed) throw new ConflictException($"The bids are sealed until {Labels.Time(p.TenderEnd)}.");
        var bids = await db.Bids.AsNoTracking().Include(b => b.SupplierOrg)
            .Where(b => b.ProcedureId == p.Id && b.Status == BidStatus.Submitted).ToListAsync(ct);
        foreach (var bid in bids) access.Log(bid.Id, viewer.UserId, "ranking", viewer.SeesAll);
        await access.SaveLogAsync(ct);
        if (!viewer.SeesAll) throw new ForbiddenException("Only the lead buyer's editors and evaluators without a conflict of interest see the ranking.");
        var clean = db.Evaluators.Where(e => e.ProcedureId == p.Id && e.HasConflict == false).Select(e => e.UserId);
        var bidIds = bids.Select(b => b.Id).ToList();
        var scores = await db.BidScores.AsNoTracking().Where(s => bidIds.Contains(s.BidId) && clean.Contains(s.EvaluatorUserId)).ToListAsync(ct);
        return Rank(p, bids, scores);
    }

    /// <summary>The weighted totals and ranks (equal totals share a rank; then the lower price is listed first).</summary>
    public static List<LotRankingDto> Rank(Procedure p, IReadOnlyList<Bid> bids, IReadOnlyList<BidScore> scores)
    {
        var criteria = p.Criteria.OrderBy(c => c.Position).ToList();
        var result = new List<LotRankingDto>();
        foreach (var lot in p.Lots.OrderBy(l => l.Number))
        {
            var rows = bids.Where(b => b.LotId == lot.Id).Select(b =>
            {
                var perCriterion = criteria.Select(c =>
                {
                    var points = scores.Where(s => s.BidId == b.Id && s.CriterionId == c.Id).Select(s => s.Points).ToList();
                    return new CriterionScoreDto(c.Id, c.Name, c.Weight, points.Count == 0 ? null : points.Average(), points.Count);
                }).ToList();
                var total = perCriterion.Sum(c => c.Weight * (c.MeanPoints ?? 0) / p.MaxPoints);
                return (Bid: b, Total: Math.Round(total, 2), Complete: perCriterion.All(c => c.Scores > 0), Criteria: perCriterion);
            }).OrderByDescending(r => r.Total).ThenBy(r => r.Bid.PriceMinor).ToList();
            var ranked = rows.Select((r, i) => new RankedBidDto(
                rows.FindIndex(x => x.Total == r.Total) + 1, r.Bid.Id, new OrgRef(r.Bid.SupplierOrgId, r.Bid.SupplierOrg.Slug, r.Bid.SupplierOrg.Name),
                r.Bid.PriceMinor, r.Total, r.Complete, r.Criteria)).ToList();
            result.Add(new LotRankingDto(lot.Id, lot.Number, lot.Title, ranked));
        }
        return result;
    }

    /// <summary>The bid access log: the lead's editors see all of it once the deadline has passed (before,
    /// even its length would tell how many bids there are); members of a bidding company see their own bids' log.</summary>
    public async Task<List<AuditEntryDto>> AuditAsync(Guid id, ClaimsPrincipal caller, CancellationToken ct)
    {
        var p = await procedures.FindAsync(id, caller, ct);
        var viewer = await access.ViewerAsync(caller, p, ct);
        var all = !viewer.Sealed && viewer.IsLeadEditor;
        var orgs = viewer.Organisations.ToList();
        if (!all && !await db.Bids.AnyAsync(b => b.ProcedureId == p.Id && orgs.Contains(b.SupplierOrgId), ct))
            throw new ForbiddenException("The bid access log is for the lead buyer's editors (after the deadline) and the bidders.");
        var bids = db.Bids.Where(b => b.ProcedureId == p.Id && (all || orgs.Contains(b.SupplierOrgId)));
        var lots = p.Lots.ToDictionary(l => l.Id, l => l.Number);
        var rows = await db.BidAccessLog.AsNoTracking()
            .Join(bids, a => a.BidId, b => b.Id, (a, b) => new { a, b.LotId, Supplier = b.SupplierOrg.Name })
            .OrderBy(x => x.a.Id)
            .Select(x => new { x.a.Id, x.a.BidId, x.LotId, x.Supplier, x.a.UserId, UserName = db.Users.Where(u => u.Id == x.a.UserId).Select(u => u.UserName).FirstOrDefault(),
                x.a.Action, x.a.Allowed, x.a.At })
            .ToListAsync(ct);
        return rows.Select(r => new AuditEntryDto(r.Id, r.BidId, lots.GetValueOrDefault(r.LotId), r.Supplier, r.UserId, r.UserName, r.Action, r.Allowed, r.At)).ToList();
    }
}
