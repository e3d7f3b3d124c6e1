using Agora.Accounts;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Agora.Web;

/// <summary>Maps the few domain exceptions, and bad requests found by the framework, to RFC 9457
/// problem details. Anything else is a 500 that names no internals.</summary>
sealed class AgoraExceptionHandler(ILogger<AgoraExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        // By now the middleware has pointed Request.Path at the error page; the feature keeps the original.
        var path = new PathString(context.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? context.Request.Path);
        if (!Authentication.IsApiPath(path)) return false; // the web UI shows its error page

        ProblemDetails problem = exception switch
        {
            InvalidInputException e => new HttpValidationProblemDetails(e.Errors)
            {
                Status = StatusCodes.Status400BadRequest, Title = "One or more fields are invalid.",
            },
            BadHttpRequestException e => new ProblemDetails { Status = e.StatusCode, Title = TitleFor(e.StatusCode), Detail = DetailFor(e) },
            ConflictException e => new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Conflict", Detail = e.Message },
            NotFoundException e => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found", Detail = e.Message },
            ForbiddenException e => new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "Forbidden", Detail = e.Message },
            _ when IsUnstorableValue(exception) => new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest, Title = "Bad request",
                Detail = "A value is too long or has characters (such as NUL) that cannot be stored.",
            },
            _ => new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "An unexpected error occurred." },
        };
        if (problem.Status == StatusCodes.Status500InternalServerError) log.LogError(exception, "Unhandled error on {Path}", context.Request.Path);

        problem.Extensions["traceId"] = context.TraceIdentifier;
        context.Response.StatusCode = problem.Status!.Value;
        // Written as JSON whatever the Accept header says: an API client gets problem details, not a web page.
        await TypedResults.Problem(problem).ExecuteAsync(context);
        return true;
    }

    // A safety net behind validation: PostgreSQL refuses NUL characters (22021) and over-long values (22001).
    static bool IsUnstorableValue(Exception e) =>
        (e as Npgsql.PostgresException ?? e.InnerException as Npgsql.PostgresException)?.SqlState is "22021" or "22001";

    static string TitleFor(int status) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => "Request body too large",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
        _ => "Bad request",
    };

    // The framework's messages name parameters and types, which helps a client; inner exceptions may
    // hold internals, so they stay in the log.
    static string DetailFor(BadHttpRequestException e) => e.StatusCode == StatusCodes.Status413PayloadTooLarge
        ? "The request body is larger than this endpoint accepts."
        : e.InnerException is System.Text.Json.JsonException json
            ? $"The JSON body is malformed or has a value of the wrong type{(json.Path is { } p ? $" at {p}" : "")}."
            : e.Message;
}

public static class ErrorHandling
{
    public static IServiceCollection AddAgoraErrors(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
            c.ProblemDetails.Extensions["traceId"] = c.HttpContext.TraceIdentifier);
        services.AddExceptionHandler<AgoraExceptionHandler>();
        return services;
    }

    static bool IsApiLike(HttpRequest request) => Authentication.IsApiRequest(request)
        || request.Path.StartsWithSegments("/healthz") || request.Path.StartsWithSegments("/readyz");

    /// <summary>API paths answer errors with problem details; the web UI with its own error page.</summary>
    public static WebApplication UseAgoraErrors(this WebApplication app)
    {
        app.UseExceptionHandler("/error/500");
        app.UseWhen(c => IsApiLike(c.Request), api => api.UseStatusCodePages(async context =>
            await Results.Problem(statusCode: context.HttpContext.Response.StatusCode).ExecuteAsync(context.HttpContext)));
        app.UseWhen(c => !IsApiLike(c.Request), ui => ui.UseStatusCodePagesWithReExecute("/error/{0}"));
        return app;
    }
}
