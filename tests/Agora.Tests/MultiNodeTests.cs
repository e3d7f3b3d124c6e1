using System.Net;
using System.Net.Http.Json;

namespace Agora.Tests;

/// <summary>Two Agora nodes on one database and file store, as behind a load balancer: neither
/// keeps state of its own that the other would miss.</summary>
public sealed class MultiNodeTests(AgoraFactory nodeA) : IClassFixture<AgoraFactory>
{
    [Fact]
    public async Task A_web_session_started_on_one_node_is_valid_on_the_other()
    {
        await using var nodeB = await nodeA.SecondNodeAsync();
        var user = await nodeA.CreateUserAsync("node-ann");
        var cookies = await SignInCookiesAsync(nodeA, user);

        // The balancer sends the browser's next request, cookie and all, to node B.
        var clientB = nodeB.ClientWithToken(null);
        clientB.DefaultRequestHeaders.Add("Cookie", string.Join("; ", cookies));
        var me = await (await clientB.GetAsync("/api/v1/me")).JsonAsync();
        Assert.Equal("node-ann", me.GetProperty("user").GetProperty("userName").GetString());
    }

    [Fact]
    public async Task A_search_remembered_on_one_node_changes_when_the_other_changes_a_dataset()
    {
        await using var nodeB = await nodeA.SecondNodeAsync();
        await nodeA.Admin().OkAsync("organization_create", new { name = "node-search-office" });
        await nodeA.Admin().OkAsync("package_create", new { name = "node-kelp-a", title = "Kelp beds", owner_org = "node-search-office", tags = new[] { new { name = "kelp" } } });
        async Task<(int Count, int TagCount, string[] Names)> SearchOnAAsync()
        {
            var r = await nodeA.Anonymous().OkAsync("package_search", new Dictionary<string, object> { ["q"] = "kelp", ["facet.field"] = new[] { "tags" } });
            var tag = r.GetProperty("facets").GetProperty("tags");
            return (r.GetProperty("count").GetInt32(), tag.TryGetProperty("kelp", out var n) ? n.GetInt32() : 0,
                r.GetProperty("results").EnumerateArray().Select(d => d.GetProperty("name").GetString()!).Order().ToArray());
        }
        Assert.Equal((1, 1), (await SearchOnAAsync()) is var first ? (first.Count, first.TagCount) : default);
        Assert.Equal((1, 1), (await SearchOnAAsync()) is var again ? (again.Count, again.TagCount) : default); // now remembered by node A

        // Node B adds, renames away and deletes: node A's next answers follow each change.
        await nodeB.Admin().OkAsync("package_create", new { name = "node-kelp-b", title = "Kelp survey", owner_org = "node-search-office", tags = new[] { new { name = "kelp" } } });
        Assert.Equal(["node-kelp-a", "node-kelp-b"], (await SearchOnAAsync()).Names);
        await nodeB.Admin().OkAsync("package_patch", new { id = "node-kelp-a", title = "Seagrass beds", tags = Array.Empty<object>() });
        // Its name still says kelp, its tags no longer do.
        Assert.Equal((2, 1), (await SearchOnAAsync()) is var patched ? (patched.Count, patched.TagCount) : default);
        await nodeB.Admin().OkAsync("package_delete", new { id = "node-kelp-b" });
        Assert.Equal(["node-kelp-a"], (await SearchOnAAsync()).Names);
    }

    [Fact]
    public async Task A_token_revoked_on_one_node_is_refused_by_the_other_at_once()
    {
        await using var nodeB = await nodeA.SecondNodeAsync();
        var user = await nodeA.CreateUserAsync("node-ben");
        var created = await (await user.Client.PostAsJsonAsync("/api/v1/me/tokens", new { name = "both" })).JsonAsync(HttpStatusCode.Created);
        var secret = created.GetProperty("secret").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await nodeB.ClientWithToken(secret).GetAsync("/api/v1/me")).StatusCode);

        (await user.Client.DeleteAsync($"/api/v1/me/tokens/{created.GetProperty("token").GetProperty("id").GetString()}")).EnsureSuccessStatusCode();

        await (await nodeB.ClientWithToken(secret).GetAsync("/api/v1/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_logo_uploaded_through_one_node_is_served_by_the_other()
    {
        await using var nodeB = await nodeA.SecondNodeAsync();
        var slug = (await (await nodeA.Admin().PostAsJsonAsync("/api/v1/organisations", new { name = "Two Node Co", kind = "company" }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("slug").GetString();
        byte[] gif = "GIF89a\u0001\u0000\u0001\u0000"u8.ToArray();
        var content = new ByteArrayContent(gif);
        content.Headers.ContentType = new("image/gif");
        (await nodeA.Admin().PutAsync($"/api/v1/organisations/{slug}/logo", content)).EnsureSuccessStatusCode();

        Assert.Equal(gif, await (await nodeB.Anonymous().GetAsync($"/api/v1/organisations/{slug}/logo")).Content.ReadAsByteArrayAsync());
    }

    /// <summary>Signs in on <paramref name="node"/> and returns the cookies it set, as name=value pairs.</summary>
    static async Task<IEnumerable<string>> SignInCookiesAsync(AgoraFactory node, TestUser user)
    {
        var browser = node.Browser();
        var response = await browser.SignInAsync(user.UserName, user.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]);
    }
}
