using System.Security.Claims;
using Agora.Accounts;
using Agora.Challenges;
using Agora.Notifications;
using Agora.Storage;
using Agora.Web;
using Microsoft.EntityFrameworkCore;

namespace Agora.Procurement;

/// <summary>Creates, edits, publishes, closes and cancels procedures, for the API and the web UI alike.
/// Bidding closes by itself: whenever a procedure is read or listed after its tender deadline it moves
/// from Tender to Evaluation (and the buyers' editors are told once); the lead may also close it explicitly.</summary>
public sealed partial class ProcedureManager(AgoraDbContext db, ProcedureAccess access, ChallengeAccess challenges, Notifier notifier,
    OcdsPublisher ocds, IConfiguration config, TimeProvider clock)
{
    IQueryable<Procedure> Full => db.Procedures.Include(p => p.Buyers).ThenInclude(b => b.Organisation)
        .Include(p => p.Lots).Include(p => p.Criteria).Include(p => p.Challenge).AsSplitQuery();

    /// <summary>The procedure, if the caller may know it exists (404 otherwise), moved on if its deadline passed.</summary>
    public async Task<Procedure> FindAsync(Guid id, ClaimsPrincipal caller, CancellationToken ct)
    {
        var p = await Full.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (p is null || !await access.CanReadAsync(caller, p, ct)) throw new NotFoundException($"No procedure {id}.");
        await CloseIfDueAsync(p, ct);
        return p;
    }

    /// <summary>The procedure for a change by its lead: 404, then 403 for others.</summary>
    public async Task<Procedure> FindLedAsync(Guid id, ClaimsPrincipal caller, CancellationToken ct)
    {
        var p = await FindAsync(id, caller, ct);
        await access.EnsureLeadAsync(caller, p, ct);
        return p;
    }

    public async Task<(int Total, List<ProcedureSummaryDto> Items)> ListAsync(ClaimsPrincipal caller, ProcedureStatus? status,
        ProcedureType? type, string? buyer, string? challenge, int offset, int limit, CancellationToken ct)
    {
        foreach (var due in await Full.Where(p => p.Status == ProcedureStatus.Tender && p.TenderEnd <= clock.UtcNow()).ToListAsync(ct))
            await CloseIfDueAsync(due, ct);
        var query = (await access.ListedAsync(caller, ct)).AsNoTracking();
        if (status is { } s) query = query.Where(p => p.Status == s);
        if (type is { } t) query = query.Where(p => p.Type == t);
        if (!string.IsNullOrWhiteSpace(buyer))
            query = query.Where(p => p.Buyers.Any(b => b.Organisation.Slug == buyer || b.OrganisationId.ToString() == buyer));
        if (!string.IsNullOrWhiteSpace(challenge))
            query = query.Where(p => p.Challenge != null && (p.Challenge.Slug == challenge || p.Challenge.Id.ToString() == challenge));
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(p => p.UpdatedAt).Skip(offset).Take(limit)
            .Select(p => new ProcedureSummaryDto(p.Id, p.Ocid, p.Title, p.Type, p.Status, p.Currency, p.EstimatedValueMinor, p.TenderEnd,
                p.Buyers.Where(b => b.IsLead).Select(b => b.Organisation.Name).First(), p.UpdatedAt))
            .ToListAsync(ct);
        return (total, items);
    }

    public async Task<BidCountDto> BidCountAsync(Procedure p, CancellationToken ct) => access.IsSealed(p)
        ? new BidCountDto(true, null)
        : new BidCountDto(false, await db.Bids.CountAsync(b => b.ProcedureId == p.Id && b.Status == BidStatus.Submitted, ct));

    public async Task<Procedure> CreateAsync(ProcedureInput input, ClaimsPrincipal caller, CancellationToken ct)
    {
        var userId = caller.RequiredUserId();
        var lead = await LeadBuyerAsync(input.Buyer, caller, ct);
        var now = clock.UtcNow();
        var p = new Procedure { Ocid = "", Title = "", CreatedByUserId = userId, CreatedAt = now, UpdatedAt = now, Status = ProcedureStatus.Planning };
        var v = new Validator();
        p.ChallengeId = await ChallengeAsync(input.Challenge, null, caller, v, ct);
        Apply(p, input, v);
        v.ThrowIfInvalid();
        p.Ocid = OcdsIds.ForProcedure(config, p.Id);
        p.Buyers.Add(new ProcedureBuyer { OrganisationId = lead.Id, Organisation = lead, IsLead = true });
        db.Procedures.Add(p);
        await db.SaveChangesAsync(ct);
        await ocds.ProcedureChangedAsync(p.Id, ct);
        return await FindAsync(p.Id, caller, ct);
    }

    public async Task<Procedure> UpdateAsync(Guid id, ProcedureInput input, ClaimsPrincipal caller, CancellationToken ct)
    {
        var p = await FindPlanningAsync(id, caller, ct);
        var v = new Validator();
        p.ChallengeId = await ChallengeAsync(input.Challenge, p.ChallengeId, caller, v, ct);
        Apply(p, input, v);
        v.ThrowIfInvalid();
        return await SaveAsync(p, ct);
    }

    /// <summary>A procedure its lead may still edit: only while it is being planned.</summary>
    public async Task<Procedure> FindPlanningAsync(Guid id, ClaimsPrincipal caller, CancellationToken ct)
    {
        var p = await FindLedAsync(id, caller, ct);
        if (p.Status != ProcedureStatus.Planning)
            throw new ConflictException($"The procedure is {EnumText.Name(p.Status)}; it can be edited only while in planning.");
        return p;
    }

    internal async Task<Procedure> SaveAsync(Procedure p, CancellationToken ct)
    {
        p.UpdatedAt = clock.UtcNow();
        await db.SaveChangesAsync(ct);
        await ocds.ProcedureChangedAsync(p.Id, ct);
        return p;
    }

    void Apply(Procedure p, ProcedureInput input, Validator v)
    {
        var title = input.Title?.Trim();
        v.Check(!string.IsNullOrEmpty(title), "title", "Give the procedure a title.");
        v.Check(title is not { Length: > 300 }, "title", "At most 300 characters.");
        v.Check(input.Description is not { Length: > 50_000 }, "description", "At most 50,000 characters.");
        v.Check(input.Type is not null, "type", $"Give the type: {string.Join(", ", Enum.GetValues<ProcedureType>().Select(EnumText.Name))}.");
        var currency = string.IsNullOrWhiteSpace(input.Currency) ? "EUR" : input.Currency.Trim().ToUpperInvariant();
        v.Check(currency.Length == 3 && currency.All(char.IsAsciiLetterUpper), "currency", "An ISO 4217 code such as EUR.");
        v.Check(input.EstimatedValueMinor is null or >= 0, "estimatedValueMinor", "Must be 0 or more (minor units).");
        v.Check(input.MaxPoints is null or (>= 1 and <= 100), "maxPoints", "Between 1 and 100.");
        var (es, ee, ts, te) = (Utc(input.EnquiryStart), Utc(input.EnquiryEnd), Utc(input.TenderStart), Utc(input.TenderEnd));
        v.Check(es is null || ee is null || es <= ee, "enquiryEnd", "The enquiry period must end after it starts.");
        v.Check(ts is null || te is null || ts < te, "tenderEnd", "The tender period must end after it starts.");
        v.Check(ee is null || te is null || ee <= te, "enquiryEnd", "Enquiries must end no later than the tender period.");
        if (!v.IsValid) return;
        p.Title = title!;
        p.Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim();
        p.Type = input.Type!.Value;
        p.Currency = currency;
        p.EstimatedValueMinor = input.EstimatedValueMinor;
        p.MaxPoints = input.MaxPoints ?? p.MaxPoints;
        (p.EnquiryStart, p.EnquiryEnd, p.TenderStart, p.TenderEnd) = (es, ee, ts, te);
    }

    static DateTime? Utc(DateTime? time) => time is not { } t ? null
        : Clock.ToMicroseconds(t.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : t.ToUniversalTime());

    async Task<Organisation> LeadBuyerAsync(string? buyer, ClaimsPrincipal caller, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(buyer))
        {
            var agencies = (await challenges.EditableOrganisationsAsync(caller, ct)).Where(o => o.Kind == OrganisationKind.PublicAgency).ToList();
            if (agencies.Count == 0) throw new ForbiddenException("Only editors of a public agency may create a procedure.");
            if (agencies.Count > 1) throw new InvalidInputException("buyer", "You edit for several agencies: name the one that leads.");
            return await db.Organisations.FirstAsync(o => o.Id == agencies[0].Id, ct);
        }
        var org = await FindOrganisationAsync(buyer, ct) ?? throw new InvalidInputException("buyer", $"No organisation '{buyer}'.");
        if (org.Kind != OrganisationKind.PublicAgency) throw new InvalidInputException("buyer", "The lead buyer must be a public agency.");
        if (!await challenges.IsEditorOfAsync(caller, org.Id, ct)) throw new ForbiddenException($"Only editors of {org.Name} may create procedures for it.");
        return org;
    }

    internal Task<Organisation?> FindOrganisationAsync(string key, CancellationToken ct) => Guid.TryParse(key, out var id)
        ? db.Organisations.FirstOrDefaultAsync(o => o.Id == id, ct)
        : db.Organisations.FirstOrDefaultAsync(o => o.Slug == key.Trim(), ct);

    /// <summary>The challenge to link (its owners only may link a procedure to it).</summary>
    async Task<Guid?> ChallengeAsync(string? key, Guid? current, ClaimsPrincipal caller, Validator v, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(key)) return null;
        var challenge = Guid.TryParse(key, out var id)
            ? await db.Challenges.FirstOrDefaultAsync(c => c.Id == id, ct)
            : await db.Challenges.FirstOrDefaultAsync(c => c.Slug == key.Trim(), ct);
        if (challenge is null)
        {
            v.Add("challenge", $"No challenge '{key}'.");
            return null;
        }
        if (challenge.Id != current && !await challenges.IsOwnerAsync(caller, challenge.Id, ct))
            throw new ForbiddenException("Only owners of the challenge may link a procedure to it.");
        return challenge.Id;
    }

    public async Task<Procedure> PublishAsync(Guid id, ClaimsPrincipal caller, CancellationToken ct)
    {
        var p = await FindPlanningAsync(id, caller, ct);
        var now = clock.UtcNow();
        var problems = new List<string>();
        if (p.Lots.Count == 0) problems.Add("it has no lots");
        var weights = p.Criteria.Sum(c => c.Weight);
        if (p.Criteria.Count == 0 || weights != 100) problems.Add($"its award criteria weigh {weights} in all, not 100");
        if (p.TenderEnd is not { } end || end <= now) problems.Add("its tender period must end in the future");
        else if (p.TenderStart is { } start && start >= end) problems.Add("its tender period must end after it starts");
        if (p.EnquiryEnd is { } enquiryEnd && p.TenderEnd is { } tenderEnd && enquiryEnd > tenderEnd)
            problems.Add("enquiries must end no later than the tender period");
        if (problems.Count > 0) throw new ConflictException($"The procedure cannot be published: {string.Join("; ", problems)}.");
        p.TenderStart ??= now;
        p.Status = ProcedureStatus.Tender;
        p.PublishedAt = now;
        if (p.ChallengeId is { } challengeId)
            await notifier.NotifyAsync(await challenges.AudienceAsync(challengeId, ct), "procedure-published", $"Call for tenders: {p.Title}",
                $"Bids are accepted until {Labels.Time(p.TenderEnd)}.", $"/procurements/{p.Id}", ct: ct);
        return await SaveAsync(p, ct);
    }

    public async Task<Procedure> CloseBiddingAsync(Guid id, ClaimsPrincipal caller, CancellationToken ct)
    {
        var p = await FindLedAsync(id, caller, ct); // closes it if the deadline has passed
        if (p.Status == ProcedureStatus.Evaluation) return p;
        if (p.Status != ProcedureStatus.Tender) throw new ConflictException($"The procedure is {EnumText.Name(p.Status)}, not open for bids.");
        throw new ConflictException($"Bidding is open until {Labels.Time(p.TenderEnd)}; it cannot be closed before.");
    }

    /// <summary>Moves a procedure whose tender deadline has passed into evaluation and tells its buyers' editors.</summary>
    async Task CloseIfDueAsync(Procedure p, CancellationToken ct)
    {
        if (p.Status != ProcedureStatus.Tender || access.IsSealed(p)) return;
        p.Status = ProcedureStatus.Evaluation;
        var editors = await access.EditorsOfAsync(p.Buyers.Select(b => b.OrganisationId), ct);
        await notifier.NotifyAsync(editors, "bidding-closed", $"Bidding closed: {p.Title}",
            "The tender deadline has passed; the bids are open to the evaluators.", $"/procurements/{p.Id}/evaluation",
            dedupeKey: $"bidding-closed:{p.Id}", ct);
        await SaveAsync(p, ct);
    }

    public async Task<Procedure> CancelAsync(Guid id, ClaimsPrincipal caller, CancellationToken ct)
    {
        var p = await FindLedAsync(id, caller, ct);
        if (p.Status is ProcedureStatus.Contracted or ProcedureStatus.Completed or ProcedureStatus.Cancelled)
            throw new ConflictException($"The procedure is {EnumText.Name(p.Status)}; it can no longer be cancelled.");
        p.Status = ProcedureStatus.Cancelled;
        var bidders = await db.Bids.Where(b => b.ProcedureId == p.Id && b.Status == BidStatus.Submitted).Select(b => b.SupplierOrgId).ToListAsync(ct);
        var told = await access.EditorsOfAsync(bidders.Concat(p.Buyers.Select(b => b.OrganisationId)), ct);
        await notifier.NotifyAsync(told, "procedure-cancelled", $"Procedure cancelled: {p.Title}", null, $"/procurements/{p.Id}", ct: ct);
        return await SaveAsync(p, ct);
    }
}
