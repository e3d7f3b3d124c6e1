using System.Security.Cryptography;
using Agora.Accounts;
using Agora.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Agora.Storage;

/// <summary>Brings the database up to date on start: applies migrations, creates the system
/// administrator on an empty database, and loads the demo city when asked.</summary>
public sealed class DatabaseInitializer(AgoraDbContext db, AccountManager accounts, IOptions<AgoraOptions> options,
    DemoCity demo, ILogger<DatabaseInitializer> log)
{
    public async Task MigrateAsync(CancellationToken ct = default)
    {
        // EF Core takes a database-wide lock while migrating, so several nodes may start at once.
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite())
        {
            // WAL lets readers go on while one writer commits; the busy timeout makes writers queue instead of failing.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }

    public async Task InitialiseAsync(CancellationToken ct = default)
    {
        await MigrateAsync(ct);
        await BootstrapAdminAsync(ct);
        if (options.Value.Demo)
        {
            try
            {
                await demo.LoadAsync(ct);
            }
            catch (Web.ConflictException)
            {
                log.LogInformation("Another node is loading the demo city");
            }
        }
    }

    /// <summary>On a first start (no users yet) creates the system administrator from
    /// Agora:Bootstrap, or with a random password printed once.</summary>
    async Task BootstrapAdminAsync(CancellationToken ct)
    {
        if (await db.Users.AnyAsync(ct)) return;
        var bootstrap = options.Value.Bootstrap;
        var email = string.IsNullOrWhiteSpace(bootstrap.AdminEmail) ? "admin@agora.local" : bootstrap.AdminEmail.Trim();
        var generated = string.IsNullOrEmpty(bootstrap.AdminPassword);
        var password = generated ? RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 20) : bootstrap.AdminPassword!;

        try
        {
            // The administrator and their token together, or neither.
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var admin = await accounts.CreateUserAsync(new NewUser("admin", "System administrator", email, password, IsSysAdmin: true), ct);
            if (!string.IsNullOrEmpty(bootstrap.AdminToken))
                await accounts.CreateTokenAsync(admin, "bootstrap", expiresAt: null, secret: bootstrap.AdminToken, ct: ct);
            await transaction.CommitAsync(ct);
        }
        catch (Web.ConflictException)
        {
            return; // another node bootstrapped the same database a moment ago
        }

        if (generated)
        {
            // Printed once, straight to the console, so it does not end up in structured log stores.
            Console.WriteLine();
            Console.WriteLine($"  Agora created the system administrator '{email}' (user name 'admin')");
            Console.WriteLine($"  with the password: {password}");
            Console.WriteLine("  It is shown only this once. Sign in and change it under My account.");
            Console.WriteLine();
        }
        log.LogInformation("Created the system administrator {Email}", email);
    }

    /// <summary>Runs the initialiser before the server takes requests.</summary>
    public sealed class OnStart(IServiceScopeFactory scopes) : IHostedService
    {
        public async Task StartAsync(CancellationToken ct)
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitialiseAsync(ct);
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
