using System.Diagnostics;

namespace Agora.Tests;

/// <summary>The real executable (the CLI) against a data folder and database of its own.</summary>
sealed class AgoraCliRunner : IAsyncDisposable
{
    readonly string dataDirectory = Directory.CreateTempSubdirectory("agora-cli-").FullName;
    readonly string? database = TestPostgres.NewDatabaseName("agora_cli");

    public sealed record Run(int ExitCode, string Output, string Error);

    public async Task<Run> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dataDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "agora.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.ArgumentList.Add($"--Agora:DataDirectory={dataDirectory}");
        if (database is not null)
        {
            start.ArgumentList.Add("--Agora:Database=postgres");
            start.ArgumentList.Add($"--ConnectionStrings:Agora={TestPostgres.ConnectionString(database)}");
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(120)).Token);
        return new Run(process.ExitCode, await output, await error);
    }

    public async ValueTask DisposeAsync()
    {
        await TestPostgres.DropAsync(database);
        try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
    }
}
