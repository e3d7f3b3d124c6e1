using System.Security.Claims;
using Agora.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Agora.Accounts;

/// <summary><c>/api/v1/me</c>: the caller, their organisations and their API tokens.</summary>
public static class MeApi
{
    public static RouteGroupBuilder MapMe(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/v1/me").WithTags("Me").RequireAuthorization();

        me.MapGet("/", GetMe).WithSummary("Who the caller is, their organisations and roles");
        me.MapGet("/tokens", async (ClaimsPrincipal caller, AgoraDbContext db, TimeProvider clock, CancellationToken ct) =>
        {
            var id = caller.RequiredUserId();
            var now = clock.UtcNow();
            var tokens = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == id).OrderByDescending(t => t.CreatedAt).ToListAsync(ct);
            return TypedResults.Ok(tokens.Select(t => TokenDto.From(t, now)).ToList());
        }).WithSummary("The caller's API tokens (never their secrets)");
        me.MapPost("/tokens", CreateToken).WithSummary("Create an API token; the secret is in this response only");
        me.MapDelete("/tokens/{id:guid}", async (Guid id, ClaimsPrincipal caller, AccountManager accounts, CancellationToken ct) =>
        {
            await accounts.RevokeTokenAsync(caller.RequiredUserId(), id, ct);
            return TypedResults.NoContent();
        }).WithSummary("Revoke an API token; it stops working at once");
        return me;
    }

    static async Task<Results<Ok<MeDto>, UnauthorizedHttpResult>> GetMe(ClaimsPrincipal caller, AgoraDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var id = caller.RequiredUserId();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null) return TypedResults.Unauthorized();
        var organisations = await db.Memberships.AsNoTracking().Where(m => m.UserId == id)
            .OrderBy(m => m.Organisation.Name)
            .Select(m => new MyOrganisationDto(m.OrganisationId, m.Organisation.Slug, m.Organisation.Name, m.Organisation.Kind, m.Role))
            .ToListAsync(ct);
        return TypedResults.Ok(new MeDto(UserDto.From(user, clock.UtcNow()), organisations));
    }

    static async Task<Created<CreatedTokenDto>> CreateToken(CreateTokenRequest request, ClaimsPrincipal caller,
        AgoraDbContext db, AccountManager accounts, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.UtcNow();
        if (request.ExpiresInDays is < 1 or > 3650)
            throw new Web.InvalidInputException("expiresInDays", "Give between 1 and 3650 days.");
        if (request.ExpiresAt is not null && request.ExpiresInDays is not null)
            throw new Web.InvalidInputException("expiresAt", "Give either expiresAt or expiresInDays, not both.");
        // A time without an offset is taken as UTC, whatever the server's own time zone.
        var expires = request.ExpiresAt is { } at ? (at.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : at.ToUniversalTime())
            : request.ExpiresInDays is { } days ? now.AddDays(days) : (DateTime?)null;
        // A token made with a token cannot outlive it: a leaked short-lived token cannot make itself permanent.
        if (caller.FindFirstValue(Authentication.TokenExpiresClaim) is { } parent
            && DateTime.Parse(parent, null, System.Globalization.DateTimeStyles.RoundtripKind) is var parentExpiry
            && (expires is null || expires > parentExpiry))
            expires = parentExpiry;
        var user = await db.Users.FirstAsync(u => u.Id == caller.RequiredUserId(), ct);
        var (token, secret) = await accounts.CreateTokenAsync(user, request.Name, expires is { } e ? Storage.Clock.ToMicroseconds(e) : null, ct: ct);
        return TypedResults.Created($"/api/v1/me/tokens/{token.Id}", new CreatedTokenDto(TokenDto.From(token, now), secret));
    }
}
