using System.Diagnostics;

namespace Agora.Tests;

/// <summary>Runs a script from tests/clients with Node.js: real clients of the standards Agora
/// speaks (the npm <c>ckanapi</c> CKAN client, the <c>n3</c>, <c>jsonld</c> and <c>rdfxml-streaming-parser</c> RDF parsers),
/// which scripts/test installs with <c>npm ci</c>.</summary>
static class NodeClients
{
    public static string Folder { get; } = FindFolder();

    static string FindFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "clients");
            if (File.Exists(Path.Combine(candidate, "package.json"))) return candidate;
        }
        throw new InvalidOperationException("tests/clients not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Runs <c>node script args…</c> with stdin as given; returns stdout, or fails the
    /// test with the script's stderr when it exits non-zero.</summary>
    public static async Task<string> RunAsync(string script, IEnumerable<string> args, string? stdin = null)
    {
        Assert.True(Directory.Exists(Path.Combine(Folder, "node_modules")),
            $"The npm clients are not installed: run `npm ci --prefix {Folder}` (scripts/test does).");
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(script);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"node {script} exited with {process.ExitCode}:\n{await stderr}\n{await stdout}");
        return await stdout;
    }
}
