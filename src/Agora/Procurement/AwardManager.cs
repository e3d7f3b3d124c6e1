using System.Security.Claims;
using Agora.Accounts;
using Agora.Notifications;
using Agora.Storage;
using Agora.Web;
using Microsoft.EntityFrameworkCore;

namespace Agora.Procurement;

/// <summary>Awards, contracts and their implementation, run by the lead buyer's editors. A procedure is
/// Awarded once every lot has an active award or is unsuccessful, Contracted once every active award has
/// its contract, and Completed when its lead says so.</summary>
public sealed class AwardManager(AgoraDbContext db, ProcedureManager procedures, ProcedureAccess access, Notifier notifier, TimeProvider clock)
{
    public async Task<List<AwardDto>> AwardsAsync(Guid id, ClaimsPrincipal caller, CancellationToken ct)
    {
        var p = await procedures.FindAsync(id, caller, ct);
        var lots = p.Lots.ToDictionary(l => l.Id, l => l.Number);
        var awards = await db.Awards.AsNoTracking().Include(a => a.SupplierOrg).Where(a => a.ProcedureId == p.Id).OrderBy(a => a.Date).ToListAsync(ct);
        return awards.Select(a => ToDto(a, lots, p.Currency)).ToList();
    }

    public static AwardDto ToDto(Award a, IReadOnlyDictionary<Guid, int> lots, string currency) => new(a.Id, a.LotId, lots.GetValueOrDefault(a.LotId), a.BidId,
        new OrgRef(a.SupplierOrgId, a.SupplierOrg.Slug, a.SupplierOrg.Name), a.ValueMinor, currency, a.Status, a.Date, a.Justification);

    public async Task<Award> AwardAsync(Guid id, AwardInput input, ClaimsPrincipal caller, CancellationToken ct)
    {
        var p = await InEvaluationAsync(id, caller, ct);
        var bid = await db.Bids.Include(b => b.SupplierOrg).FirstOrDefaultAsync(b => b.Id == input.BidId && b.ProcedureId == p.Id && b.Status == BidStatus.Submitted, ct)
            ?? throw new InvalidInputException("bidId", "Not a submitted bid of this procedure.");
        new Validator()
            .Check(input.ValueMinor is null or > 0, "valueMinor", "The awarded value in minor units, more than 0.")
            .Check(input.Justification is not { Length: > 20_000 }, "justification", "At most 20,000 characters.")
            .ThrowIfInvalid();
        var lot = p.Lots.First(l => l.Id == bid.LotId);
        await EnsureLotOpenAsync(p, lot, ct);
        var award = new Award
        {
            ProcedureId = p.Id, LotId = lot.Id, BidId = bid.Id, SupplierOrgId = bid.SupplierOrgId, SupplierOrg = bid.SupplierOrg,
            ValueMinor = input.ValueMinor ?? bid.PriceMinor, Status = AwardStatus.Active, Date = clock.UtcNow(),
            Justification = string.IsNullOrWhiteSpace(input.Justification) ? null : input.Justification.Trim(),
        };
        db.Awards.Add(award);
        access.Log(bid.Id, caller.UserId(), "award", true);
        await NotifyBiddersAsync(p, lot, $"Lot {lot.Number} of {p.Title} is awarded to {bid.SupplierOrg.Name}.", ct);
        await AdvanceAsync(p, ct);
        return award;
    }

    /// <summary>Closes a lot without an award (no acceptable bid).</summary>
    public async Task<Lot> UnsuccessfulAsync(Guid id, int number, UnsuccessfulInput input, ClaimsPrincipal caller, CancellationToken ct)
    {
        var p = await InEvaluationAsync(id, caller, ct);
        var lot = p.Lots.FirstOrDefault(l => l.Number == number) ?? throw new NotFoundException($"No lot {number}.");
        await EnsureLotOpenAsync(p, lot, ct);
        lot.Unsuccessful = true;
        await NotifyBiddersAsync(p, lot, $"Lot {lot.Number} of {p.Title} will not be awarded.{(input.Justification is { } j ? " " + j.Trim() : "")}", ct);
        await AdvanceAsync(p, ct);
        return lot;
    }

    async Task<Procedure> InEvaluationAsync(Guid id, ClaimsPrincipal caller, CancellationToken ct)
    {
        var p = await procedures.FindLedAsync(id, caller, ct);
        if (p.Status != ProcedureStatus.Evaluation) throw new ConflictException($"The procedure is {EnumText.Name(p.Status)}; lots are awarded during evaluation.");
        return p;
    }

    async Task EnsureLotOpenAsync(Procedure p, Lot lot, CancellationToken ct)
    {
        if (lot.Unsuccessful) throw new ConflictException($"Lot {lot.Number} was closed without an award.");
        if (await db.Awards.AnyAsync(a => a.ProcedureId == p.Id && a.LotId == lot.Id && a.Status == AwardStatus.Active, ct))
            throw new ConflictException($"Lot {lot.Number} is already awarded.");
    }

