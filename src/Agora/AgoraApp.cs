using System.Text.Json;
using System.Text.Json.Serialization;
using Agora.Accounts;
using Agora.Context;
using Agora.Demo;
using Agora.Harvest;
using Agora.Notifications;
using Agora.Storage;
using Agora.Web;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Agora;

/// <summary>Builds the Agora web application: each feature adds its services and maps its endpoints here.</summary>
public static class AgoraApp
{
    public static WebApplication Build(string[] args, bool forCli = false)
    {
        // Settings and static files come from the application's own folder, wherever it is started
        // from; the data folder stays relative to the working directory (./agora-data by default).
        // Hosts that name a content root themselves (the test host does) keep theirs.
        var namesContentRoot = args.Any(a => a.Contains("contentRoot", StringComparison.OrdinalIgnoreCase));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = namesContentRoot ? null : AppContext.BaseDirectory,
        });
        if (forCli) builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"])
            && string.IsNullOrEmpty(builder.Configuration["HTTP_PORTS"]))
            builder.WebHost.UseUrls("http://127.0.0.1:5000");

        builder.AddAgoraStorage();
        var options = builder.Configuration.GetSection(AgoraOptions.Section).Get<AgoraOptions>() ?? new AgoraOptions();
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxUploadBytes);

        builder.Services.AddAgoraErrors();
        builder.Services.AddAgoraAuthentication();
        builder.Services.AddScoped<DemoCity>();
        builder.Services.AddScoped<DemoLiveData>();
        builder.Services.AddScoped<DemoInnovation>();
        builder.Services.AddScoped<Catalog.CatalogAccess>();
        builder.Services.AddScoped<Catalog.DatasetManager>();
        builder.Services.AddScoped<Catalog.GroupManager>();
        builder.Services.AddScoped<Catalog.Search.DatasetSearch>();
        builder.Services.AddSingleton<Catalog.Search.SearchCache>();
        builder.Services.AddHarvesting();
        builder.Services.AddContextBroker(builder.Configuration);
        builder.Services.AddNotifications(builder.Configuration);
        builder.Services.AddScoped<Challenges.ChallengeAccess>();
        builder.Services.AddScoped<Challenges.ChallengeManager>();
        builder.Services.AddScoped<Procurement.OcdsPublisher>();
        builder.Services.AddScoped<Challenges.DialogueManager>();
        builder.Services.AddScoped<Challenges.DialogueReport>();
        builder.Services.AddScoped<Challenges.DialogueEForms>();
        builder.Services.AddScoped<Challenges.DeclarationManager>();
        Procurement.ProcurementApi.AddProcurement(builder.Services);
        // Bad requests found by the framework (malformed JSON, wrong types) become exceptions that the
        // error handler turns into problem details saying what was wrong.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(o =>
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false)));
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Agora API";
            document.Info.Description = "The JSON API of Agora, the city's data exchange and innovation commons. " +
                "Authenticate with an API token in the Authorization header (raw or as a Bearer token). " +
                "Errors are RFC 9457 problem details.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["token"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API token from My account → API tokens (or `agora token create`). " +
                    "CKAN clients may also send it without the Bearer prefix.",
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("token", document)] = [] });
            return Task.CompletedTask;
        }));
        builder.Services.AddRazorPages(o => o.RootDirectory = "/");

        var app = builder.Build();

        app.Use((context, next) =>
        {
            // Browsers must take content types as Agora states them (uploads above all).
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return next(context);
        });
        app.UseAgoraErrors();
        app.UseStaticFiles();
        // Routing after the error pages, so that a re-executed request finds the error page's endpoint.
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).WithTags("Health");
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).WithTags("Health");
        app.MapOpenApi();
        app.MapScalarApiReference("/docs", o => o.WithTitle("Agora API"));

        var api = app.MapGroup("").WithMetadata(new RequestSizeLimitAttribute(options.MaxJsonBodyBytes));
        api.MapMe();
        api.MapOrganisations();
        api.MapUsers();
        Catalog.Ckan.CkanApi.MapCkan(api);
        Catalog.Dcat.DcatApi.MapDcat(api);
        api.MapHarvest();
        api.MapContextBroker();
        api.MapNotifications();
        Challenges.ChallengesApi.MapChallenges(api);
        Procurement.OcdsApi.MapOcds(api);
        Challenges.DialogueApi.MapDialogue(api);
        Challenges.DeclarationsApi.MapDeclarations(api);
        Procurement.ProcurementApi.MapProcurement(api);

        app.MapRazorPages();
        return app;
    }
}
