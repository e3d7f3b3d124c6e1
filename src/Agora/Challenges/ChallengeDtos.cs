using Agora.Accounts;

namespace Agora.Challenges;

/// <summary>A challenge's own fields. Enum values are given as the JSON API writes them ("climate-change");
/// fields left out are cleared on update, except <c>slug</c> and <c>lead</c>, which stay.</summary>
/// <param name="Lead">Short name of the public agency that leads; needed when the caller edits several.</param>
public sealed record ChallengeInput(string? Title, string? Slug = null, string? Summary = null, string? Problem = null,
    string? Goals = null, string? Constraints = null, string? Theme = null, string? Currency = null, string? Lead = null);

/// <summary>What an organisation brings to a challenge. Agencies give their demand; supporters a note only.</summary>
/// <param name="BudgetMinor">Budget estimate in minor units (cents) of the challenge's currency.</param>
/// <param name="Role">Optional: co-owner (public agencies) or supporter (everyone else); it follows from the organisation's kind.</param>
public sealed record DemandInput(decimal? Quantity = null, string? Unit = null, long? BudgetMinor = null,
    DateOnly? NeededFrom = null, DateOnly? NeededUntil = null, string? Note = null, string? Role = null)
{
    public bool HasDemand => Quantity is not null || !string.IsNullOrWhiteSpace(Unit) || BudgetMinor is not null
        || NeededFrom is not null || NeededUntil is not null;
}

public sealed record KpiInput(string? Title, string? Description = null, string? Unit = null, decimal? Baseline = null,
    decimal? Target = null, DateOnly? TargetDate = null);

public sealed record DatasetOfferInput(string? Note = null);

/// <summary>A document: a link (<c>url</c>) here, or an uploaded file (multipart form with a <c>file</c>).</summary>
/// <param name="DocumentType">A code of OCDS's documentType codelist, e.g. needsAssessment or marketStudies.</param>
public sealed record DocumentInput(string? Title, string? DocumentType, string? Url = null, string? Description = null, string? Language = null);

/// <param name="Status">The next step (published, dialogue, procurement, piloting, scaling) or closed.</param>
public sealed record StatusInput(string? Status, string? Note = null);

public sealed record OrganisationRef(string Slug, string Name, OrganisationKind Kind, GovernmentLevel? Level, string? City)
{
    public static OrganisationRef From(Organisation o) => new(o.Slug, o.Name, o.Kind, o.Level, o.City);
}

public sealed record ChallengeSummaryDto(Guid Id, string Slug, string Title, string? Summary, CityTheme Theme, ChallengeStatus Status,
    OrganisationRef Lead, int AgencyCount, int SupporterCount, long TotalBudgetMinor, string Currency, DateTime UpdatedAt, DateTime? PublishedAt);

public sealed record ParticipantDto(OrganisationRef Organisation, ParticipantRole Role, decimal? Quantity, string? Unit, long? BudgetMinor,
    DateOnly? NeededFrom, DateOnly? NeededUntil, string? Note, DateTime JoinedAt)
{
    public static ParticipantDto From(ChallengeParticipant p) => new(OrganisationRef.From(p.Organisation), p.Role, p.Quantity, p.Unit,
        p.BudgetMinor, p.NeededFrom, p.NeededUntil, p.Note, p.JoinedAt);
}

public sealed record KpiDto(Guid Id, string Title, string? Description, string? Unit, decimal? Baseline, decimal Target, DateOnly? TargetDate, int Position)
{
    public static KpiDto From(ChallengeKpi k) => new(k.Id, k.Title, k.Description, k.Unit, k.Baseline, k.Target, k.TargetDate, k.Position);
}

/// <param name="Link">The dataset's page in the catalogue.</param>
public sealed record OfferedDatasetDto(Guid Id, string Name, string? Title, string? Note, DateTime AddedAt, string Link);

/// <param name="Url">The link, or for an uploaded file the address to download it from.</param>
public sealed record DocumentDto(Guid Id, string Title, string? Description, string DocumentType, string Url, bool IsFile,
    string? ContentType, long? Size, string? Language, DateTime CreatedAt)
{
    public static DocumentDto From(Attachment a, string challengeSlug) => new(a.Id, a.Title, a.Description, a.DocumentType,
        a.FilePath is null ? a.Url ?? "" : $"/api/v1/challenges/{challengeSlug}/documents/{a.Id}/file", a.FilePath is not null,
        a.ContentType, a.Size, a.Language, a.CreatedAt);
}

public sealed record EventDto(long Id, DateTime At, string Kind, ChallengeStatus? From, ChallengeStatus? To, string Summary, string? By);

/// <summary>Where the other parts of a challenge live.</summary>
public sealed record ChallengeLinks(string Page, string Dialogue, string Declarations);

/// <summary>A challenge with everything its page shows. <c>canLead</c> and <c>following</c> are the caller's.</summary>
public sealed record ChallengeDto(Guid Id, string Slug, string Ocid, string Title, string? Summary, string? Problem, string? Goals,
    string? Constraints, CityTheme Theme, ChallengeStatus Status, string Currency, OrganisationRef Lead,
    IReadOnlyList<ParticipantDto> Participants, AggregatedDemand Demand, IReadOnlyList<KpiDto> Kpis,
    IReadOnlyList<OfferedDatasetDto> Datasets, IReadOnlyList<DocumentDto> Documents, int FollowerCount, bool Following, bool CanLead,
    DateTime CreatedAt, DateTime UpdatedAt, DateTime? PublishedAt, ChallengeLinks Links);
