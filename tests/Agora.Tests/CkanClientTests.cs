using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Agora.Catalog;
using Microsoft.EntityFrameworkCore;

namespace Agora.Tests;

/// <summary>A CKAN client no one here wrote — the npm package <c>ckanapi</c> — drives Agora over
/// real HTTP: create, show, upload, search, patch, delete and the error objects it throws.</summary>
public sealed class CkanClientTests(KestrelAgoraFactory agora) : IClassFixture<KestrelAgoraFactory>
{
    [Fact]
    public async Task The_ckanapi_npm_client_creates_uploads_searches_and_reads_errors()
    {
        var editor = await agora.CreateUserAsync("ckanapi-editor");
        (await editor.Client.PostAsJsonAsync("/api/v1/organisations", new { name = "Bridges office", slug = "bridges-office", kind = "public-agency", level = "municipal" }))
            .EnsureSuccessStatusCode();

        var output = await NodeClients.RunAsync("ckanapi-scenario.mjs", [agora.BaseAddress.ToString().TrimEnd('/'), editor.Token, "bridges-office"]);
        var report = JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;

        Assert.Equal("bridges-office", report.GetProperty("created").GetProperty("organization").GetString());
        Assert.Equal("Validation Error", report.GetProperty("errors").GetProperty("duplicate").GetProperty("__type").GetString());
        Assert.Contains("name", report.GetProperty("errors").GetProperty("badName").EnumerateArray().Select(e => e.GetString()));
        Assert.True(report.GetProperty("deleted").GetBoolean());

        // What the client did is in the database: one dataset, deleted, with its uploaded file.
        var name = report.GetProperty("created").GetProperty("name").GetString();
        var stored = await agora.WithDbAsync(db => db.Set<Dataset>().Include(d => d.Resources).Where(d => d.Name == name).ToListAsync());
        var dataset = Assert.Single(stored);
        Assert.Equal(DatasetState.Deleted, dataset.State);
        Assert.Equal("upload", Assert.Single(dataset.Resources).UrlType);
    }

    [Fact]
    public async Task Help_show_describes_every_action_and_refuses_unknown_ones()
    {
        Assert.Empty(Catalog.Ckan.CkanHelp.Missing);
        var help = await agora.Anonymous().OkAsync("help_show", new { name = "package_search" });
        Assert.Contains(":param fq:", help.GetString());
        await agora.Anonymous().FailsAsync("help_show", new { name = "no_such_action" }, HttpStatusCode.NotFound, "Not Found Error");
        await agora.Anonymous().FailsAsync("help_show", new { }, HttpStatusCode.Conflict, "Validation Error");
    }
}
