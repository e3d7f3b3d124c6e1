using System.Security.Claims;
using Agora.Accounts;
using Agora.Storage;
using Microsoft.EntityFrameworkCore;

namespace Agora.Challenges;

/// <summary>Who may see and run a challenge (docs/design/challenges-procurement.md, "Who may do what").
/// "Editors of X" are members of organisation X with role Editor or Admin.</summary>
public sealed class ChallengeAccess(AgoraDbContext db)
{
    /// <summary>Organisations in which the caller is an editor or admin, with their kind.</summary>
    public async Task<List<(Guid Id, OrganisationKind Kind)>> EditableOrganisationsAsync(ClaimsPrincipal caller, CancellationToken ct)
    {
        if (caller.UserId() is not { } userId) return [];
        var rows = await db.Memberships
            .Where(m => m.UserId == userId && (m.Role == MembershipRole.Editor || m.Role == MembershipRole.Admin))
            .Select(m => new { m.OrganisationId, m.Organisation.Kind }).ToListAsync(ct);
        return rows.Select(r => (r.OrganisationId, r.Kind)).ToList();
    }

    public async Task<bool> IsEditorOfAsync(ClaimsPrincipal caller, Guid organisationId, CancellationToken ct) =>
        caller.IsSysAdmin() || (caller.UserId() is { } userId && await db.Memberships.AnyAsync(m =>
            m.UserId == userId && m.OrganisationId == organisationId
            && (m.Role == MembershipRole.Editor || m.Role == MembershipRole.Admin), ct));

    /// <summary>Editors of the lead agency (and system administrators) run the challenge itself.</summary>
    public Task<bool> IsLeadAsync(ClaimsPrincipal caller, Challenge challenge, CancellationToken ct) =>
        IsEditorOfAsync(caller, challenge.LeadOrgId, ct);

    /// <summary>Editors of the lead or of a co-owning agency (and system administrators): the "owners" who
    /// run the market dialogue, answer questions and draft declarations.</summary>
    public async Task<bool> IsOwnerAsync(ClaimsPrincipal caller, Guid challengeId, CancellationToken ct)
    {
        if (caller.IsSysAdmin()) return true;
        if (caller.UserId() is not { } userId) return false;
        return await db.ChallengeParticipants.AnyAsync(p => p.ChallengeId == challengeId
            && (p.Role == ParticipantRole.Lead || p.Role == ParticipantRole.CoOwner)
            && db.Memberships.Any(m => m.UserId == userId && m.OrganisationId == p.OrganisationId
                && (m.Role == MembershipRole.Editor || m.Role == MembershipRole.Admin)), ct);
    }

    /// <summary>Anyone reads a challenge once published; a draft only members (any role) of its
    /// participants and system administrators.</summary>
    public async Task<bool> CanReadAsync(ClaimsPrincipal caller, Challenge challenge, CancellationToken ct)
    {
        if (challenge.Status != ChallengeStatus.Draft || caller.IsSysAdmin()) return true;
        if (caller.UserId() is not { } userId) return false;
        return await db.ChallengeParticipants.AnyAsync(p => p.ChallengeId == challenge.Id
            && db.Memberships.Any(m => m.UserId == userId && m.OrganisationId == p.OrganisationId), ct);
    }

    /// <summary>Users to tell about a challenge's news: its followers and the members of its participants.</summary>
    public async Task<List<Guid>> AudienceAsync(Guid challengeId, CancellationToken ct)
    {
        var followers = await db.ChallengeFollowers.Where(f => f.ChallengeId == challengeId).Select(f => f.UserId).ToListAsync(ct);
        var members = await db.Memberships
            .Where(m => db.ChallengeParticipants.Any(p => p.ChallengeId == challengeId && p.OrganisationId == m.OrganisationId))
            .Select(m => m.UserId).ToListAsync(ct);
        return followers.Union(members).ToList();
    }
}
