using System.Text.Json.Nodes;
using Agora.Accounts;
using Agora.Storage;
using Microsoft.Extensions.Options;

namespace Agora.Catalog.Ckan;

/// <summary>CKAN's Action API at <c>/api/3/action/{name}</c> and <c>/api/action/{name}</c>, with its
/// envelopes, error types and status codes, so that CKAN clients and harvesters work unchanged.</summary>
public static class CkanApi
{
    public static IEndpointRouteBuilder MapCkan(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api", () => TypedResults.Json(new JsonObject { ["version"] = 1 })).ExcludeFromDescription();
        app.MapGet("/api/{version:int}", (int version) => version is >= 1 and <= 3
            ? Results.Json(new JsonObject { ["version"] = version }) : Results.NotFound()).ExcludeFromDescription();

        // Uploads come through resource_create and resource_update, so these take bodies up to the upload limit;
        // JSON bodies are held to the JSON limit when they are read.
        var maxUpload = app.ServiceProvider.GetRequiredService<IOptions<AgoraOptions>>().Value.MaxUploadBytes;
        foreach (var route in new[] { "/api/3/action/{name}", "/api/action/{name}" })
            app.MapMethods(route, [HttpMethods.Get, HttpMethods.Post], HandleAsync)
                .DisableAntiforgery()
                .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(maxUpload))
                .WithTags("CKAN Action API")
                .WithSummary("Call a CKAN action (package_show, package_create, resource_create, organization_list, …)")
                .WithDescription("CKAN Action API v3: GET for read actions, POST with JSON, form or multipart. Answers {help, success, result}.");

        app.MapGet("/dataset/{id}/resource/{resourceId}/download/{fileName}", DownloadAsync).WithTags("Catalogue");
        return app;
    }

    static async Task HandleAsync(string name, HttpContext http)
    {
        var site = SiteUrl(http.Request);
        var help = $"{site}/api/3/action/help_show?name={Uri.EscapeDataString(name)}";
        try
        {
            if (!CkanActions.All.TryGetValue(name, out var action))
                throw new CkanBadRequest($"Bad request - Action name not known: {name}");
            var maxBody = http.RequestServices.GetRequiredService<IOptions<AgoraOptions>>().Value.MaxJsonBodyBytes;
            var request = await CkanRequest.ReadAsync(http, action.ReadOnly, maxBody);
            var context = new CkanContext(request, http.RequestServices, site, http.RequestAborted);
            var result = await action.Run(context);
            await WriteAsync(http, 200, new JsonObject { ["help"] = help, ["success"] = true, ["result"] = result });
        }
        catch (CkanException e)
        {
            await WriteAsync(http, e.Status, new JsonObject { ["help"] = help, ["success"] = false, ["error"] = e.Error });
        }
        catch (CkanBadRequest e)
        {
            await WriteAsync(http, e.Status, JsonValue.Create(e.Message));
        }
        catch (BadHttpRequestException e)
        {
            await WriteAsync(http, e.StatusCode, JsonValue.Create(e.StatusCode == 413
                ? "Bad request - the request body is too large" : $"Bad request - {e.Message}"));
        }
        catch (InvalidDataException)
        {
            await WriteAsync(http, 400, JsonValue.Create("Bad request - the form data could not be read"));
        }
    }

    static Task WriteAsync(HttpContext http, int status, JsonNode? body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json;charset=utf-8";
        return http.Response.WriteAsync(body?.ToJsonString() ?? "null", http.RequestAborted);
    }

    /// <summary>Serves an uploaded resource file to those who may read its dataset.</summary>
    static async Task<IResult> DownloadAsync(string id, string resourceId, string fileName, HttpContext http,
        DatasetManager datasets, FileStore files, CancellationToken ct)
    {
        Resource resource;
        try
        {
            (_, resource) = await datasets.FindResourceAsync(resourceId, http.User, ct);
        }
        catch (CkanException e) when (e.Status == 403)
        {
            return http.User.UserId() is null ? Results.Challenge() : Results.Forbid();
        }
        catch (CkanException)
        {
            return Results.NotFound();
        }
        if (resource.DatasetId.ToString() != id && !string.Equals(resource.Dataset.Name, id, StringComparison.Ordinal)) return Results.NotFound();
        if (resource.UrlType != "upload" || resource.FilePath is null) return Results.Redirect(resource.Url);
        var stream = files.OpenRead(resource.FilePath);
        if (stream is null) return Results.NotFound();
        return Results.File(stream, resource.Mimetype ?? "application/octet-stream", resource.Url, enableRangeProcessing: true);
    }

    /// <summary>The address clients reach this Agora at, for URLs in the answers.</summary>
    public static string SiteUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";
}

/// <summary>What an action runs with.</summary>
public sealed record CkanContext(CkanRequest Request, IServiceProvider Services, string SiteUrl, CancellationToken Cancellation)
{
    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();
}
