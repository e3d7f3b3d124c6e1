using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;

namespace Agora.BrowserTests;

/// <summary>The real Agora executable on a loopback port with a fresh database (SQLite, or
/// PostgreSQL when AGORA_TEST_DATABASE=postgres), and Debian's Chromium driven by Playwright.</summary>
public class AgoraServer : IAsyncLifetime
{
    public const string AdminPassword = "browser-admin-password";

    readonly string dataDirectory = Directory.CreateTempSubdirectory("agora-browser-").FullName;
    readonly string? database = TestPostgres.NewDatabaseName("agora_browser");
    readonly System.Text.StringBuilder output = new();
    Process? server;
    IPlaywright? playwright;

    public Uri BaseAddress { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dataDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
                 {
                     ServerDll(), "serve", "--urls", BaseAddress.ToString().TrimEnd('/'),
                     $"--Agora:DataDirectory={dataDirectory}", $"--Agora:Bootstrap:AdminPassword={AdminPassword}",
                     "--Agora:Bootstrap:AdminEmail=admin@browser.example",
                 })
            start.ArgumentList.Add(arg);
        foreach (var arg in ExtraArguments) start.ArgumentList.Add(arg);
        if (database is not null)
        {
            start.ArgumentList.Add("--Agora:Database=postgres");
            start.ArgumentList.Add($"--ConnectionStrings:Agora={TestPostgres.ConnectionString(database)}");
        }
        server = Process.Start(start)!;
        server.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        server.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        await WaitUntilReadyAsync();

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("AGORA_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>More settings for the server, for fixtures that need them.</summary>
    protected virtual IEnumerable<string> ExtraArguments => [];

    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public string ServerOutput { get { lock (output) return output.ToString(); } }

    async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (server!.HasExited) throw new InvalidOperationException($"Agora exited with {server.ExitCode}:\n{ServerOutput}");
            try
            {
                if ((await http.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"Agora did not become ready:\n{ServerOutput}");
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
        if (server is { HasExited: false })
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
        await TestPostgres.DropAsync(database);
        try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The server built next to this test project: src/Agora/bin/&lt;configuration&gt;/net10.0/agora.dll.</summary>
    static string ServerDll()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Agora.slnx"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException("Cannot find the repository root (Agora.slnx).");
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var dll = Path.Combine(dir.FullName, "src", "Agora", "bin", configuration, "net10.0", "agora.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build src/Agora first.", dll);
    }
}

/// <summary>The same server with the demo city of Aldport loaded: organisations, datasets and groups to browse.</summary>
public sealed class DemoAgoraServer : AgoraServer
{
    protected override IEnumerable<string> ExtraArguments => ["--Agora:Demo=true"];
}
