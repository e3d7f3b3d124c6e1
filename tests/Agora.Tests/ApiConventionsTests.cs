using Microsoft.EntityFrameworkCore;
using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace Agora.Tests;

public sealed class ApiConventionsTests(AgoraFactory agora) : IClassFixture<AgoraFactory>
{
    [Fact]
    public async Task Healthz_answers_alive_without_credentials()
    {
        var response = await agora.Anonymous().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Readyz_checks_the_database()
    {
        var response = await agora.Anonymous().GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApi_document_describes_the_accounts_api()
    {
        var doc = await (await agora.Anonymous().GetAsync("/openapi/v1.json")).JsonAsync();
        Assert.Equal("Agora API", doc.GetProperty("info").GetProperty("title").GetString());
        var paths = doc.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/me", "/api/v1/me/tokens", "/api/v1/organisations", "/api/v1/organisations/{slug}/members/{userName}", "/api/v1/users" })
            Assert.True(paths.TryGetProperty(path, out _), $"OpenAPI lacks {path}");
    }

    [Fact]
    public async Task OpenApi_document_lists_the_ngsi_ld_api()
    {
        var doc = await (await agora.Anonymous().GetAsync("/openapi/v1.json")).JsonAsync();
        var paths = doc.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/ngsi-ld/v1/entities", out _));
        Assert.True(paths.TryGetProperty("/ngsi-ld/v1/subscriptions", out _));
        Assert.True(paths.TryGetProperty("/ngsi-ld/v1/temporal/entities/{id}", out _));
    }

    [Fact]
    public async Task Interactive_docs_are_served()
    {
        var client = agora.CreateClient();
        var response = await client.GetAsync("/docs/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType?.ToString());
    }

    [Fact]
    public async Task Unknown_api_path_is_a_404_problem()
    {
        await (await agora.Anonymous().GetAsync("/api/v1/no-such-thing")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Unknown_organisation_is_a_404_problem_naming_it()
    {
        var problem = await (await agora.Anonymous().GetAsync("/api/v1/organisations/no-such-org")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("no-such-org", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem()
    {
        var response = await agora.Admin().PostAsync("/api/v1/organisations", new StringContent("{\"name\": ", Encoding.UTF8, "application/json"));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Wrong_json_type_is_a_400_problem_naming_the_field()
    {
        var response = await agora.Admin().PostAsync("/api/v1/organisations", new StringContent("{\"name\": 42, \"kind\": \"company\"}", Encoding.UTF8, "application/json"));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("name", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Unknown_enum_value_is_a_400_problem()
    {
        var response = await agora.Admin().PostAsJsonAsync("/api/v1/organisations", new { name = "Bogus", kind = "spaceship" });
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(0, await agora.WithDbAsync(db => Task.FromResult(db.Organisations.Count(o => o.Name == "Bogus"))));
    }

    [Fact]
    public async Task Wrong_content_type_is_a_415_problem()
    {
        var response = await agora.Admin().PostAsync("/api/v1/organisations", new StringContent("name=x", Encoding.UTF8, "text/plain"));
        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Bad_query_parameter_is_a_400_problem()
    {
        await (await agora.Anonymous().GetAsync("/api/v1/organisations?limit=lots")).AssertProblemAsync(HttpStatusCode.BadRequest);
        var problem = await (await agora.Anonymous().GetAsync("/api/v1/organisations?limit=5000")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("limit", problem.FieldErrors());
    }

    [Fact]
    public async Task Error_page_with_a_nonsense_code_is_a_plain_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await agora.Anonymous().GetAsync("/error/1000")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agora.Anonymous().GetAsync("/error/-5")).StatusCode);
    }

    [Fact]
    public async Task Web_page_that_does_not_exist_is_an_html_404()
    {
        var response = await agora.Anonymous().GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync());
    }
}

/// <summary>Limits that only a real server enforces.</summary>
public sealed class KestrelLimitsTests(KestrelAgoraFactory agora) : IClassFixture<KestrelAgoraFactory>
{
    [Fact]
    public async Task Oversized_body_is_a_413_problem()
    {
        var huge = "{\"name\": \"" + new string('a', 2 * 1024 * 1024) + "\", \"kind\": \"company\"}";
        // Expect: 100-continue (see the logo test below): the 413 comes before the body is sent.
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/organisations") { Content = new StringContent(huge, Encoding.UTF8, "application/json") };
        request.Headers.ExpectContinue = true;
        var response = await agora.Admin().SendAsync(request);
        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Oversized_logo_is_refused_and_nothing_is_stored()
    {
        var slug = (await (await agora.Admin().PostAsJsonAsync("/api/v1/organisations", new { name = "Big Logo Co", kind = "company" }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("slug").GetString();
        var content = new ByteArrayContent(new byte[3 * 1024 * 1024]);
        content.Headers.ContentType = new("image/png");
        // Expect: 100-continue, as clients of large uploads send it: the 413 then comes before the body is sent. Without
        // it Kestrel answers and closes while the client still writes, and a busy machine sees a broken pipe.
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/organisations/{slug}/logo") { Content = content };
        request.Headers.ExpectContinue = true;
        var response = await agora.Admin().SendAsync(request);
        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        var org = await (await agora.Anonymous().GetAsync($"/api/v1/organisations/{slug}")).JsonAsync();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, org.GetProperty("logoUrl").ValueKind);
        Assert.Empty(Directory.Exists(Path.Combine(agora.DataDirectory, "files", "logos"))
            ? Directory.GetFiles(Path.Combine(agora.DataDirectory, "files", "logos")) : []);
    }
}

public sealed class ProviderTests(AgoraFactory agora) : IClassFixture<AgoraFactory>
{
    [Fact]
    public async Task Tests_run_on_the_database_provider_they_were_asked_for()
    {
        var provider = await agora.WithDbAsync(db => Task.FromResult(db.Database.ProviderName));
        Assert.Equal(AgoraFactory.UsesPostgres ? "Npgsql.EntityFrameworkCore.PostgreSQL" : "Microsoft.EntityFrameworkCore.Sqlite", provider);
    }
}

public sealed class HealthCheckTests
{
    [Fact]
    public async Task Readiness_fails_when_the_database_cannot_be_reached()
    {
        var options = new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<Agora.Storage.AgoraDbContext>()
            .UseNpgsql("Host=127.0.0.1;Port=1;Timeout=2;Database=nowhere;Username=nobody").Options;
        await using var db = new Agora.Storage.AgoraDbContext(options);
        var check = new Agora.Storage.DatabaseHealthCheck(db);
        var result = await check.CheckHealthAsync(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext());
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, result.Status);
    }
}
