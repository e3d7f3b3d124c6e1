namespace Agora.Procurement;

/// <summary>A procedure's details. On create, <see cref="Buyer"/> names the public agency that leads
/// (optional when the caller edits only one); <see cref="Challenge"/> (slug or id) links the challenge it
/// answers. On update every field is replaced; the lead buyer stays.</summary>
public sealed record ProcedureInput(string? Title, string? Description, ProcedureType? Type, string? Currency,
    long? EstimatedValueMinor, DateTime? EnquiryStart, DateTime? EnquiryEnd, DateTime? TenderStart, DateTime? TenderEnd,
    int? MaxPoints, string? Buyer = null, string? Challenge = null);

public sealed record LotInput(string? Title, string? Description, long? EstimatedValueMinor);

public sealed record CriterionInput(string? Name, string? Description, CriterionKind? Kind, int? Weight);

/// <summary>An organisation (slug or id) or a user (user name or id) to add.</summary>
public sealed record BuyerInput(string? Organisation);

public sealed record EvaluatorInput(string? User);

public sealed record AnswerInput(Guid CriterionId, string? Text);

/// <summary>A bid on one lot (by number). <see cref="Supplier"/> names the company bidding, optional when
/// the caller edits only one company.</summary>
public sealed record BidInput(int? Lot, long? PriceMinor, List<AnswerInput>? Answers, string? Supplier = null);

public sealed record DocumentLinkInput(string? Title, string? Url, string? DocumentType, string? Description);

public sealed record ConflictInput(bool? HasConflict, string? Statement);

public sealed record ScoreInput(Guid BidId, Guid CriterionId, int? Points, string? Comment);

public sealed record AwardInput(Guid BidId, long? ValueMinor, string? Justification);

public sealed record UnsuccessfulInput(string? Justification);

public sealed record MilestoneInput(string? Title, string? Description, DateOnly? DueDate);

public sealed record MilestoneStatusInput(MilestoneStatus? Status, DateOnly? DateMet);

public sealed record ContractInput(Guid AwardId, string? Title, long? ValueMinor, DateOnly? PeriodStart, DateOnly? PeriodEnd,
    DateTime? SignedAt, List<MilestoneInput>? Milestones);

public sealed record ObservationInput(Guid KpiId, decimal? Value, DateOnly? PeriodStart, DateOnly? PeriodEnd, string? Note);

public sealed record OrgRef(Guid Id, string Slug, string Name);

public sealed record BuyerDto(Guid Id, string Slug, string Name, bool IsLead);

public sealed record LotDto(Guid Id, int Number, string Title, string? Description, long? EstimatedValueMinor, bool Unsuccessful);

public sealed record CriterionDto(Guid Id, string Name, string? Description, CriterionKind Kind, int Weight, int Position);

public sealed record ChallengeRef(Guid Id, string Slug, string Title);

/// <summary>How many bids there are: null while the bids are sealed (before the tender deadline),
/// since even their number is kept from everyone until then.</summary>
public sealed record BidCountDto(bool Sealed, int? Count);

