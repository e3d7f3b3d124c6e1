using System.Net;
using Agora.Demo;
using Agora.Tests.Procurement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Tests.Challenges;

/// <summary>The demo's worked example (emission-free construction sites) as a newcomer meets it: loaded once,
/// with its aggregated demand, dialogue report, declaration and published Open Contracting data.</summary>
public sealed class DemoChallengeTests(AgoraFactory agora) : IClassFixture<AgoraFactory>, IAsyncLifetime
{
    const string Slug = DemoInnovation.ChallengeSlug;

    public async Task InitializeAsync()
    {
        for (var i = 0; i < 2; i++)
        {
            await using var scope = agora.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DemoCity>().LoadAsync();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_demo_challenge_is_loaded_once_with_six_agencies_demand_and_two_supporters()
    {
        Assert.Equal(1, await agora.WithDbAsync(db => db.Challenges.CountAsync(c => c.Slug == Slug)));
        var challenge = await (await agora.Anonymous().GetAsync($"/api/v1/challenges/{Slug}")).JsonAsync();
        Assert.Equal("procurement", challenge.GetProperty("status").GetString());
        Assert.Equal(8, challenge.GetProperty("participants").GetArrayLength());
        var demand = challenge.GetProperty("demand");
        Assert.Equal(6, demand.GetProperty("agencies").GetInt32());
        Assert.Equal(24_100_000_00, demand.GetProperty("totalBudgetMinor").GetInt64());

        var page = await (await agora.Anonymous().GetAsync($"/challenges/{Slug}")).Content.ReadAsStringAsync();
        Assert.Contains("Emission-free construction sites", page);
        Assert.Contains("National Building Agency", page);
        Assert.Contains("Innovation partnership: emission-free machinery and site charging", page); // its procurement
    }

    [Fact]
    public async Task The_demo_dialogue_report_counts_eight_suppliers_and_names_none()
    {
        var report = await (await agora.Anonymous().GetAsync($"/api/v1/challenges/{Slug}/dialogue/rounds/1/report")).JsonAsync();
        var text = report.GetRawText();
        Assert.Contains("\"feedbacks\":8", text.Replace(" ", ""));
        Assert.DoesNotContain("Voltgrab", text);
        Assert.DoesNotContain("SiteCharge", text);
    }

    [Fact]
    public async Task The_demo_declaration_carries_six_signatures()
    {
        var list = await (await agora.Anonymous().GetAsync($"/api/v1/challenges/{Slug}/declarations")).JsonAsync();
        var id = list[0].GetProperty("id").GetString();
        var declaration = await (await agora.Anonymous().GetAsync($"/api/v1/challenges/{Slug}/declarations/{id}")).JsonAsync();
        Assert.Equal(6, declaration.GetProperty("signatures").GetArrayLength());
    }

    [Fact]
    public async Task The_demo_publishes_valid_OCDS_for_the_challenge_and_its_procurement()
    {
        var challengePackage = await (await agora.Anonymous().GetAsync($"/api/v1/challenges/{Slug}/ocds")).JsonAsync();
        Assert.Empty(await OcdsStandard.ReleasePackageErrorsAsync(challengePackage));
        var procedureId = await agora.WithDbAsync(db => db.Procedures.Where(p => p.Challenge!.Slug == Slug).Select(p => p.Id).SingleAsync());
        var response = await agora.Anonymous().GetAsync($"/api/v1/procurements/{procedureId}/ocds");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var package = await response.JsonAsync();
        Assert.Empty(await OcdsStandard.ReleasePackageErrorsAsync(package));
        var release = package.GetProperty("releases")[0];
        Assert.Equal(2, release.GetProperty("awards").GetArrayLength());
        Assert.Equal(2, release.GetProperty("contracts").GetArrayLength());
        Assert.DoesNotContain("17400000", release.GetProperty("tender").GetRawText()); // no bid price leaks into the tender
        var ocid = release.GetProperty("ocid").GetString();
        var record = await (await agora.Anonymous().GetAsync($"/api/v1/ocds/records/{ocid}")).JsonAsync();
        Assert.Empty(await OcdsStandard.RecordPackageErrorsAsync(record));
    }
}
