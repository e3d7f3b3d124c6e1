using System.Security.Claims;
using Agora.Accounts;
using Agora.Storage;
using Microsoft.EntityFrameworkCore;

namespace Agora.Catalog;

/// <summary>Who may see and change which datasets, as CKAN decides it: anyone reads active public
/// (and brokered) datasets; members of the owning organisation, whatever their role, also read its
/// private, draft and deleted ones; its editors and admins write them; system administrators do all.</summary>
public sealed class CatalogAccess(AgoraDbContext db)
{
    public async Task<MembershipRole?> RoleAsync(ClaimsPrincipal caller, Guid? organisationId, CancellationToken ct)
    {
        if (organisationId is null || caller.UserId() is not { } userId) return null;
        return await db.Memberships.Where(m => m.UserId == userId && m.OrganisationId == organisationId)
            .Select(m => (MembershipRole?)m.Role).FirstOrDefaultAsync(ct);
    }

    public async Task<bool> CanReadAsync(ClaimsPrincipal caller, Dataset d, CancellationToken ct)
    {
        if (d.State == DatasetState.Active && !d.IsPrivate) return true;
        if (caller.IsSysAdmin()) return true;
        if (caller.UserId() is { } id && d.CreatorUserId == id && d.OwnerOrgId is null) return true;
        return await RoleAsync(caller, d.OwnerOrgId, ct) is not null;
    }

    public async Task<bool> CanEditAsync(ClaimsPrincipal caller, Guid? organisationId, CancellationToken ct) =>
        caller.IsSysAdmin() || await RoleAsync(caller, organisationId, ct) is MembershipRole.Editor or MembershipRole.Admin;

    /// <summary>Organisations the caller may publish datasets in: those where they are an editor or admin
    /// (all of them, for a system administrator), by name.</summary>
    public async Task<List<Organisation>> PublishableOrganisationsAsync(ClaimsPrincipal caller, CancellationToken ct)
    {
        if (caller.IsSysAdmin()) return await db.Organisations.AsNoTracking().OrderBy(o => o.Name).ToListAsync(ct);
        if (caller.UserId() is not { } id) return [];
        return await db.Memberships.Where(m => m.UserId == id && (m.Role == MembershipRole.Editor || m.Role == MembershipRole.Admin))
            .Select(m => m.Organisation).AsNoTracking().OrderBy(o => o.Name).ToListAsync(ct);
    }

    /// <summary>Organisations whose private datasets the caller may read (all, for a system administrator: null).</summary>
    public async Task<List<Guid>?> ReadableOrganisationsAsync(ClaimsPrincipal caller, CancellationToken ct)
    {
        if (caller.IsSysAdmin()) return null;
        if (caller.UserId() is not { } id) return [];
        return await db.Memberships.Where(m => m.UserId == id).Select(m => m.OrganisationId).ToListAsync(ct);
    }

    /// <summary>The active datasets a reader may see in a listing: public and brokered ones, and private
    /// ones of the organisations given (<see cref="ReadableOrganisationsAsync"/>; null for all).</summary>
    public static IQueryable<Dataset> Listed(IQueryable<Dataset> datasets, List<Guid>? readable)
    {
        var active = datasets.Where(d => d.State == DatasetState.Active);
        return readable is null ? active
            : active.Where(d => d.Visibility != Visibility.Private || (d.OwnerOrgId != null && readable.Contains(d.OwnerOrgId.Value)));
    }

    /// <summary>How CKAN names the caller in its authorisation messages (anonymous is an empty name).</summary>
    public static string NameOf(ClaimsPrincipal caller) => caller.Identity?.IsAuthenticated == true ? caller.Identity.Name ?? "" : "";
}
