using Agora.Accounts;

namespace Agora.Challenges;

/// <summary>Company size as suppliers declare it (the EU SME definition, eForms' BT-165 values).</summary>
public enum CompanySize { Micro, Small, Medium, Large }

/// <summary>The kinds of barrier and enabler the dialogue report groups suppliers' answers by.</summary>
public enum FactorCategory { Regulatory, Technical, Financial, Market, Organisational }

public enum FactorKind { Barrier, Enabler }

/// <summary>A market dialogue round: the announcement of a forthcoming requirement, open to every
/// supplier until <see cref="AnswersDeadline"/> (eForms BT-800).</summary>
public sealed class DialogueRound
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ChallengeId { get; set; }
    public Challenge Challenge { get; set; } = null!;
    public int Number { get; set; }
    public required string Title { get; set; }
    /// <summary>What the agencies intend to buy and why, in Markdown (BT-24 of the E1 notice).</summary>
    public string? Announcement { get; set; }
    public string? Agenda { get; set; }
    /// <summary>The procedure the agencies expect to use afterwards (BT-105), if known.</summary>
    public string? ExpectedProcedure { get; set; }
    public DateTime OpensAt { get; set; }
    public DateTime AnswersDeadline { get; set; }
    public DateTime? PublishedAt { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A supplier's registration of interest in a round.</summary>
public sealed class DialogueInterest
{
    public Guid RoundId { get; set; }
    public Guid OrganisationId { get; set; }
    public Organisation Organisation { get; set; } = null!;
    public Guid UserId { get; set; }
    public CompanySize Size { get; set; }
    public DateTime RegisteredAt { get; set; }
}

/// <summary>A supplier's structured answer to a round. One per supplier and round, changeable until the
/// deadline. Only the challenge's owners see who said what; everyone else sees the report's totals.</summary>
public sealed class DialogueFeedback
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid RoundId { get; set; }
    public Guid OrganisationId { get; set; }
    public Organisation Organisation { get; set; } = null!;
    public Guid UserId { get; set; }
    /// <summary>What would make the supplier bid.</summary>
    public string? WouldBidIf { get; set; }
    /// <summary>Technology readiness level, 1–9.</summary>
    public int? ReadinessLevel { get; set; }
    public string? SuggestedApproach { get; set; }
    public DateTime SubmittedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public List<DialogueFactor> Factors { get; } = [];
}

/// <summary>One barrier or enabler named in a feedback.</summary>
public sealed class DialogueFactor
{
    public long Id { get; set; }
    public Guid FeedbackId { get; set; }
    public FactorKind Kind { get; set; }
    public FactorCategory Category { get; set; }
    public required string Text { get; set; }
}

/// <summary>A supplier's question. Answers are published to every supplier alike, and the asker is never
/// shown to anyone outside the challenge's owners (equal treatment).</summary>
public sealed class DialogueQuestion
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid RoundId { get; set; }
    public Guid AskedByOrgId { get; set; }
    public Guid AskedByUserId { get; set; }
    public required string Question { get; set; }
    public DateTime AskedAt { get; set; }
    public string? Answer { get; set; }
    public Guid? AnsweredByUserId { get; set; }
    public DateTime? AnsweredAt { get; set; }
}

/// <summary>A meeting held in a round (an information day, a site visit, one-to-one sessions), with minutes.</summary>
public sealed class DialogueMeeting
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid RoundId { get; set; }
    public required string Title { get; set; }
    public DateTime HeldAt { get; set; }
    public string? Location { get; set; }
    public string? Minutes { get; set; }
    public int? Attendees { get; set; }
    public DateTime CreatedAt { get; set; }
}