    async Task NotifyBiddersAsync(Procedure p, Lot lot, string title, CancellationToken ct)
    {
        var bidders = await db.Bids.Where(b => b.ProcedureId == p.Id && b.LotId == lot.Id && b.Status == BidStatus.Submitted)
            .Select(b => b.SupplierOrgId).ToListAsync(ct);
        await notifier.NotifyAsync(await access.EditorsOfAsync(bidders, ct), "award", title, null, $"/procurements/{p.Id}", ct: ct);
    }

    /// <summary>Moves the procedure on when all its lots are decided or all its awards contracted; saves and publishes.</summary>
    async Task AdvanceAsync(Procedure p, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        var active = await db.Awards.Where(a => a.ProcedureId == p.Id && a.Status == AwardStatus.Active).Select(a => new { a.Id, a.LotId }).ToListAsync(ct);
        if (p.Status == ProcedureStatus.Evaluation && p.Lots.All(l => l.Unsuccessful || active.Any(a => a.LotId == l.Id)))
            p.Status = ProcedureStatus.Awarded;
        var contracted = await db.Contracts.Where(c => c.ProcedureId == p.Id).Select(c => c.AwardId).ToListAsync(ct);
        if (p.Status == ProcedureStatus.Awarded && active.Count > 0 && active.All(a => contracted.Contains(a.Id)))
            p.Status = ProcedureStatus.Contracted;
        await procedures.SaveAsync(p, ct);
    }

    public async Task<List<ContractDto>> ContractsAsync(Guid id, ClaimsPrincipal caller, CancellationToken ct)
    {
        var p = await procedures.FindAsync(id, caller, ct);
        var contracts = await db.Contracts.AsNoTracking().Include(c => c.Milestones).Where(c => c.ProcedureId == p.Id).OrderBy(c => c.SignedAt).ToListAsync(ct);
        var ids = contracts.Select(c => c.Id).ToList();
        var observations = await db.KpiObservations.AsNoTracking().Where(o => ids.Contains(o.ContractId))
            .Join(db.ChallengeKpis, o => o.KpiId, k => k.Id, (o, k) => new { o, k.Title, k.Unit }).ToListAsync(ct);
        return contracts.Select(c => new ContractDto(c.Id, c.AwardId, c.Title, c.ValueMinor, p.Currency, c.PeriodStart, c.PeriodEnd, c.SignedAt, c.Status,
            c.Milestones.OrderBy(m => m.DueDate).Select(MilestoneDto).ToList(),
            observations.Where(x => x.o.ContractId == c.Id).OrderBy(x => x.o.PeriodStart)
                .Select(x => new ObservationDto(x.o.Id, x.o.KpiId, x.Title, x.Unit, x.o.Value, x.o.PeriodStart, x.o.PeriodEnd, x.o.Note, x.o.RecordedAt)).ToList()))
            .ToList();
    }

    static MilestoneDto MilestoneDto(ContractMilestone m) => new(m.Id, m.Title, m.Description, m.DueDate, m.Status, m.DateMet);

    public async Task<Contract> ContractAsync(Guid id, ContractInput input, ClaimsPrincipal caller, CancellationToken ct)
    {
        var p = await procedures.FindLedAsync(id, caller, ct);
        if (p.Status is not (ProcedureStatus.Awarded or ProcedureStatus.Contracted))
            throw new ConflictException($"The procedure is {EnumText.Name(p.Status)}; contracts follow the award of every lot.");
        var award = await db.Awards.FirstOrDefaultAsync(a => a.Id == input.AwardId && a.ProcedureId == p.Id && a.Status == AwardStatus.Active, ct)
            ?? throw new InvalidInputException("awardId", "Not an active award of this procedure.");
        var v = new Validator()
            .Check(!string.IsNullOrWhiteSpace(input.Title) && input.Title.Trim().Length <= 300, "title", "A title of 1 to 300 characters.")
            .Check(input.ValueMinor is null or > 0, "valueMinor", "The contract value in minor units, more than 0.")
            .Check(input.PeriodStart is null || input.PeriodEnd is null || input.PeriodStart <= input.PeriodEnd, "periodEnd", "The period must end after it starts.");
        var milestones = input.Milestones ?? [];
        for (var i = 0; i < milestones.Count; i++) CheckMilestone(v, milestones[i], $"milestones[{i}].");
        v.ThrowIfInvalid();
        if (await db.Contracts.AnyAsync(c => c.AwardId == award.Id, ct)) throw new ConflictException("This award already has its contract.");
        var contract = new Contract
        {
            ProcedureId = p.Id, AwardId = award.Id, Title = input.Title!.Trim(), ValueMinor = input.ValueMinor ?? award.ValueMinor,
            PeriodStart = input.PeriodStart, PeriodEnd = input.PeriodEnd, SignedAt = Utc(input.SignedAt) ?? clock.UtcNow(), Status = ContractStatus.Active,
        };
        foreach (var m in milestones) contract.Milestones.Add(NewMilestone(contract.Id, m));
        db.Contracts.Add(contract);
        await AdvanceAsync(p, ct);
        return contract;
    }

