using Agora.Accounts;

namespace Agora.Procurement;

/// <summary>The procedure types of the EU directives that innovation procurement uses, plus the open and
/// restricted ones. Each maps to an OCDS procurementMethod (open, selective, limited).</summary>
public enum ProcedureType { InnovationPartnership, CompetitiveDialogue, PreCommercial, DesignContest, Open, Restricted }

/// <summary>Where a procedure stands: being planned, open for bids, under evaluation, awarded, under
/// contract (implementation), completed, or cancelled.</summary>
public enum ProcedureStatus { Planning, Tender, Evaluation, Awarded, Contracted, Completed, Cancelled }

public enum CriterionKind { Quality, Price, Cost }

public enum BidStatus { Submitted, Withdrawn, Disqualified }

public enum AwardStatus { Pending, Active, Cancelled, Unsuccessful }

public enum ContractStatus { Pending, Active, Terminated, Cancelled }

public enum MilestoneStatus { Scheduled, Met, NotMet }

/// <summary>A procurement procedure run by one or more buyers together (joint procurement), often born
/// of a challenge. Its OCDS id is <see cref="Ocid"/>.</summary>
public sealed class Procedure
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Ocid { get; set; }
    public Guid? ChallengeId { get; set; }
    public Challenges.Challenge? Challenge { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public ProcedureType Type { get; set; }
    public ProcedureStatus Status { get; set; }
    public string Currency { get; set; } = "EUR";
    public long? EstimatedValueMinor { get; set; }
    /// <summary>When suppliers may ask questions (OCDS tender.enquiryPeriod).</summary>
    public DateTime? EnquiryStart { get; set; }
    public DateTime? EnquiryEnd { get; set; }
    /// <summary>When bids are accepted; the end is the deadline after which bids are opened.</summary>
    public DateTime? TenderStart { get; set; }
    public DateTime? TenderEnd { get; set; }
    /// <summary>How scores are read: each evaluator gives 0 to this many points per criterion.</summary>
    public int MaxPoints { get; set; } = 10;
    public Guid? CreatedByUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? PublishedAt { get; set; }

    public List<ProcedureBuyer> Buyers { get; } = [];
    public List<Lot> Lots { get; } = [];
    public List<AwardCriterion> Criteria { get; } = [];
}

/// <summary>A buyer in a (joint) procedure; one of them leads and answers for it.</summary>
public sealed class ProcedureBuyer
{
    public Guid ProcedureId { get; set; }
    public Guid OrganisationId { get; set; }
    public Organisation Organisation { get; set; } = null!;
    public bool IsLead { get; set; }
}

public sealed class Lot
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ProcedureId { get; set; }
    /// <summary>The lot's number within its procedure, 1, 2, …; OCDS lot id "LOT-0001".</summary>
    public int Number { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public long? EstimatedValueMinor { get; set; }
    /// <summary>The buyers decided to award this lot to nobody (no acceptable bid): OCDS lot status
    /// "unsuccessful". A procedure is awarded once every lot has an active award or is unsuccessful.</summary>
    public bool Unsuccessful { get; set; }
}

/// <summary>An award criterion with its weight in percent; a procedure's weights sum to 100.</summary>
public sealed class AwardCriterion
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ProcedureId { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public CriterionKind Kind { get; set; }
    public int Weight { get; set; }
    public int Position { get; set; }
}

/// <summary>A supplier's bid for one lot. Sealed: before the tender deadline nobody but the bidding
/// organisation's members sees it; afterwards the buyers' evaluators do. Every read is audited.</summary>
public sealed class Bid
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ProcedureId { get; set; }
    public Guid LotId { get; set; }
    public Guid SupplierOrgId { get; set; }
    public Organisation SupplierOrg { get; set; } = null!;
    public Guid SubmittedByUserId { get; set; }
    public long PriceMinor { get; set; }
    public BidStatus Status { get; set; }
    public DateTime SubmittedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public List<BidAnswer> Answers { get; } = [];
}

/// <summary>The bidder's answer to one award criterion.</summary>
public sealed class BidAnswer
{
    public Guid BidId { get; set; }
    public Guid CriterionId { get; set; }
    public required string Text { get; set; }
}

/// <summary>The audit trail of bids: every read, download, score, and every refused attempt.</summary>
public sealed class BidAccess
{
    public long Id { get; set; }
    public Guid BidId { get; set; }
    public Guid? UserId { get; set; }
    public DateTime At { get; set; }
    /// <summary>"read", "download", "score", "list"…</summary>
    public required string Action { get; set; }
    public bool Allowed { get; set; }
}

/// <summary>An evaluator of a procedure and their declaration of (no) conflict of interest. An evaluator
/// scores only after declaring none; one who declares a conflict is kept out of the evaluation.</summary>
public sealed class Evaluator
{
    public Guid ProcedureId { get; set; }
    public Guid UserId { get; set; }
    public User User { get; set; } = null!;
    public DateTime AddedAt { get; set; }
    public DateTime? DeclaredAt { get; set; }
    public bool? HasConflict { get; set; }
    public string? Statement { get; set; }
}

/// <summary>One evaluator's points for one bid on one criterion.</summary>
public sealed class BidScore
{
    public Guid BidId { get; set; }
    public Guid CriterionId { get; set; }
    public Guid EvaluatorUserId { get; set; }
    public int Points { get; set; }
    public string? Comment { get; set; }
    public DateTime ScoredAt { get; set; }
}

/// <summary>The award of a lot to a bid.</summary>
public sealed class Award
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ProcedureId { get; set; }
    public Guid LotId { get; set; }
    public Guid BidId { get; set; }
    public Guid SupplierOrgId { get; set; }
    public Organisation SupplierOrg { get; set; } = null!;
    public long ValueMinor { get; set; }
    public AwardStatus Status { get; set; }
    public DateTime Date { get; set; }
    public string? Justification { get; set; }
}

/// <summary>The contract that follows an award, with its milestones.</summary>
public sealed class Contract
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ProcedureId { get; set; }
    public Guid AwardId { get; set; }
    public required string Title { get; set; }
    public long ValueMinor { get; set; }
    public DateOnly? PeriodStart { get; set; }
    public DateOnly? PeriodEnd { get; set; }
    public DateTime? SignedAt { get; set; }
    public ContractStatus Status { get; set; }
    public List<ContractMilestone> Milestones { get; } = [];
}

public sealed class ContractMilestone
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ContractId { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public DateOnly DueDate { get; set; }
    public MilestoneStatus Status { get; set; }
    public DateOnly? DateMet { get; set; }
}

/// <summary>A measured value of a challenge KPI during a contract's implementation (OCDS metrics extension).</summary>
public sealed class KpiObservation
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ContractId { get; set; }
    public Guid KpiId { get; set; }
    public decimal Value { get; set; }
    public DateOnly PeriodStart { get; set; }
    public DateOnly PeriodEnd { get; set; }
    public string? Note { get; set; }
    public DateTime RecordedAt { get; set; }
}

/// <summary>A published OCDS release: immutable once written. Releases are written when a challenge or a
/// procedure reaches a step worth telling the world (planning, tender, award, contract, implementation,
/// and their updates); packages and records are built from them.</summary>
public sealed class OcdsRelease
{
    /// <summary>The release id, unique within its ocid ("{ocid}-{tag}-{n}").</summary>
    public required string Id { get; set; }
    public required string Ocid { get; set; }
    public DateTime Date { get; set; }
    /// <summary>The release tags, comma-separated (OCDS releaseTag codelist).</summary>
    public required string Tags { get; set; }
    /// <summary>The whole release as JSON.</summary>
    public required string Json { get; set; }
}
