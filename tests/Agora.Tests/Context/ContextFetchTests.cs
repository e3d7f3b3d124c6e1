using System.Net;
using System.Text.Json.Nodes;
using Agora.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Tests.Context;

/// <summary>A context server on this machine's loopback: what an intranet service looks like to Agora.</summary>
public sealed class LoopbackContextServer : IAsyncDisposable
{
    readonly WebApplication app;
    int hits;

    public string Url { get; }
    public int Hits => hits;

    LoopbackContextServer(WebApplication app, string url)
    {
        this.app = app;
        Url = url;
    }

    public static async Task<LoopbackContextServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        LoopbackContextServer? self = null;
        app.MapGet("/context.jsonld", () =>
        {
            Interlocked.Increment(ref self!.hits);
            return Results.Text("""{ "@context": { "speed": "http://example.org/vocab/speed" } }""", "application/ld+json");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return self = new LoopbackContextServer(app, address + "/context.jsonld");
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();
}

/// <summary>Any request may name a @context URL, anonymous reads included: Agora must not fetch it from its own
/// network (loopback, private, link-local addresses) unless the operator says so.</summary>
public sealed class ContextFetchTests(AgoraFactory agora) : IClassFixture<AgoraFactory>
{
    [Theory]
    [InlineData("127.0.0.1:{port}")]
    [InlineData("localhost:{port}")]
    [InlineData("[::1]:{port}")]
    [InlineData("169.254.169.254")]   // cloud metadata services
    [InlineData("10.1.2.3:8080")]
    [InlineData("192.168.0.10")]
    public async Task A_context_on_a_private_or_local_address_is_refused_without_a_connection(string host)
    {
        await using var server = await LoopbackContextServer.StartAsync();
        var port = new Uri(server.Url).Port;
        var url = $"http://{host.Replace("{port}", port.ToString())}/context.jsonld";
        var anonymous = new NgsiClient(agora.Anonymous());

        var error = await (await anonymous.GetAsync("/entities?type=Vehicle", link: url)).ErrorAsync(HttpStatusCode.ServiceUnavailable, "LdContextNotAvailable");

        Assert.Contains("private or local address", error["detail"]!.GetValue<string>());
        Assert.Equal(0, server.Hits);
    }

    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("172.16.5.4", false)]
    [InlineData("172.32.0.1", true)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("::", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("64:ff9b::a00:1", false)]
    [InlineData("193.0.6.139", true)]
    [InlineData("8.8.8.8", true)]
    [InlineData("2001:4860:4860::8888", true)]
    [InlineData("::ffff:8.8.8.8", true)]
    public void Addresses_are_public_or_not(string address, bool expected) =>
        Assert.Equal(expected, PublicNetwork.IsPublic(IPAddress.Parse(address)));
}

public sealed class PrivateContextsFactory : AgoraFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Agora:Context:FetchFromPrivateNetworks", "true");
    }
}

/// <summary>An operator with a context server on the intranet lets Agora fetch from it.</summary>
public sealed class PrivateContextFetchTests(PrivateContextsFactory agora) : IClassFixture<PrivateContextsFactory>
{
    [Fact]
    public async Task With_private_networks_allowed_an_intranet_context_is_fetched_and_used()
    {
        await using var server = await LoopbackContextServer.StartAsync();
        var broker = new NgsiClient(agora.Admin());
        var entity = new JsonObject
        {
            ["id"] = "urn:ngsi-ld:Vehicle:intranet-1", ["type"] = "Vehicle",
            ["speed"] = new JsonObject { ["type"] = "Property", ["value"] = 42 },
        };

        var created = await broker.SendAsync(HttpMethod.Post, "/entities", entity, link: server.Url, contentType: "application/json");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var expanded = await broker.JsonAsync("/entities/urn:ngsi-ld:Vehicle:intranet-1", link: null);
        Assert.Equal(42, expanded["http://example.org/vocab/speed"]!["value"]!.GetValue<int>());
        Assert.True(server.Hits >= 1);
    }
}
