using Agora.Accounts;

namespace Agora.Challenges;

/// <summary>Where a challenge stands. It moves forward one step at a time (or is closed from any
/// step); every change is kept in <see cref="ChallengeEvent"/>.</summary>
public enum ChallengeStatus { Draft, Published, Dialogue, Procurement, Piloting, Scaling, Closed }

/// <summary>The ISO 37120 themes (sustainable cities and communities), which agencies already report on.</summary>
public enum CityTheme
{
    Economy, Education, Energy, Environment, Finance, Governance, Health, Housing, Population, Recreation,
    Safety, SolidWaste, Sport, Telecommunication, Transportation, UrbanPlanning, Wastewater, Water, ClimateChange,
}

/// <summary>How an organisation takes part in a challenge: the lead agency runs it; co-owning agencies
/// bring their own demand; supporters (NGOs, research, clusters) help without buying.</summary>
public enum ParticipantRole { Lead, CoOwner, Supporter }

/// <summary>A need shared by agencies — stated as a problem and goals, not as a solution.</summary>
public sealed class Challenge
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Slug { get; set; }
    public required string Title { get; set; }
    /// <summary>One line for lists and the OCDS planning rationale.</summary>
    public string? Summary { get; set; }
    /// <summary>The problem, in Markdown.</summary>
    public string? Problem { get; set; }
    public string? Goals { get; set; }
    public string? Constraints { get; set; }
    public CityTheme Theme { get; set; }
    public ChallengeStatus Status { get; set; }
    public Guid LeadOrgId { get; set; }
    public Organisation LeadOrg { get; set; } = null!;
    /// <summary>ISO 4217 code in which every participant's budget is given.</summary>
    public string Currency { get; set; } = "EUR";
    /// <summary>The OCDS id of the challenge's planning process (prefix + the challenge's id).</summary>
    public required string Ocid { get; set; }
    public Guid? CreatedByUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? PublishedAt { get; set; }

    public List<ChallengeParticipant> Participants { get; } = [];
    public List<ChallengeKpi> Kpis { get; } = [];
    public List<ChallengeDataset> Datasets { get; } = [];
    public List<ChallengeEvent> Events { get; } = [];
    public List<ChallengeFollower> Followers { get; } = [];
}

/// <summary>An organisation in a challenge and, for agencies, the demand it brings.</summary>
public sealed class ChallengeParticipant
{
    public Guid ChallengeId { get; set; }
    public Guid OrganisationId { get; set; }
    public Organisation Organisation { get; set; } = null!;
    public ParticipantRole Role { get; set; }
    /// <summary>How much this agency would buy (e.g. 40), in <see cref="Unit"/> (e.g. "excavators").</summary>
    public decimal? Quantity { get; set; }
    public string? Unit { get; set; }
    /// <summary>Budget estimate in minor units of the challenge's currency.</summary>
    public long? BudgetMinor { get; set; }
    public DateOnly? NeededFrom { get; set; }
    public DateOnly? NeededUntil { get; set; }
    /// <summary>What the organisation contributes or needs, in its own words.</summary>
    public string? Note { get; set; }
    public DateTime JoinedAt { get; set; }
}

/// <summary>A measurable target: the OCDS metrics extension's metric on the planning and implementation stages.</summary>
public sealed class ChallengeKpi
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ChallengeId { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public string? Unit { get; set; }
    public decimal? Baseline { get; set; }
    public decimal Target { get; set; }
    public DateOnly? TargetDate { get; set; }
    public int Position { get; set; }
}

/// <summary>A catalogue dataset offered to solvers.</summary>
public sealed class ChallengeDataset
{
    public Guid ChallengeId { get; set; }
    public Guid DatasetId { get; set; }
    public Catalog.Dataset Dataset { get; set; } = null!;
    public string? Note { get; set; }
    public DateTime AddedAt { get; set; }
}

/// <summary>Something that happened to a challenge: a status change (with From/To), an organisation
/// joining or leaving, a round opened, a declaration signed. Kept for the record, never edited.</summary>
public sealed class ChallengeEvent
{
    public long Id { get; set; }
    public Guid ChallengeId { get; set; }
    public DateTime At { get; set; }
    public Guid? UserId { get; set; }
    /// <summary>"status", "participant", "round", "declaration", "document", "procedure"…</summary>
    public required string Kind { get; set; }
    public ChallengeStatus? FromStatus { get; set; }
    public ChallengeStatus? ToStatus { get; set; }
    public required string Summary { get; set; }
}

public sealed class ChallengeFollower
{
    public Guid ChallengeId { get; set; }
    public Guid UserId { get; set; }
    public DateTime FollowedAt { get; set; }
}
