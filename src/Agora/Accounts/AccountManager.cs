using System.Security.Cryptography;
using System.Text;
using Agora.Storage;
using Agora.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Agora.Accounts;

public sealed record NewUser(string UserName, string DisplayName, string Email, string? Password, bool IsSysAdmin = false);

public sealed record OrganisationInput(
    string Name, string? Slug, OrganisationKind? Kind, GovernmentLevel? Level,
    string? City, string? Country, string? Website, string? Description);

public enum SignInOutcome { Succeeded, Failed, LockedOut, Disabled }

public sealed record SignInResult(SignInOutcome Outcome, User? User = null, DateTime? LockedUntil = null);

/// <summary>The rules of accounts, organisations, memberships and tokens, shared by the API,
/// the web UI, the CLI and the start-up bootstrap so that each enforces the same ones.</summary>
public sealed class AccountManager(AgoraDbContext db, TimeProvider clock, IPasswordHasher<User> hasher)
{
    public const string TokenPrefix = "agora_";

    DateTime Now => clock.UtcNow();

    static readonly User Nobody = new() { UserName = "nobody", DisplayName = "nobody", Email = "nobody", NormalizedEmail = "NOBODY" };
    static readonly Lazy<string> NobodysHash = new(() => new PasswordHasher<User>().HashPassword(Nobody, Guid.NewGuid().ToString()));