public sealed record ProcedureDto(Guid Id, string Ocid, string Title, string? Description, ProcedureType Type, ProcedureStatus Status,
    string Currency, long? EstimatedValueMinor, DateTime? EnquiryStart, DateTime? EnquiryEnd, DateTime? TenderStart, DateTime? TenderEnd,
    int MaxPoints, ChallengeRef? Challenge, IReadOnlyList<BuyerDto> Buyers, IReadOnlyList<LotDto> Lots, IReadOnlyList<CriterionDto> Criteria,
    BidCountDto Bids, DateTime CreatedAt, DateTime UpdatedAt, DateTime? PublishedAt, string OcdsUrl)
{
    public static ProcedureDto From(Procedure p, BidCountDto bids) => new(p.Id, p.Ocid, p.Title, p.Description, p.Type, p.Status,
        p.Currency, p.EstimatedValueMinor, p.EnquiryStart, p.EnquiryEnd, p.TenderStart, p.TenderEnd, p.MaxPoints,
        p.Challenge is { } c ? new ChallengeRef(c.Id, c.Slug, c.Title) : null,
        p.Buyers.OrderByDescending(b => b.IsLead).ThenBy(b => b.Organisation.Name)
            .Select(b => new BuyerDto(b.OrganisationId, b.Organisation.Slug, b.Organisation.Name, b.IsLead)).ToList(),
        p.Lots.OrderBy(l => l.Number).Select(LotDtoFrom).ToList(),
        p.Criteria.OrderBy(c => c.Position).Select(CriterionDtoFrom).ToList(),
        bids, p.CreatedAt, p.UpdatedAt, p.PublishedAt, $"/api/v1/procurements/{p.Id}/ocds");

    public static LotDto LotDtoFrom(Lot l) => new(l.Id, l.Number, l.Title, l.Description, l.EstimatedValueMinor, l.Unsuccessful);

    public static CriterionDto CriterionDtoFrom(AwardCriterion c) => new(c.Id, c.Name, c.Description, c.Kind, c.Weight, c.Position);
}

public sealed record ProcedureSummaryDto(Guid Id, string Ocid, string Title, ProcedureType Type, ProcedureStatus Status,
    string Currency, long? EstimatedValueMinor, DateTime? TenderEnd, string LeadBuyer, DateTime UpdatedAt);

public sealed record EvaluatorDto(Guid UserId, string UserName, string DisplayName, DateTime AddedAt, DateTime? DeclaredAt,
    bool? HasConflict, string? Statement);

public sealed record DocumentDto(Guid Id, string Title, string? Description, string DocumentType, string? Url, string? ContentType,
    long? Size, DateTime CreatedAt, string Download);

public sealed record AnswerDto(Guid CriterionId, string Text);

public sealed record BidDto(Guid Id, Guid LotId, int LotNumber, OrgRef Supplier, long PriceMinor, string Currency, BidStatus Status,
    DateTime SubmittedAt, DateTime UpdatedAt, IReadOnlyList<AnswerDto> Answers, IReadOnlyList<DocumentDto> Documents);

public sealed record ScoreDto(Guid BidId, Guid CriterionId, Guid EvaluatorUserId, string EvaluatorUserName, int Points, string? Comment,
    DateTime ScoredAt);

public sealed record CriterionScoreDto(Guid CriterionId, string Name, int Weight, double? MeanPoints, int Scores);

/// <summary>One bid's place in its lot: <see cref="Total"/> = Σ weight × mean(points) / MaxPoints, 0–100.</summary>
public sealed record RankedBidDto(int Rank, Guid BidId, OrgRef Supplier, long PriceMinor, double Total, bool Complete,
    IReadOnlyList<CriterionScoreDto> Criteria);

public sealed record LotRankingDto(Guid LotId, int Number, string Title, IReadOnlyList<RankedBidDto> Bids);

public sealed record AwardDto(Guid Id, Guid LotId, int LotNumber, Guid BidId, OrgRef Supplier, long ValueMinor, string Currency,
    AwardStatus Status, DateTime Date, string? Justification);

public sealed record MilestoneDto(Guid Id, string Title, string? Description, DateOnly DueDate, MilestoneStatus Status, DateOnly? DateMet);

public sealed record ObservationDto(Guid Id, Guid KpiId, string Kpi, string? Unit, decimal Value, DateOnly PeriodStart, DateOnly PeriodEnd,
    string? Note, DateTime RecordedAt);

public sealed record ContractDto(Guid Id, Guid AwardId, string Title, long ValueMinor, string Currency, DateOnly? PeriodStart,
    DateOnly? PeriodEnd, DateTime? SignedAt, ContractStatus Status, IReadOnlyList<MilestoneDto> Milestones,
    IReadOnlyList<ObservationDto> Observations);

public sealed record AuditEntryDto(long Id, Guid BidId, int LotNumber, string Supplier, Guid? UserId, string? UserName, string Action,
    bool Allowed, DateTime At);