    static DateTime? Utc(DateTime? t) => t is { } x ? Clock.ToMicroseconds(x.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(x, DateTimeKind.Utc) : x.ToUniversalTime()) : null;

    static void CheckMilestone(Validator v, MilestoneInput m, string prefix) => v
        .Check(!string.IsNullOrWhiteSpace(m.Title) && m.Title.Trim().Length <= 300, prefix + "title", "A title of 1 to 300 characters.")
        .Check(m.Description is not { Length: > 5000 }, prefix + "description", "At most 5,000 characters.")
        .Check(m.DueDate is not null, prefix + "dueDate", "Give the due date (yyyy-mm-dd).");

    static ContractMilestone NewMilestone(Guid contractId, MilestoneInput m) => new()
    {
        ContractId = contractId, Title = m.Title!.Trim(), Description = string.IsNullOrWhiteSpace(m.Description) ? null : m.Description.Trim(),
        DueDate = m.DueDate!.Value, Status = MilestoneStatus.Scheduled,
    };

    async Task<(Procedure, Contract)> FindContractAsync(Guid id, Guid contractId, ClaimsPrincipal caller, CancellationToken ct)
    {
        var p = await procedures.FindLedAsync(id, caller, ct);
        var contract = await db.Contracts.Include(c => c.Milestones).FirstOrDefaultAsync(c => c.Id == contractId && c.ProcedureId == p.Id, ct)
            ?? throw new NotFoundException($"No contract {contractId}.");
        if (p.Status is ProcedureStatus.Cancelled) throw new ConflictException("The procedure is cancelled.");
        return (p, contract);
    }

    public async Task<MilestoneDto> AddMilestoneAsync(Guid id, Guid contractId, MilestoneInput input, ClaimsPrincipal caller, CancellationToken ct)
    {
        var (p, contract) = await FindContractAsync(id, contractId, caller, ct);
        var v = new Validator();
        CheckMilestone(v, input, "");
        v.ThrowIfInvalid();
        var milestone = NewMilestone(contract.Id, input);
        contract.Milestones.Add(milestone);
        await procedures.SaveAsync(p, ct);
        return MilestoneDto(milestone);
    }

    public async Task<MilestoneDto> SetMilestoneAsync(Guid id, Guid contractId, Guid milestoneId, MilestoneStatusInput input, ClaimsPrincipal caller, CancellationToken ct)
    {
        var (p, contract) = await FindContractAsync(id, contractId, caller, ct);
        var milestone = contract.Milestones.FirstOrDefault(m => m.Id == milestoneId) ?? throw new NotFoundException($"No milestone {milestoneId}.");
        if (input.Status is null) throw new InvalidInputException("status", "Give the status: scheduled, met or not-met.");
        milestone.Status = input.Status.Value;
        milestone.DateMet = input.Status == MilestoneStatus.Met ? input.DateMet ?? DateOnly.FromDateTime(clock.UtcNow()) : null;
        await procedures.SaveAsync(p, ct);
        return MilestoneDto(milestone);
    }

    /// <summary>Records a measurement of one of the challenge's KPIs during the contract.</summary>
    public async Task<KpiObservation> ObserveAsync(Guid id, Guid contractId, ObservationInput input, ClaimsPrincipal caller, CancellationToken ct)
    {
        var (p, contract) = await FindContractAsync(id, contractId, caller, ct);
        var kpiOk = p.ChallengeId is { } challengeId && await db.ChallengeKpis.AnyAsync(k => k.Id == input.KpiId && k.ChallengeId == challengeId, ct);
        new Validator()
            .Check(kpiOk, "kpiId", "Not a KPI of the challenge this procedure answers.")
            .Check(input.Value is not null, "value", "Give the measured value.")
            .Check(input.PeriodStart is not null && input.PeriodEnd is not null && input.PeriodStart <= input.PeriodEnd, "periodEnd",
                "Give the period measured (start no later than end).")
            .Check(input.Note is not { Length: > 2000 }, "note", "At most 2,000 characters.")
            .ThrowIfInvalid();
        var observation = new KpiObservation
        {
            ContractId = contract.Id, KpiId = input.KpiId, Value = input.Value!.Value, PeriodStart = input.PeriodStart!.Value,
            PeriodEnd = input.PeriodEnd!.Value, Note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim(), RecordedAt = clock.UtcNow(),
        };
        db.KpiObservations.Add(observation);
        await procedures.SaveAsync(p, ct);
        return observation;
    }

    public async Task<Procedure> CompleteAsync(Guid id, ClaimsPrincipal caller, CancellationToken ct)
    {
        var p = await procedures.FindLedAsync(id, caller, ct);
        if (p.Status != ProcedureStatus.Contracted) throw new ConflictException($"The procedure is {EnumText.Name(p.Status)}; only a contracted one is completed.");
        p.Status = ProcedureStatus.Completed;
        return await procedures.SaveAsync(p, ct);
    }
}
