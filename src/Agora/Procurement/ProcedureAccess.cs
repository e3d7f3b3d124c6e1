using System.Security.Claims;
using Agora.Accounts;
using Agora.Challenges;
using Agora.Storage;
using Microsoft.EntityFrameworkCore;

namespace Agora.Procurement;

/// <summary>Who may see and run a procedure, and who may see its bids (docs/design/challenges-procurement.md).
/// Sealed bids are the strict part: before the tender deadline only members of the bidding company see a
/// bid — not the buyers, not system administrators; afterwards also the editors of the lead buyer and the
/// evaluators who declared no conflict of interest. Every look at a bid, allowed or not, is a
/// <see cref="BidAccess"/> row.</summary>
public sealed class ProcedureAccess(AgoraDbContext db, ChallengeAccess challenges, TimeProvider clock)
{
    static bool IsEditorRole(MembershipRole role) => role is MembershipRole.Editor or MembershipRole.Admin;

    public static Guid LeadOf(Procedure p) => p.Buyers.First(b => b.IsLead).OrganisationId;

    /// <summary>Editors of the lead buyer and system administrators run the procedure.</summary>
    public Task<bool> IsLeadAsync(ClaimsPrincipal caller, Procedure p, CancellationToken ct) =>
        challenges.IsEditorOfAsync(caller, LeadOf(p), ct);

    public async Task EnsureLeadAsync(ClaimsPrincipal caller, Procedure p, CancellationToken ct)
    {
        if (!await IsLeadAsync(caller, p, ct))
            throw new Web.ForbiddenException("Only editors of the lead buyer may change this procedure.");
    }

    /// <summary>Published procedures are public; one still being planned is seen by members of its buyers
    /// and by system administrators.</summary>
    public async Task<bool> CanReadAsync(ClaimsPrincipal caller, Procedure p, CancellationToken ct)
    {
        if (p.PublishedAt is not null || caller.IsSysAdmin()) return true;
        if (caller.UserId() is not { } userId) return false;
        var buyers = p.Buyers.Select(b => b.OrganisationId).ToList();
        return await db.Memberships.AnyAsync(m => m.UserId == userId && buyers.Contains(m.OrganisationId), ct);
    }

    /// <summary>Procedures the caller may see in lists.</summary>
    public async Task<IQueryable<Procedure>> ListedAsync(ClaimsPrincipal caller, CancellationToken ct)
    {
        if (caller.IsSysAdmin()) return db.Procedures;
        var orgs = caller.UserId() is { } userId
            ? await db.Memberships.Where(m => m.UserId == userId).Select(m => m.OrganisationId).ToListAsync(ct)
            : [];
        return db.Procedures.Where(p => p.PublishedAt != null || p.Buyers.Any(b => orgs.Contains(b.OrganisationId)));
    }

    /// <summary>Until the tender deadline nobody but the bidders may know about bids.</summary>
    public bool IsSealed(Procedure p) => p.TenderEnd is not { } end || clock.UtcNow() < end;

    /// <summary>What the caller may see of a procedure's bids, worked out once per request.</summary>
    public async Task<BidViewer> ViewerAsync(ClaimsPrincipal caller, Procedure p, CancellationToken ct)
    {
        var sealedNow = IsSealed(p);
        if (caller.UserId() is not { } userId) return new BidViewer(null, new HashSet<Guid>(), new HashSet<Guid>(), false, false, sealedNow);
        var memberships = await db.Memberships.Where(m => m.UserId == userId)
            .Select(m => new { m.OrganisationId, m.Role }).ToListAsync(ct);
        var lead = LeadOf(p);
        // Membership, not the system administrator's claim: administrators do not read bids.
        var isLeadEditor = memberships.Any(m => m.OrganisationId == lead && IsEditorRole(m.Role));
        var evaluator = await db.Evaluators.AsNoTracking().FirstOrDefaultAsync(e => e.ProcedureId == p.Id && e.UserId == userId, ct);
        return new BidViewer(userId, memberships.Select(m => m.OrganisationId).ToHashSet(),
            memberships.Where(m => IsEditorRole(m.Role)).Select(m => m.OrganisationId).ToHashSet(),
            isLeadEditor, evaluator?.HasConflict == false, sealedNow);
    }

    /// <summary>Notes an access to a bid; saved with the caller's next SaveChanges (or by <see cref="SaveLogAsync"/>).</summary>
    public void Log(Guid bidId, Guid? userId, string action, bool allowed) =>
        db.BidAccessLog.Add(new BidAccess { BidId = bidId, UserId = userId, At = clock.UtcNow(), Action = action, Allowed = allowed });

    /// <summary>Saves refused attempts before the refusal is thrown, so they stay on record.</summary>
    public Task SaveLogAsync(CancellationToken ct) => db.SaveChangesAsync(ct);

    /// <summary>Editors (and admins) of the given organisations, to tell them news.</summary>
    public Task<List<Guid>> EditorsOfAsync(IEnumerable<Guid> organisationIds, CancellationToken ct)
    {
        var ids = organisationIds.Distinct().ToList();
        return db.Memberships.Where(m => ids.Contains(m.OrganisationId)
                && (m.Role == MembershipRole.Editor || m.Role == MembershipRole.Admin))
            .Select(m => m.UserId).Distinct().ToListAsync(ct);
    }
}

/// <summary>The caller as a reader of bids: the organisations they belong to (and edit for), whether they
/// edit for the lead buyer, whether they are an evaluator who declared no conflict, and whether the bids
/// are still sealed.</summary>
public sealed record BidViewer(Guid? UserId, IReadOnlySet<Guid> Organisations, IReadOnlySet<Guid> EditorOf, bool IsLeadEditor,
    bool IsCleanEvaluator, bool Sealed)
{
    public bool CanRead(Bid bid) => Organisations.Contains(bid.SupplierOrgId) || (!Sealed && (IsLeadEditor || IsCleanEvaluator));

    /// <summary>May read every bid of the procedure (after the deadline only).</summary>
    public bool SeesAll => !Sealed && (IsLeadEditor || IsCleanEvaluator);
}
