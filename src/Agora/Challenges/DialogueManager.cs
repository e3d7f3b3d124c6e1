using System.Security.Claims;
using Agora.Accounts;
using Agora.Notifications;
using Agora.Procurement;
using Agora.Storage;
using Agora.Web;
using Microsoft.EntityFrameworkCore;

namespace Agora.Challenges;

/// <summary>The market dialogue of a challenge: rounds, suppliers' registrations and feedback, questions
/// and answers, meetings. Shared by the API and the web UI so both enforce the same rules
/// (docs/design/challenges-procurement.md, "Who may do what"). Equal treatment: what one supplier sends
/// is shown to the challenge's owners and to that supplier, never to another supplier.</summary>
public sealed partial class DialogueManager(AgoraDbContext db, ChallengeAccess access, Notifier notifier,
    OcdsPublisher ocds, TimeProvider clock)
{
    DateTime Now => clock.UtcNow();

    /// <summary>The challenge, if the caller may read it; a draft the caller may not see is "not found".</summary>
    public async Task<Challenge> FindChallengeAsync(string slug, ClaimsPrincipal caller, CancellationToken ct)
    {
        var challenge = await db.Challenges.FirstOrDefaultAsync(c => c.Slug == slug, ct);
        if (challenge is null || !await access.CanReadAsync(caller, challenge, ct))
            throw new NotFoundException($"No challenge '{slug}'.");
        return challenge;
    }

    public Task<bool> IsOwnerAsync(ClaimsPrincipal caller, Challenge challenge, CancellationToken ct) =>
        access.IsOwnerAsync(caller, challenge.Id, ct);

    async Task EnsureOwnerAsync(ClaimsPrincipal caller, Challenge challenge, CancellationToken ct)
    {
        if (!await access.IsOwnerAsync(caller, challenge.Id, ct))
            throw new ForbiddenException("Only editors of the challenge's lead or co-owning agencies may do this.");
    }

    /// <summary>A round the caller may see: published ones for everyone, drafts for the owners.</summary>
    public async Task<DialogueRound> FindRoundAsync(Challenge challenge, int number, ClaimsPrincipal caller, CancellationToken ct)
    {
        var round = await db.DialogueRounds.FirstOrDefaultAsync(r => r.ChallengeId == challenge.Id && r.Number == number, ct);
        if (round is null || (round.PublishedAt is null && !await access.IsOwnerAsync(caller, challenge.Id, ct)))
            throw new NotFoundException($"No round {number} in this challenge's dialogue.");
        return round;
    }

    public static bool IsOpen(DialogueRound round, Challenge challenge, DateTime now) =>
        round.PublishedAt is not null && challenge.Status is not (ChallengeStatus.Draft or ChallengeStatus.Closed)
        && round.OpensAt <= now && now < round.AnswersDeadline;

    public static string StateOf(DialogueRound round, Challenge challenge, DateTime now) =>
        round.PublishedAt is null ? "draft"
        : now < round.OpensAt ? "upcoming"
        : IsOpen(round, challenge, now) ? "open" : "closed";

    // ---- Rounds ---------------------------------------------------------------------------------

    public async Task<DialogueOverviewDto> OverviewAsync(Challenge challenge, ClaimsPrincipal caller, CancellationToken ct)
    {
        var owner = await access.IsOwnerAsync(caller, challenge.Id, ct);
        var rounds = await db.DialogueRounds.AsNoTracking().Where(r => r.ChallengeId == challenge.Id && (owner || r.PublishedAt != null))
            .OrderBy(r => r.Number).ToListAsync(ct);
        var dtos = new List<RoundDto>();
        foreach (var round in rounds) dtos.Add(await ToDtoAsync(round, challenge, ct));
        return new DialogueOverviewDto(challenge.Slug, challenge.Title, challenge.Status, owner, dtos);
    }

    public async Task<RoundDto> ToDtoAsync(DialogueRound r, Challenge challenge, CancellationToken ct)
    {
        var interests = await db.DialogueInterests.CountAsync(i => i.RoundId == r.Id, ct);
        var answered = await db.DialogueQuestions.CountAsync(q => q.RoundId == r.Id && q.Answer != null, ct);
        var meetings = await db.DialogueMeetings.CountAsync(m => m.RoundId == r.Id, ct);
        return new RoundDto(r.Number, r.Title, r.Announcement, r.Agenda, ProcedureOf(r), r.OpensAt, r.AnswersDeadline, r.PublishedAt,
            r.CreatedAt, StateOf(r, challenge, Now), interests, answered, meetings);
    }

    public static ProcedureType? ProcedureOf(DialogueRound r) =>
        Enum.TryParse<ProcedureType>(r.ExpectedProcedure, out var type) ? type : null;

    public async Task<DialogueRound> CreateRoundAsync(Challenge challenge, RoundInput input, ClaimsPrincipal caller, CancellationToken ct)
    {
        await EnsureOwnerAsync(caller, challenge, ct);
        if (challenge.Status == ChallengeStatus.Closed) throw new ConflictException("The challenge is closed.");
        var round = new DialogueRound { ChallengeId = challenge.Id, Title = "", CreatedAt = Now };
        Apply(round, input);
        round.Number = (await db.DialogueRounds.Where(r => r.ChallengeId == challenge.Id).MaxAsync(r => (int?)r.Number, ct) ?? 0) + 1;
        db.DialogueRounds.Add(round);
        await db.SaveChangesAsync(ct);
        return round;
    }

    public async Task UpdateRoundAsync(Challenge challenge, DialogueRound round, RoundInput input, ClaimsPrincipal caller, CancellationToken ct)
    {
        await EnsureOwnerAsync(caller, challenge, ct);
        Apply(round, input);
        await db.SaveChangesAsync(ct);
        if (round.PublishedAt is not null) await ocds.ChallengeChangedAsync(challenge.Id, ct);
    }

    static void Apply(DialogueRound round, RoundInput input)
    {
        var v = new Validator();
        var title = input.Title?.Trim();
        v.Check(!string.IsNullOrEmpty(title) && title.Length <= 300, "title", "Give a title of 1–300 characters.");
        v.Check((input.Announcement?.Length ?? 0) <= 50_000, "announcement", "Keep the announcement under 50,000 characters.");
        v.Check((input.Agenda?.Length ?? 0) <= 20_000, "agenda", "Keep the agenda under 20,000 characters.");
        ProcedureType? procedure = null;
        try { procedure = EnumText.Parse<ProcedureType>(input.ExpectedProcedure, "expectedProcedure"); }
        catch (InvalidInputException e) { v.Add("expectedProcedure", e.Errors["expectedProcedure"][0]); }
        v.Check(input.OpensAt is not null, "opensAt", "Give the time the round opens.");
        v.Check(input.AnswersDeadline is not null, "answersDeadline", "Give the deadline for answers.");
        if (input.OpensAt is { } opens && input.AnswersDeadline is { } deadline)
            v.Check(Utc(deadline) > Utc(opens), "answersDeadline", "The deadline for answers must come after the round opens.");
        v.ThrowIfInvalid();

        round.Title = title!;
        round.Announcement = Blank(input.Announcement);
        round.Agenda = Blank(input.Agenda);
        round.ExpectedProcedure = procedure?.ToString();
        round.OpensAt = Utc(input.OpensAt!.Value);
        round.AnswersDeadline = Utc(input.AnswersDeadline!.Value);
    }

    public async Task PublishRoundAsync(Challenge challenge, DialogueRound round, ClaimsPrincipal caller, CancellationToken ct)
    {
        await EnsureOwnerAsync(caller, challenge, ct);
        if (round.PublishedAt is not null) return;
        if (challenge.Status == ChallengeStatus.Closed) throw new ConflictException("The challenge is closed.");
        round.PublishedAt = Now;
        db.ChallengeEvents.Add(new ChallengeEvent
        {
            ChallengeId = challenge.Id, At = Now, UserId = caller.UserId(), Kind = "round",
            Summary = $"Market dialogue round {round.Number} published: {round.Title}",
        });
        if (challenge.Status != ChallengeStatus.Draft)
            await notifier.NotifyAsync(await access.AudienceAsync(challenge.Id, ct), "round",
                $"Market dialogue on {challenge.Title}: {round.Title}",
                $"Suppliers may register interest and answer until {Labels.Time(round.AnswersDeadline)}.",
                RoundLink(challenge, round), ct: ct);
        await db.SaveChangesAsync(ct);
        await ocds.ChallengeChangedAsync(challenge.Id, ct);
    }

    public static string RoundLink(Challenge challenge, DialogueRound round) => $"/challenges/{challenge.Slug}/dialogue/rounds/{round.Number}";

    // ---- Meetings -------------------------------------------------------------------------------

    public Task<List<MeetingDto>> MeetingsAsync(DialogueRound round, CancellationToken ct) =>
        db.DialogueMeetings.AsNoTracking().Where(m => m.RoundId == round.Id).OrderBy(m => m.HeldAt)
            .Select(m => new MeetingDto(m.Id, round.Number, m.Title, m.HeldAt, m.Location, m.Minutes, m.Attendees)).ToListAsync(ct);

    public async Task<MeetingDto> AddMeetingAsync(Challenge challenge, DialogueRound round, MeetingInput input, ClaimsPrincipal caller,
        CancellationToken ct)
    {
        await EnsureOwnerAsync(caller, challenge, ct);
        var title = input.Title?.Trim();
        new Validator()
            .Check(!string.IsNullOrEmpty(title) && title.Length <= 300, "title", "Give a title of 1–300 characters.")
            .Check(input.HeldAt is not null, "heldAt", "Give the time the meeting was held.")
            .Check((input.Location?.Length ?? 0) <= 500, "location", "Keep the location under 500 characters.")
            .Check((input.Minutes?.Length ?? 0) <= 50_000, "minutes", "Keep the minutes under 50,000 characters.")
            .Check(input.Attendees is null or >= 0, "attendees", "Give a number of attendees of 0 or more.")
            .ThrowIfInvalid();
        var meeting = new DialogueMeeting
        {
            RoundId = round.Id, Title = title!, HeldAt = Utc(input.HeldAt!.Value), Location = Blank(input.Location),
            Minutes = Blank(input.Minutes), Attendees = input.Attendees, CreatedAt = Now,
        };
        db.DialogueMeetings.Add(meeting);
        await db.SaveChangesAsync(ct);
        if (round.PublishedAt is not null) await ocds.ChallengeChangedAsync(challenge.Id, ct);
        return new MeetingDto(meeting.Id, round.Number, meeting.Title, meeting.HeldAt, meeting.Location, meeting.Minutes, meeting.Attendees);
    }

    // ---- Helpers --------------------------------------------------------------------------------

    static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>Times without a zone are taken as UTC; kept to the microsecond as the database keeps them.</summary>
    internal static DateTime Utc(DateTime time) => Clock.ToMicroseconds(time.Kind switch
    {
        DateTimeKind.Local => time.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(time, DateTimeKind.Utc),
        _ => time,
    });

    /// <summary>Users who are editors or admins of the given organisations.</summary>
    Task<List<Guid>> EditorsOfAsync(IQueryable<Guid> organisationIds, CancellationToken ct) =>
        db.Memberships.Where(m => organisationIds.Contains(m.OrganisationId)
                && (m.Role == MembershipRole.Editor || m.Role == MembershipRole.Admin))
            .Select(m => m.UserId).Distinct().ToListAsync(ct);

    Task<List<Guid>> OwnersAsync(Challenge challenge, CancellationToken ct) =>
        EditorsOfAsync(db.ChallengeParticipants.Where(p => p.ChallengeId == challenge.Id
            && (p.Role == ParticipantRole.Lead || p.Role == ParticipantRole.CoOwner)).Select(p => p.OrganisationId), ct);
}
