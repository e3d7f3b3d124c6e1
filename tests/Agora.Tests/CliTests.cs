namespace Agora.Tests;

/// <summary>The operators' CLI, run as the real executable against a database of its own.</summary>
public sealed class CliTests : IAsyncLifetime
{
    readonly AgoraCliRunner cli = new();

    Task<AgoraCliRunner.Run> AgoraAsync(params string[] args) => cli.RunAsync(args);

    [Fact]
    public async Task Operator_creates_a_user_an_organisation_and_a_token_then_revokes_it()
    {
        var migrate = await AgoraAsync("migrate");
        Assert.True(migrate.ExitCode == 0, migrate.Error);

        var user = await AgoraAsync("user", "create", "--username", "olga", "--name", "Olga Operator", "--email", "olga@city.example");
        Assert.True(user.ExitCode == 0, user.Error);
        Assert.Matches("Password: \\S{20}", user.Output);

        var org = await AgoraAsync("org", "create", "--name", "City of Testby", "--kind", "PublicAgency", "--level", "Municipal", "--admin", "olga");
        Assert.True(org.ExitCode == 0, org.Error);
        var orgs = await AgoraAsync("org", "list");
        Assert.Contains("city-of-testby", orgs.Output);
        Assert.Matches("city-of-testby +City of Testby +PublicAgency +Municipal +1", orgs.Output);

        var token = await AgoraAsync("token", "create", "--user", "olga", "--name", "deploy", "--expires-days", "30");
        Assert.True(token.ExitCode == 0, token.Error);
        var secret = token.Output.Trim().Split('\n')[^1];
        Assert.StartsWith("agora_", secret);
        var tokenId = token.Output.Split(' ')[2];

        var listed = await AgoraAsync("token", "list", "--user", "olga");
        Assert.Contains("active", listed.Output);
        Assert.DoesNotContain(secret, listed.Output);

        var revoke = await AgoraAsync("token", "revoke", tokenId);
        Assert.True(revoke.ExitCode == 0, revoke.Error);
        Assert.Contains("revoked", (await AgoraAsync("token", "list")).Output);
    }

    [Fact]
    public async Task Bad_input_prints_one_line_and_exits_non_zero_without_a_stack_trace()
    {
        var bad = await AgoraAsync("user", "create", "--username", "Not Valid", "--name", "X", "--email", "nope", "--password", "short");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("userName", bad.Error);
        Assert.DoesNotContain("   at ", bad.Error);

        var agency = await AgoraAsync("org", "create", "--name", "No Level Agency", "--kind", "PublicAgency");
        Assert.Equal(2, agency.ExitCode);
        Assert.Contains("level", agency.Error);

        var missing = await AgoraAsync("token", "create", "--user", "nobody", "--name", "x");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("No user 'nobody'", missing.Error);
    }

    [Fact]
    public async Task Demo_loads_the_city_once()
    {
        Assert.Equal(0, (await AgoraAsync("demo")).ExitCode);
        Assert.Equal(0, (await AgoraAsync("demo")).ExitCode);
        var orgs = await AgoraAsync("org", "list");
        Assert.Equal(1, orgs.Output.Split('\n').Count(l => l.StartsWith("city-of-aldport ")));
        foreach (var slug in new[] { "aldport-region", "national-building-agency", "nordlys-mobility", "harbour-sensorworks", "aldport-university", "green-streets", "harbour-quarter-residents" })
            Assert.Contains(slug, orgs.Output);
        Assert.Contains("mette", (await AgoraAsync("user", "list")).Output);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await cli.DisposeAsync();
}
