using System.Security.Claims;
using Agora.Storage;
using Agora.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Agora.Accounts;

/// <summary><c>/api/v1/users</c>: account administration for system administrators.</summary>
public static class UsersApi
{
    public static RouteGroupBuilder MapUsers(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/v1/users").WithTags("Users").RequireAuthorization(Authentication.SysAdminPolicy);

        users.MapGet("/", List).WithSummary("List accounts (system administrators)");
        users.MapGet("/{userName}", async (string userName, AgoraDbContext db, TimeProvider clock, CancellationToken ct) =>
            TypedResults.Ok(UserDto.From(await Find(db, userName, ct), clock.UtcNow())))
            .WithSummary("One account");
        users.MapPost("/", async (CreateUserRequest r, AccountManager accounts, TimeProvider clock, CancellationToken ct) =>
        {
            var user = await accounts.CreateUserAsync(new NewUser(r.UserName, r.DisplayName, r.Email, r.Password, r.IsSysAdmin), ct);
            return TypedResults.Created($"/api/v1/users/{user.UserName}", UserDto.From(user, clock.UtcNow()));
        }).WithSummary("Create an account");
        users.MapPatch("/{userName}", Update).WithSummary("Change an account: name, e-mail, rights, password, disable, unlock");
        return users;
    }

    static async Task<Ok<Page<UserDto>>> List(AgoraDbContext db, TimeProvider clock, CancellationToken ct,
        string? q = null, int offset = 0, int limit = 50)
    {
        if (offset < 0) throw new InvalidInputException("offset", "Must be 0 or more.");
        if (limit is < 1 or > 1000) throw new InvalidInputException("limit", "Must be between 1 and 1000.");
        var query = db.Users.AsNoTracking().Matching(q);
        var now = clock.UtcNow();
        var total = await query.CountAsync(ct);
        var page = await query.OrderBy(u => u.UserName).Skip(offset).Take(limit).ToListAsync(ct);
        return TypedResults.Ok(new Page<UserDto>(total, offset, limit, page.Select(u => UserDto.From(u, now)).ToList()));
    }

    static async Task<Ok<UserDto>> Update(string userName, UpdateUserRequest r, ClaimsPrincipal caller, AgoraDbContext db,
        AccountManager accounts, TimeProvider clock, CancellationToken ct)
    {
        var user = await Find(db, userName, ct);
        if (user.Id == caller.UserId() && (r.IsSysAdmin == false || r.IsDisabled == true))
            throw new ConflictException("Administrators cannot remove their own rights or disable themselves; ask another administrator.");

        var v = new Validator()
            .Check(r.DisplayName is null || (r.DisplayName.Trim().Length is > 0 and <= 200 && AccountRules.IsCleanText(r.DisplayName)),
                "displayName", "Give a name of 1–200 characters.")
            .Check(r.Email is null || AccountRules.IsEmail(r.Email), "email", "Give a valid e-mail address.");
        v.ThrowIfInvalid();
        if (r.Email is not null)
        {
            var normalized = AccountRules.NormalizeEmail(r.Email);
            if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalized && u.Id != user.Id, ct))
                throw new ConflictException("Another account has that e-mail address.");
            user.Email = r.Email.Trim();
            user.NormalizedEmail = normalized;
        }
        if (r.DisplayName is not null) user.DisplayName = r.DisplayName.Trim();
        var rightsChanged = (r.IsSysAdmin is { } admin && admin != user.IsSysAdmin) || (r.IsDisabled is { } off && off != user.IsDisabled);
        user.IsSysAdmin = r.IsSysAdmin ?? user.IsSysAdmin;
        user.IsDisabled = r.IsDisabled ?? user.IsDisabled;
        if (rightsChanged) user.SecurityStamp = Guid.NewGuid().ToString("N");
        if (r.Unlock == true)
        {
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
        }
        if (r.Password is not null) await accounts.SetPasswordAsync(user, r.Password, ct);
        else await accounts.SaveAsync(ct);
        return TypedResults.Ok(UserDto.From(user, clock.UtcNow()));
    }

    static async Task<User> Find(AgoraDbContext db, string userName, CancellationToken ct) =>
        await db.Users.FirstOrDefaultAsync(u => u.UserName == userName, ct) ?? throw new NotFoundException($"No user '{userName}'.");
}
