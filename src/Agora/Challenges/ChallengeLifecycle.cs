using System.Security.Claims;
using Agora.Accounts;
using Agora.Web;
using Microsoft.EntityFrameworkCore;

namespace Agora.Challenges;

/// <summary>A challenge's lifecycle and its followers.</summary>
public sealed partial class ChallengeManager
{
    // ---- Status -----------------------------------------------------------------------------------

    /// <summary>The step after <paramref name="status"/>, or null at the end.</summary>
    public static ChallengeStatus? NextStatus(ChallengeStatus status) =>
        status == ChallengeStatus.Closed ? null : status + 1;

    /// <summary>Moves a challenge one step forward, or closes it from any step. Publishing needs a title,
    /// the problem and at least one KPI: suppliers must know what is wanted and how success is measured.</summary>
    public async Task ChangeStatusAsync(string slug, StatusInput input, ClaimsPrincipal caller, CancellationToken ct)
    {
        var challenge = await FindLedAsync(slug, caller, ct);
        var v = new Validator();
        ChallengeStatus? to = null;
        if (string.IsNullOrWhiteSpace(input.Status)) v.Add("status", "Give the new status.");
        else
        {
            try { to = EnumText.Parse<ChallengeStatus>(input.Status, "status"); }
            catch (InvalidInputException e) { v.Add("status", e.Errors["status"][0]); }
        }
        CheckText(v, input.Note, "note", 1000, multiline: true);
        v.ThrowIfInvalid();

        var from = challenge.Status;
        if (to == from) throw new ConflictException($"The challenge is already {EnumText.Name(from)}.");
        if (from == ChallengeStatus.Closed) throw new ConflictException("The challenge is closed; a closed challenge stays closed.");
        if (to != ChallengeStatus.Closed && to != NextStatus(from))
            throw new ConflictException($"A challenge moves one step at a time: from {EnumText.Name(from)} the next step is "
                + $"{EnumText.Name(NextStatus(from)!.Value)} (or closed).");
        if (to == ChallengeStatus.Published)
        {
            var missing = new List<string>();
            if (string.IsNullOrWhiteSpace(challenge.Title)) missing.Add("a title");
            if (string.IsNullOrWhiteSpace(challenge.Problem)) missing.Add("the problem");
            if (!await db.ChallengeKpis.AnyAsync(k => k.ChallengeId == challenge.Id, ct)) missing.Add("at least one KPI");
            if (missing.Count > 0) throw new ConflictException($"To publish, the challenge needs {string.Join(", ", missing)}.");
        }

        challenge.Status = to!.Value;
        if (to == ChallengeStatus.Published) challenge.PublishedAt ??= Now;
        Touch(challenge);
        var note = Blank(input.Note);
        var summary = $"Status changed from {EnumText.Name(from)} to {EnumText.Name(to.Value)}." + (note is null ? "" : $" {note}");
        db.ChallengeEvents.Add(new ChallengeEvent
        {
            ChallengeId = challenge.Id, At = Now, UserId = caller.UserId(), Kind = "status", FromStatus = from, ToStatus = to, Summary = summary,
        });
        await TellAsync(challenge, caller, "status", $"{challenge.Title}: now {EnumText.Name(to.Value)}", summary, ct);
        await SaveAsync(ct);
        await ocds.ChallengeChangedAsync(challenge.Id, ct);
    }

    // ---- Followers --------------------------------------------------------------------------------

    public async Task FollowAsync(string slug, ClaimsPrincipal caller, CancellationToken ct)
    {
        var challenge = await FindReadableAsync(slug, caller, ct);
        var userId = caller.RequiredUserId();
        if (await db.ChallengeFollowers.AnyAsync(f => f.ChallengeId == challenge.Id && f.UserId == userId, ct)) return;
        db.ChallengeFollowers.Add(new ChallengeFollower { ChallengeId = challenge.Id, UserId = userId, FollowedAt = Now });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (IsUniqueViolation(e))
        {
            // Followed twice at once: the other request did it.
        }
    }

    public async Task UnfollowAsync(string slug, ClaimsPrincipal caller, CancellationToken ct)
    {
        var challenge = await FindReadableAsync(slug, caller, ct);
        var userId = caller.RequiredUserId();
        await db.ChallengeFollowers.Where(f => f.ChallengeId == challenge.Id && f.UserId == userId).ExecuteDeleteAsync(ct);
    }
}
