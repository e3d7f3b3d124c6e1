using System.CommandLine;
using Agora.Accounts;
using Agora.Demo;
using Agora.Storage;
using Microsoft.EntityFrameworkCore;

namespace Agora.Cli;

/// <summary>The operators' command line: <c>agora serve | migrate | demo | user | org | token | harvest</c>.
/// Any option it does not know (<c>--urls</c>, <c>--Agora:Database=postgres</c>…) goes to the
/// server's configuration, as with any ASP.NET Core application.</summary>
public static class AgoraCli
{
    public static async Task<int> RunAsync(string[] args)
    {
        var demo = new Option<bool>("--demo") { Description = "Load the demo city (Aldport) if it is not loaded yet." };
        var root = new RootCommand("Agora — the city's data exchange and innovation commons. With no command, serves.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        root.Options.Add(demo);
        root.SetAction((result, ct) => ServeAsync(result, demo, ct));

        var serve = new Command("serve", "Run the server (web UI and APIs); applies migrations first.") { TreatUnmatchedTokensAsErrors = false };
        serve.Options.Add(demo);
        serve.SetAction((result, ct) => ServeAsync(result, demo, ct));
        root.Subcommands.Add(serve);

        var migrate = new Command("migrate", "Create or upgrade the database schema, then exit.") { TreatUnmatchedTokensAsErrors = false };
        migrate.SetAction((result, ct) => WithServices(result, ct, async (services, _) =>
        {
            await services.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
            Console.WriteLine("The database is up to date.");
            return 0;
        }));
        root.Subcommands.Add(migrate);

        var demoCommand = new Command("demo", "Load the demo city of Aldport: agencies, companies, a university, an NGO, residents.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        demoCommand.SetAction((result, ct) => WithServices(result, ct, async (services, _) =>
        {
            await services.GetRequiredService<DatabaseInitializer>().InitialiseAsync(ct);
            await services.GetRequiredService<DemoCity>().LoadAsync(ct);
            Console.WriteLine($"The demo city is loaded. Demo users (e.g. 'mette', 'lars', 'emma') sign in with the password '{DemoCity.Password}'.");
            return 0;
        }));
        root.Subcommands.Add(demoCommand);

        root.Subcommands.Add(AccountsCommands.User());
        root.Subcommands.Add(AccountsCommands.Org());
        root.Subcommands.Add(AccountsCommands.Token());
        root.Subcommands.Add(Harvest.HarvestCommands.Harvest());

        return await root.Parse(args).InvokeAsync();
    }

    static async Task<int> ServeAsync(ParseResult result, Option<bool> demo, CancellationToken ct)
    {
        var hostArgs = result.UnmatchedTokens.ToList();
        if (result.GetValue(demo)) hostArgs.Add("--Agora:Demo=true");
        var app = AgoraApp.Build([.. hostArgs]);
        await app.RunAsync();
        return 0;
    }

    /// <summary>Runs a command against the configured database, with the server's services but
    /// without starting the server. Errors that are the operator's to fix print one line.</summary>
    internal static async Task<int> WithServices(ParseResult result, CancellationToken ct, Func<IServiceProvider, CancellationToken, Task<int>> action)
    {
        try
        {
            await using var app = AgoraApp.Build([.. result.UnmatchedTokens], forCli: true);
            await using var scope = app.Services.CreateAsyncScope();
            return await action(scope.ServiceProvider, ct);
        }
        catch (Exception e) when (e is Web.InvalidInputException or Web.ConflictException or Web.NotFoundException
                                      or InvalidOperationException or DbUpdateException)
        {
            var message = e is Web.InvalidInputException invalid
                ? string.Join("; ", invalid.Errors.Select(x => $"{x.Key}: {string.Join(" ", x.Value)}"))
                : e.Message;
            Console.Error.WriteLine($"agora: {message}");
            return 2;
        }
    }

    /// <summary>Prints rows as aligned columns.</summary>
    internal static void PrintTable(string[] header, IEnumerable<string?[]> rows)
    {
        var all = new List<string?[]> { header };
        all.AddRange(rows);
        var widths = header.Select((_, i) => all.Max(r => (r[i] ?? "").Length)).ToArray();
        foreach (var row in all)
            Console.WriteLine(string.Join("  ", row.Select((c, i) => (c ?? "").PadRight(widths[i]))).TrimEnd());
    }
}
