using Agora.Accounts;
using System.Text.Json.Serialization;
using Agora.Procurement;

namespace Agora.Challenges;

// What the market dialogue's API takes and gives. Suppliers' identities appear only in the DTOs that
// owners (and the supplier itself) are given: FeedbackDto.Organisation, InterestDto, QuestionDto.AskedBy.

/// <summary>A round as everyone sees it. <see cref="State"/> is draft (not published), upcoming, open or closed.</summary>
public sealed record RoundDto(int Number, string Title, string? Announcement, string? Agenda, ProcedureType? ExpectedProcedure,
    DateTime OpensAt, DateTime AnswersDeadline, DateTime? PublishedAt, DateTime CreatedAt, string State,
    int RegisteredSuppliers, int AnsweredQuestions, int Meetings);

public sealed record DialogueOverviewDto(string Challenge, string Title, ChallengeStatus Status, bool IsOwner, IReadOnlyList<RoundDto> Rounds);

/// <summary>Fields left out are cleared (PUT replaces the round).</summary>
public sealed record RoundInput(string? Title, string? Announcement, string? Agenda, string? ExpectedProcedure,
    DateTime? OpensAt, DateTime? AnswersDeadline);

/// <summary><see cref="Organisation"/> (a slug) says for which company the caller acts; it may be left out
/// when the caller edits for one company only.</summary>
public sealed record InterestInput(string? Organisation, string? Size);

public sealed record InterestDto(string Organisation, string OrganisationName, CompanySize Size, DateTime RegisteredAt);

public sealed record FactorInput(string? Category, string? Text);

public sealed record FeedbackInput(string? Organisation, IReadOnlyList<FactorInput>? Barriers, IReadOnlyList<FactorInput>? Enablers,
    string? WouldBidIf, int? ReadinessLevel, string? SuggestedApproach);

public sealed record FactorDto(FactorCategory Category, string Text);

/// <summary>One supplier's feedback: given to that supplier's members and to the challenge's owners only.</summary>
public sealed record FeedbackDto(string Organisation, string OrganisationName, IReadOnlyList<FactorDto> Barriers,
    IReadOnlyList<FactorDto> Enablers, string? WouldBidIf, int? ReadinessLevel, string? SuggestedApproach,
    DateTime SubmittedAt, DateTime UpdatedAt);

public sealed record QuestionInput(string? Organisation, string? Question);

public sealed record AnswerInput(string? Answer);

/// <summary>A question with its answer. <see cref="AskedBy"/> is filled in for the owners only;
/// <see cref="Mine"/> is true for the members of the asking organisation, and absent for everyone else.</summary>
public sealed record QuestionDto(Guid Id, int Round, string Question, string? Answer, DateTime AskedAt, DateTime? AnsweredAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AskedBy = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Mine = null);

public sealed record MeetingInput(string? Title, DateTime? HeldAt, string? Location, string? Minutes, int? Attendees);

public sealed record MeetingDto(Guid Id, int Round, string Title, DateTime HeldAt, string? Location, string? Minutes, int? Attendees);

public sealed record DeclarationInput(string? Title, string? Text);

public sealed record SignatureInput(string? Organisation, string? Commitment, DateOnly? EffectiveFrom, string? SignatoryName, string? SignatoryTitle);

public sealed record SignatureDto(string Organisation, string OrganisationName, GovernmentLevel? Level, string Commitment, DateOnly? EffectiveFrom,
    string SignatoryName, string? SignatoryTitle, DateTime SignedAt);

public sealed record DeclarationDto(Guid Id, string Title, string Text, DateTime CreatedAt, DateTime? PublishedAt, bool Frozen,
    IReadOnlyList<SignatureDto> Signatures);
