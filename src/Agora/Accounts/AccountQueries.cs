using Agora.Storage;
using Microsoft.EntityFrameworkCore;

namespace Agora.Accounts;

/// <summary>The searches the API and the web UI share.</summary>
static class AccountQueries
{
    /// <summary>Users whose user name, name or e-mail contains <paramref name="q"/> (any case).</summary>
    public static IQueryable<User> Matching(this IQueryable<User> users, string? q)
    {
        q = AccountRules.CleanSearch(q);
        if (string.IsNullOrWhiteSpace(q)) return users;
        var pattern = $"%{q.Trim().ToLower()}%";
        return users.Where(u => EF.Functions.Like(u.UserName, pattern) || EF.Functions.Like(u.DisplayName.ToLower(), pattern)
            || EF.Functions.Like(u.NormalizedEmail.ToLower(), pattern));
    }

    /// <summary>Organisations of a kind and level whose name, short name or city contains <paramref name="q"/>.</summary>
    public static IQueryable<Organisation> Matching(this IQueryable<Organisation> organisations, string? q,
        OrganisationKind? kind = null, GovernmentLevel? level = null)
    {
        if (kind is not null) organisations = organisations.Where(o => o.Kind == kind);
        if (level is not null) organisations = organisations.Where(o => o.Level == level);
        q = AccountRules.CleanSearch(q);
        if (string.IsNullOrWhiteSpace(q)) return organisations;
        var pattern = $"%{q.Trim().ToLower()}%";
        return organisations.Where(o => EF.Functions.Like(o.Name.ToLower(), pattern) || EF.Functions.Like(o.Slug, pattern)
            || (o.City != null && EF.Functions.Like(o.City.ToLower(), pattern)));
    }

    /// <summary>One page of organisations, by name, each with its member count.</summary>
    public static async Task<(int Total, List<OrganisationDto> Items)> PageAsync(this IQueryable<Organisation> organisations,
        int offset, int limit, CancellationToken ct)
    {
        var total = await organisations.CountAsync(ct);
        var rows = await organisations.OrderBy(o => o.Name).Skip(offset).Take(limit)
            .Select(o => new { Org = o, Members = o.Memberships.Count }).ToListAsync(ct);
        return (total, rows.Select(r => OrganisationDto.From(r.Org, r.Members)).ToList());
    }
}
