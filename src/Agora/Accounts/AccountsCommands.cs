using System.CommandLine;
using Agora.Cli;
using Agora.Storage;
using Microsoft.EntityFrameworkCore;

namespace Agora.Accounts;

/// <summary><c>agora user | org | token</c>: account administration from the shell.</summary>
static class AccountsCommands
{
    public static Command User()
    {
        var user = new Command("user", "Create and list user accounts.");

        var userName = new Option<string>("--username") { Description = "Short unique handle (a-z, 0-9, - and _).", Required = true };
        var name = new Option<string>("--name") { Description = "Display name.", Required = true };
        var email = new Option<string>("--email") { Description = "E-mail address (also used to sign in).", Required = true };
        var password = new Option<string?>("--password") { Description = "Password; without it a random one is generated and printed." };
        var sysadmin = new Option<bool>("--sysadmin") { Description = "Make the user a system administrator." };
        var create = new Command("create", "Create a user account.") { userName, name, email, password, sysadmin };
        create.TreatUnmatchedTokensAsErrors = false;
        create.SetAction((result, ct) => AgoraCli.WithServices(result, ct, async (services, _) =>
        {
            var given = result.GetValue(password);
            var secret = given ?? System.Security.Cryptography.RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 20);
            await services.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
            var created = await services.GetRequiredService<AccountManager>().CreateUserAsync(new NewUser(
                result.GetValue(userName)!, result.GetValue(name)!, result.GetValue(email)!, secret, result.GetValue(sysadmin)), ct);
            Console.WriteLine($"Created user '{created.UserName}' ({created.Id}).");
            if (given is null) Console.WriteLine($"Password: {secret}");
            return 0;
        }));
        user.Subcommands.Add(create);

