using Agora.Context.JsonLd;
using Agora.Web;
using Microsoft.Extensions.Options;

namespace Agora.Context;

public static class ContextSetup
{
    /// <summary>The context broker's services: @context resolution (core built in, user contexts
    /// fetched and cached), entity storage and subscription matching.</summary>
    public static IServiceCollection AddContextBroker(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ContextOptions>(configuration.GetSection("Agora:Context"));
        // Configuration keys cannot hold URLs (':' separates sections), so the URL → file map is
        // given as a list: Agora:Context:ContextMap:0:Url and Agora:Context:ContextMap:0:File.
        services.PostConfigure<ContextOptions>(o =>
        {
            foreach (var entry in configuration.GetSection("Agora:Context:ContextMap").GetChildren())
                if (entry["Url"] is { Length: > 0 } url && entry["File"] is { Length: > 0 } file)
                    o.ContextFiles[url] = Path.GetFullPath(file);
        });
        services.AddHttpClient(ContextResolver.HttpClientName).ConfigurePrimaryHttpMessageHandler(sp =>
            sp.GetRequiredService<IOptions<ContextOptions>>().Value.FetchFromPrivateNetworks ? new SocketsHttpHandler() : PublicNetwork.Handler());
        services.AddSingleton<ContextResolver>();
        services.AddSubscriptions();
        services.AddSingleton<GroupCommit>();
        services.AddHostedService(sp => sp.GetRequiredService<GroupCommit>());
        services.AddScoped<EntityStore>();
        services.AddSingleton<ContextStatistics>();
        services.AddHostedService(sp => sp.GetRequiredService<ContextStatistics>());
        services.AddSingleton<Temporal.HistoryRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<Temporal.HistoryRetention>());
        return services;
    }
}
