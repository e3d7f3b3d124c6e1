using System.Net.Http.Headers;
using System.Net.Http.Json;
using Agora.Accounts;
using Agora.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Tests;

/// <summary>A whole Agora server on a fresh database of its own: SQLite in a temporary folder, or
/// — when AGORA_TEST_DATABASE=postgres — a new database on the PostgreSQL cluster named by
/// AGORA_TEST_POSTGRES (scripts/test starts one). Tests talk to it over HTTP.</summary>
public class AgoraFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminToken = "agora_test_admin_token_0123456789abcdefghijklmnop";
    public const string AdminPassword = "admin-password-for-tests";

    public TestClock Clock { get; } = new();
    public string DataDirectory { get; }
    public static bool UsesPostgres => TestPostgres.Requested;

    readonly string? postgresDatabase;
    readonly bool ownsStorage;

    public AgoraFactory()
    {
        DataDirectory = Directory.CreateTempSubdirectory("agora-test-").FullName;
        postgresDatabase = TestPostgres.NewDatabaseName("agora_test");
        ownsStorage = true;
    }

    AgoraFactory(AgoraFactory first)
    {
        DataDirectory = first.DataDirectory;
        postgresDatabase = first.postgresDatabase;
        Clock = first.Clock;
    }

    /// <summary>Another node on the same database and file store, as behind a load balancer.
    /// The first node cleans up the storage they share.</summary>
    public async Task<AgoraFactory> SecondNodeAsync()
    {
        var node = new AgoraFactory(this);
        await ((IAsyncLifetime)node).InitializeAsync();
        return node;
    }

    public string? ConnectionString => postgresDatabase is null ? null : TestPostgres.ConnectionString(postgresDatabase);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("Agora:DataDirectory", DataDirectory);
        builder.UseSetting("Agora:Bootstrap:AdminEmail", "admin@test.example");
        builder.UseSetting("Agora:Bootstrap:AdminPassword", AdminPassword);
        builder.UseSetting("Agora:Bootstrap:AdminToken", AdminToken);
        // Tests that want deadline reminders run them by hand (DeadlineReminders.RunOnceAsync).
        builder.UseSetting("Agora:Notifications:Reminders", "false");
        // The ETSI suite names its @contexts by remote URLs; the broker reads them from the fixtures.
        var contexts = Directory.GetFiles(Path.Combine(Context.Etsi.Root, "jsonld-contexts")).Order().ToList();
        for (var i = 0; i < contexts.Count; i++)
        {
            builder.UseSetting($"Agora:Context:ContextMap:{i}:Url", Context.Etsi.SuiteContexts + Path.GetFileName(contexts[i]));
            builder.UseSetting($"Agora:Context:ContextMap:{i}:File", contexts[i]);
        }
        if (ConnectionString is not null)
        {
            builder.UseSetting("Agora:Database", "postgres");
            builder.UseSetting("ConnectionStrings:Agora", ConnectionString);
        }
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    Task IAsyncLifetime.InitializeAsync()
    {
        StartServer(); // start the server (and migrate) before the first test
        if (Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() is { } address
            && !address.EndsWith(":0", StringComparison.Ordinal))
            BaseAddress = new Uri(address);
        return Task.CompletedTask;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        if (!ownsStorage) return;
        await TestPostgres.DropAsync(postgresDatabase);
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }

    /// <summary>Where clients send requests: the in-memory server, or the Kestrel port when there is one.</summary>
    public Uri BaseAddress { get; private set; } = new("http://localhost");

    /// <summary>A client that sends the given token (or none) in the Authorization header.</summary>
    public HttpClient ClientWithToken(string? token, bool bearer = true)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = BaseAddress });
        if (token is not null)
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", bearer ? $"Bearer {token}" : token);
        return client;
    }

    public HttpClient Admin() => ClientWithToken(AdminToken);

    public HttpClient Anonymous() => ClientWithToken(null);

    /// <summary>Creates a user through the administrators' API and gives them an API token.</summary>
    public async Task<TestUser> CreateUserAsync(string userName, string? password = null)
    {
        password ??= $"{userName}-password-123";
        var response = await Admin().PostAsJsonAsync("/api/v1/users",
            new { userName, displayName = $"Test {userName}", email = $"{userName}@test.example", password });
        response.EnsureSuccessStatusCode();
        await using var scope = Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountManager>();
        var user = (await accounts.FindByLoginAsync(userName))!;
        var (_, secret) = await accounts.CreateTokenAsync(user, "tests", expiresAt: null);
        return new TestUser(userName, password, secret, ClientWithToken(secret));
    }

    /// <summary>Runs something against the database directly, to check what was (not) stored.</summary>
    public async Task<T> WithDbAsync<T>(Func<AgoraDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<AgoraDbContext>());
    }
}

public sealed record TestUser(string UserName, string Password, string Token, HttpClient Client);

/// <summary>The same server on real Kestrel and a loopback port, for what the in-memory test
/// server does not do (request body limits, say).</summary>
public sealed class KestrelAgoraFactory : AgoraFactory
{
    public KestrelAgoraFactory() => UseKestrel(0);
}

/// <summary>A clock the tests move by hand, to reach lockout ends and token expiries.</summary>
public sealed class TestClock : TimeProvider
{
    // Starts at the real time: browsers (and the test client) drop cookies whose expiry has passed.
    DateTimeOffset now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