    public async Task<User> CreateUserAsync(NewUser input, CancellationToken ct = default)
    {
        var v = new Validator()
            .Check(AccountRules.IsSlug(input.UserName), "userName", "Use 2–100 characters: lower-case letters, digits, '-' and '_', starting with a letter or digit.")
            .Check(!string.IsNullOrWhiteSpace(input.DisplayName) && input.DisplayName.Length <= 200 && AccountRules.IsCleanText(input.DisplayName),
                "displayName", "Give a name of 1–200 characters.")
            .Check(AccountRules.IsEmail(input.Email), "email", "Give a valid e-mail address.");
        if (input.Password is not null) CheckPassword(v, input.Password, "password");
        v.ThrowIfInvalid();

        var normalized = AccountRules.NormalizeEmail(input.Email);
        if (await db.Users.AnyAsync(u => u.UserName == input.UserName, ct))
            throw new ConflictException($"The user name '{input.UserName}' is taken.");
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalized, ct))
            throw new ConflictException("An account with that e-mail address exists.");

        var user = new User
        {
            UserName = input.UserName,
            DisplayName = input.DisplayName.Trim(),
            Email = input.Email.Trim(),
            NormalizedEmail = normalized,
            IsSysAdmin = input.IsSysAdmin,
            CreatedAt = Now,
        };
        if (input.Password is not null) user.PasswordHash = hasher.HashPassword(user, input.Password);
        db.Users.Add(user);
        await SaveAsync(ct);
        return user;
    }

    static void CheckPassword(Validator v, string password, string field) =>
        v.Check(password.Length >= AccountRules.MinPasswordLength && password.Length <= 512, field,
            $"Use at least {AccountRules.MinPasswordLength} characters.");

    /// <summary>Checks a password, counting failures: after <see cref="AccountRules.MaxFailedSignIns"/>
    /// in a row the account is locked for <see cref="AccountRules.LockoutDuration"/>, whatever is typed.
    /// Each attempt is counted in the database before the password is checked, so guesses sent in
    /// parallel cannot all slip in before the lock.</summary>
    public async Task<SignInResult> SignInAsync(string login, string password, CancellationToken ct = default)
    {
        var user = await FindByLoginAsync(login, ct);
        if (user is null || user.PasswordHash is null)
        {
            // Spend the same time as a real check so that timing does not reveal which accounts exist.
            hasher.VerifyHashedPassword(Nobody, NobodysHash.Value, password);
            return new SignInResult(SignInOutcome.Failed);
        }
        if (user.IsDisabled) return new SignInResult(SignInOutcome.Disabled);
        return await CheckPasswordCountedAsync(user, password, ct);
    }

    async Task<SignInResult> CheckPasswordCountedAsync(User user, string password, CancellationToken ct)
    {
        var now = Now;
        var max = AccountRules.MaxFailedSignIns;
        var users = db.Users.Where(u => u.Id == user.Id);
        var taken = await users.Where(u => u.AccessFailedCount < max && (u.LockoutEnd == null || u.LockoutEnd <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessFailedCount, u => u.AccessFailedCount + 1), ct);
        if (taken == 0) return await LockAsync(user.Id, now, ct);

        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash!, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            var failures = await users.Select(u => u.AccessFailedCount).FirstAsync(ct);
            return failures >= max ? await LockAsync(user.Id, now, ct) : new SignInResult(SignInOutcome.Failed);
        }

        var hash = verdict == PasswordVerificationResult.SuccessRehashNeeded ? hasher.HashPassword(user, password) : user.PasswordHash;
        await users.ExecuteUpdateAsync(s => s
            .SetProperty(u => u.AccessFailedCount, 0)
            .SetProperty(u => u.LockoutEnd, (DateTime?)null)
            .SetProperty(u => u.LastSignInAt, now)
            .SetProperty(u => u.PasswordHash, hash), ct);
        await db.Entry(user).ReloadAsync(ct);
        return new SignInResult(SignInOutcome.Succeeded, user);
    }

    /// <summary>Starts the lockout if the attempts are used up and no lockout runs yet; reports the one in force.</summary>
    async Task<SignInResult> LockAsync(Guid userId, DateTime now, CancellationToken ct)
    {
        var until = now + AccountRules.LockoutDuration;
        await db.Users.Where(u => u.Id == userId && u.AccessFailedCount >= AccountRules.MaxFailedSignIns && (u.LockoutEnd == null || u.LockoutEnd <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnd, until).SetProperty(u => u.AccessFailedCount, 0), ct);
        var lockedUntil = await db.Users.Where(u => u.Id == userId).Select(u => u.LockoutEnd).FirstAsync(ct);
        return new SignInResult(SignInOutcome.LockedOut, LockedUntil: lockedUntil);
    }

    public Task<User?> FindByLoginAsync(string login, CancellationToken ct = default)
    {
        var trimmed = login.Trim();
        var normalized = AccountRules.NormalizeEmail(trimmed);
        var userName = trimmed.ToLowerInvariant(); // user names are lower case
        return db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalized || u.UserName == userName, ct);
    }

    public async Task ChangePasswordAsync(User user, string currentPassword, string newPassword, CancellationToken ct = default)
    {
        var v = new Validator();
        // Counted like sign-ins, so a borrowed session cannot guess the password without limit.
        var check = user.PasswordHash is null ? new SignInResult(SignInOutcome.Failed) : await CheckPasswordCountedAsync(user, currentPassword, ct);
        if (check.Outcome == SignInOutcome.LockedOut)
            v.Add("currentPassword", "Too many wrong passwords: try again later.");
        else if (check.Outcome != SignInOutcome.Succeeded)
            v.Add("currentPassword", "The current password is not right.");
        CheckPassword(v, newPassword, "newPassword");
        v.ThrowIfInvalid();
        await SetPasswordAsync(user, newPassword, ct);
    }

    /// <summary>Sets a password without asking for the old one (administrators, the CLI).</summary>
    public async Task SetPasswordAsync(User user, string newPassword, CancellationToken ct = default)
    {
        var v = new Validator();
        CheckPassword(v, newPassword, "password");
        v.ThrowIfInvalid();
        user.PasswordHash = hasher.HashPassword(user, newPassword);
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        user.AccessFailedCount = 0;
        user.LockoutEnd = null;
        await db.SaveChangesAsync(ct);
    }

    // ---- API tokens -------------------------------------------------------------------------

    public async Task<(ApiToken Token, string Secret)> CreateTokenAsync(User user, string name, DateTime? expiresAt,
        string? secret = null, CancellationToken ct = default)
    {
        new Validator()
            .Check(!string.IsNullOrWhiteSpace(name) && name.Length <= 200 && AccountRules.IsCleanText(name), "name", "Give the token a name of 1–200 characters.")
            .Check(expiresAt is null || expiresAt > Now, "expiresAt", "The expiry must be in the future.")
            .ThrowIfInvalid();

        secret ??= TokenPrefix + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var token = new ApiToken
        {
            UserId = user.Id,
            Name = name.Trim(),
            TokenHash = HashToken(secret),
            Prefix = secret[..Math.Min(secret.Length, 12)],
            CreatedAt = Now,
            ExpiresAt = expiresAt,
        };
        db.ApiTokens.Add(token);
        await SaveAsync(ct);
        return (token, secret);
    }

    public async Task RevokeTokenAsync(Guid ownerId, Guid tokenId, CancellationToken ct = default)
    {
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId && t.UserId == ownerId, ct)
            ?? throw new NotFoundException("No such token.");
        token.RevokedAt ??= Now;
        await db.SaveChangesAsync(ct);
    }

    sealed record LiveToken(Guid Id, DateTime? LastUsedAt, DateTime? ExpiresAt, User User);

    // Every request with a token asks this, and a token revoked on one node must fail on the others at
    // once, so it is not cached: compiled once instead of translated per request (a third of the CPU of
    // a sensor update was this query's translation).
    static readonly Func<AgoraDbContext, string, DateTime, CancellationToken, Task<LiveToken?>> FindLiveToken =
        EF.CompileAsyncQuery((AgoraDbContext db, string hash, DateTime now, CancellationToken ct) => db.ApiTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash && t.RevokedAt == null && (t.ExpiresAt == null || t.ExpiresAt > now))
            .Select(t => new LiveToken(t.Id, t.LastUsedAt, t.ExpiresAt, t.User))
            .FirstOrDefault());

    /// <summary>The user a token belongs to, and when the token expires, if the token is live and the user may act.</summary>
    public async Task<(User User, DateTime? ExpiresAt)?> AuthenticateTokenAsync(string secret, CancellationToken ct = default)
    {
        var hash = HashToken(secret);
        var now = Now;
        var found = await FindLiveToken(db, hash, now, ct);
        if (found is null || found.User.IsDisabled) return null;

        // Recording every use would write on every request; a minute's precision is enough to spot stale tokens.
        if (found.LastUsedAt is null || found.LastUsedAt < now.AddMinutes(-1))
            await db.ApiTokens.Where(t => t.Id == found.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), ct);
        return (found.User, found.ExpiresAt);
    }

    public static string HashToken(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    // ---- Organisations and memberships --------------------------------------------------------

    public async Task<Organisation> CreateOrganisationAsync(OrganisationInput input, User? creator, CancellationToken ct = default)
    {
        var slug = string.IsNullOrWhiteSpace(input.Slug) ? AccountRules.Slugify(input.Name ?? "") : input.Slug.Trim();
        Validate(input, slug);
        if (await db.Organisations.AnyAsync(o => o.Slug == slug, ct))
            throw new ConflictException($"The organisation name '{slug}' is taken.");

        var org = new Organisation { Slug = slug, Name = input.Name!.Trim(), CreatedAt = Now, UpdatedAt = Now };
        Apply(org, input);
        db.Organisations.Add(org);
        if (creator is not null)
            db.Memberships.Add(new Membership { Organisation = org, UserId = creator.Id, Role = MembershipRole.Admin, CreatedAt = Now });
        await SaveAsync(ct);
        return org;
    }

    public async Task<Organisation> UpdateOrganisationAsync(Organisation org, OrganisationInput input, CancellationToken ct = default)
    {
        var slug = string.IsNullOrWhiteSpace(input.Slug) ? org.Slug : input.Slug.Trim();
        Validate(input, slug);
        if (slug != org.Slug && await db.Organisations.AnyAsync(o => o.Slug == slug, ct))
            throw new ConflictException($"The organisation name '{slug}' is taken.");
        org.Slug = slug;
        org.Name = input.Name.Trim();
        Apply(org, input);
        org.UpdatedAt = Now;
        await SaveAsync(ct);
        return org;
    }

    static void Validate(OrganisationInput input, string slug)
    {
        var v = new Validator()
            .Check(!string.IsNullOrWhiteSpace(input.Name) && input.Name.Length <= 200 && AccountRules.IsCleanText(input.Name), "name", "Give a name of 1–200 characters.")
            .Check(AccountRules.IsOrganisationSlug(slug), "slug",
                "Use 2–100 characters: lower-case letters, digits, '-' and '_', starting with a letter or digit (not 'new', 'edit' and the like).")
            .Check(input.Kind is not null && Enum.IsDefined(input.Kind.Value), "kind",
                "Give the kind: public-agency, company, research, ngo or citizen-group.")
            .Check(input.Kind != OrganisationKind.PublicAgency || input.Level is not null, "level",
                "A public agency needs its level: state, regional or municipal.")
            .Check(input.Kind == OrganisationKind.PublicAgency || input.Level is null, "level",
                "Only public agencies have a level of government.")
            .Check(input.Level is null || Enum.IsDefined(input.Level.Value), "level", "Unknown level of government.")
            .Check(input.City is null || (input.City.Length <= 200 && AccountRules.IsCleanText(input.City)), "city", "At most 200 characters, on one line.")
            .Check(string.IsNullOrEmpty(input.Country) || AccountRules.IsCountryCode(input.Country), "country",
                "Use the two-letter ISO 3166-1 code in capitals, e.g. DK.")
            .Check(string.IsNullOrEmpty(input.Website) || (input.Website.Length <= 500 && AccountRules.IsWebUrl(input.Website)), "website",
                "Give an http(s) address of at most 500 characters.")
            .Check(input.Description is null || (input.Description.Length <= 10_000 && AccountRules.IsCleanText(input.Description, multiline: true)),
                "description", "At most 10,000 characters of text.");
        v.ThrowIfInvalid();
    }

    static void Apply(Organisation org, OrganisationInput input)
    {
        org.Kind = input.Kind!.Value;
        org.Level = input.Level;
        org.City = NullIfBlank(input.City);
        org.Country = NullIfBlank(input.Country);
        org.Website = NullIfBlank(input.Website);
        org.Description = NullIfBlank(input.Description);
    }

    static string? NullIfBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    public Task<Membership> SetMemberAsync(Organisation org, User user, MembershipRole role, CancellationToken ct = default) =>
        OneChangeAtATimeAsync(org, async () =>
        {
            new Validator().Check(Enum.IsDefined(role), "role", "Use admin, editor or member.").ThrowIfInvalid();
            var membership = await db.Memberships.FirstOrDefaultAsync(m => m.OrganisationId == org.Id && m.UserId == user.Id, ct);
            if (membership is null)
            {
                membership = new Membership { OrganisationId = org.Id, UserId = user.Id, Role = role, CreatedAt = Now };
                db.Memberships.Add(membership);
            }
            else
            {
                if (membership.Role == MembershipRole.Admin && role != MembershipRole.Admin) await EnsureAnotherAdminAsync(org, user.Id, ct);
                membership.Role = role;
            }
            await SaveAsync(ct);
            return membership;
        }, ct);

    public Task RemoveMemberAsync(Organisation org, Guid userId, CancellationToken ct = default) =>
        OneChangeAtATimeAsync(org, async () =>
        {
            var membership = await db.Memberships.FirstOrDefaultAsync(m => m.OrganisationId == org.Id && m.UserId == userId, ct)
                ?? throw new NotFoundException("That user is not a member of this organisation.");
            if (membership.Role == MembershipRole.Admin) await EnsureAnotherAdminAsync(org, membership.UserId, ct);
            db.Memberships.Remove(membership);
            await db.SaveChangesAsync(ct);
            return true;
        }, ct);

    /// <summary>Runs a membership change in a transaction that first writes the organisation's row,
    /// so changes to one organisation's members queue up: two admins leaving at the same moment
    /// cannot both pass the last-admin check.</summary>
    async Task<T> OneChangeAtATimeAsync<T>(Organisation org, Func<Task<T>> change, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null) return await change();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Organisations.Where(o => o.Id == org.Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.UpdatedAt, Now), ct);
        var result = await change();
        await transaction.CommitAsync(ct);
        return result;
    }

    async Task EnsureAnotherAdminAsync(Organisation org, Guid userId, CancellationToken ct)
    {
        var others = await db.Memberships.CountAsync(m => m.OrganisationId == org.Id && m.Role == MembershipRole.Admin
            && m.UserId != userId && !m.User.IsDisabled, ct);
        if (others == 0) throw new ConflictException("An organisation keeps at least one active admin; make someone else admin first.");
    }

    /// <summary>Finds the person an organisation admin names. System administrators may name anyone by
    /// e-mail or user name; others by user name only, so that membership forms do not reveal who has
    /// an account under which e-mail address.</summary>
    public async Task<User> FindPersonAsync(System.Security.Claims.ClaimsPrincipal caller, string login, CancellationToken ct = default)
    {
        var user = caller.IsSysAdmin()
            ? await FindByLoginAsync(login, ct)
            : await db.Users.FirstOrDefaultAsync(u => u.UserName == login.Trim().ToLowerInvariant(), ct);
        return user ?? throw new NotFoundException($"No user with the user name '{login}'.");
    }

    public Task<MembershipRole?> RoleInAsync(Guid userId, Guid organisationId, CancellationToken ct = default) =>
        db.Memberships.Where(m => m.UserId == userId && m.OrganisationId == organisationId)
            .Select(m => (MembershipRole?)m.Role).FirstOrDefaultAsync(ct);

    /// <summary>Saves, turning a unique-index race (two requests taking the same name at once) into a 409.</summary>
    internal async Task SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (IsUniqueViolation(e))
        {
            throw new ConflictException("That name or address was taken a moment ago; choose another.");
        }
    }

    static bool IsUniqueViolation(DbUpdateException e) => e.InnerException switch
    {
        Microsoft.Data.Sqlite.SqliteException s => s.SqliteExtendedErrorCode is 2067 or 1555,
        Npgsql.PostgresException p => p.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