        var list = new Command("list", "List user accounts.") { TreatUnmatchedTokensAsErrors = false };
        list.SetAction((result, ct) => AgoraCli.WithServices(result, ct, async (services, _) =>
        {
            var db = services.GetRequiredService<AgoraDbContext>();
            await services.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
            var users = await db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(ct);
            AgoraCli.PrintTable(["USER", "NAME", "E-MAIL", "ROLE", "STATE"], users.Select(u => new[]
            {
                u.UserName, u.DisplayName, u.Email, u.IsSysAdmin ? "sysadmin" : "", u.IsDisabled ? "disabled" : "active",
            }));
            return 0;
        }));
        user.Subcommands.Add(list);
        return user;
    }

    public static Command Org()
    {
        var org = new Command("org", "Create and list organisations.");

        var name = new Option<string>("--name") { Description = "The organisation's name.", Required = true };
        var slug = new Option<string?>("--slug") { Description = "Short unique name used in addresses; derived from the name if left out." };
        var kind = new Option<OrganisationKind>("--kind") { Description = "PublicAgency, Company, Research, Ngo or CitizenGroup.", Required = true };
        var level = new Option<GovernmentLevel?>("--level") { Description = "For public agencies: State, Regional or Municipal." };
        var city = new Option<string?>("--city") { Description = "City." };
        var country = new Option<string?>("--country") { Description = "Two-letter country code, e.g. DK." };
        var admin = new Option<string?>("--admin") { Description = "User name or e-mail of the user who becomes its admin." };
        var create = new Command("create", "Create an organisation.") { name, slug, kind, level, city, country, admin };
        create.TreatUnmatchedTokensAsErrors = false;
        create.SetAction((result, ct) => AgoraCli.WithServices(result, ct, async (services, _) =>
        {
            var accounts = services.GetRequiredService<AccountManager>();
            await services.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
            User? owner = null;
            if (result.GetValue(admin) is { } login)
                owner = await accounts.FindByLoginAsync(login, ct) ?? throw new Web.NotFoundException($"No user '{login}'.");
            var created = await accounts.CreateOrganisationAsync(new OrganisationInput(result.GetValue(name)!, result.GetValue(slug),
                result.GetValue(kind), result.GetValue(level), result.GetValue(city), result.GetValue(country), null, null), owner, ct);
            Console.WriteLine($"Created organisation '{created.Slug}' ({created.Id}).");
            return 0;
        }));
        org.Subcommands.Add(create);

        var list = new Command("list", "List organisations.") { TreatUnmatchedTokensAsErrors = false };
        list.SetAction((result, ct) => AgoraCli.WithServices(result, ct, async (services, _) =>
        {
            var db = services.GetRequiredService<AgoraDbContext>();
            await services.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
            var orgs = await db.Organisations.AsNoTracking().OrderBy(o => o.Name)
                .Select(o => new { o.Slug, o.Name, o.Kind, o.Level, o.City, Members = o.Memberships.Count }).ToListAsync(ct);
            AgoraCli.PrintTable(["SLUG", "NAME", "KIND", "LEVEL", "CITY", "MEMBERS"], orgs.Select(o => new[]
            {
                o.Slug, o.Name, o.Kind.ToString(), o.Level?.ToString(), o.City, o.Members.ToString(),
            }));
            return 0;
        }));
        org.Subcommands.Add(list);
        return org;
    }

    public static Command Token()
    {
        var token = new Command("token", "Create and revoke API tokens.");

        var user = new Option<string>("--user") { Description = "User name or e-mail of the token's owner.", Required = true };
        var name = new Option<string>("--name") { Description = "What the token is for.", Required = true };
        var days = new Option<int?>("--expires-days") { Description = "Days until it expires; never if left out." };
        var create = new Command("create", "Create an API token and print its secret (shown only this once).") { user, name, days };
        create.TreatUnmatchedTokensAsErrors = false;
        create.SetAction((result, ct) => AgoraCli.WithServices(result, ct, async (services, _) =>
        {
            var accounts = services.GetRequiredService<AccountManager>();
            await services.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
            var login = result.GetValue(user)!;
            var owner = await accounts.FindByLoginAsync(login, ct) ?? throw new Web.NotFoundException($"No user '{login}'.");
            if (result.GetValue(days) is < 1 or > 3650) throw new Web.InvalidInputException("expires-days", "Give between 1 and 3650 days.");
            var expires = result.GetValue(days) is { } d ? services.GetRequiredService<TimeProvider>().UtcNow().AddDays(d) : (DateTime?)null;
            var (created, secret) = await accounts.CreateTokenAsync(owner, result.GetValue(name)!, expires, ct: ct);
            Console.WriteLine($"Created token {created.Id} for '{owner.UserName}'{(expires is null ? "" : $", expiring {expires:u}")}.");
            Console.WriteLine(secret);
            return 0;
        }));
        token.Subcommands.Add(create);

        var id = new Argument<Guid>("id") { Description = "The token's id (see 'agora token list')." };
        var revoke = new Command("revoke", "Revoke an API token; it stops working at once.") { id };
        revoke.TreatUnmatchedTokensAsErrors = false;
        revoke.SetAction((result, ct) => AgoraCli.WithServices(result, ct, async (services, _) =>
        {
            var db = services.GetRequiredService<AgoraDbContext>();
            await services.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
            var tokenId = result.GetValue(id);
            var found = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId, ct) ?? throw new Web.NotFoundException($"No token {tokenId}.");
            await services.GetRequiredService<AccountManager>().RevokeTokenAsync(found.UserId, found.Id, ct);
            Console.WriteLine($"Revoked token {tokenId}.");
            return 0;
        }));
        token.Subcommands.Add(revoke);

        var owner = new Option<string?>("--user") { Description = "Only this user's tokens." };
        var list = new Command("list", "List API tokens (never their secrets).") { owner };
        list.TreatUnmatchedTokensAsErrors = false;
        list.SetAction((result, ct) => AgoraCli.WithServices(result, ct, async (services, _) =>
        {
            var db = services.GetRequiredService<AgoraDbContext>();
            await services.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
            var now = services.GetRequiredService<TimeProvider>().UtcNow();
            var query = db.ApiTokens.AsNoTracking().Include(t => t.User).AsQueryable();
            if (result.GetValue(owner) is { } login)
            {
                var normalized = AccountRules.NormalizeEmail(login);
                query = query.Where(t => t.User.UserName == login.ToLowerInvariant() || t.User.NormalizedEmail == normalized);
            }
            var tokens = await query.OrderBy(t => t.User.UserName).ThenBy(t => t.CreatedAt).ToListAsync(ct);
            AgoraCli.PrintTable(["ID", "USER", "NAME", "PREFIX", "EXPIRES", "LAST USED", "STATE"], tokens.Select(t => new[]
            {
                t.Id.ToString(), t.User.UserName, t.Name, t.Prefix, t.ExpiresAt?.ToString("u"), t.LastUsedAt?.ToString("u"),
                t.RevokedAt is not null ? "revoked" : t.IsActive(now) ? "active" : "expired",
            }));
            return 0;
        }));
        token.Subcommands.Add(list);
        return token;
    }
}
