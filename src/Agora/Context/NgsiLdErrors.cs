using System.Text.Json;
using Agora.Context.JsonLd;
using Agora.Context.Query;

namespace Agora.Context;

/// <summary>The NGSI-LD error types (ETSI GS CIM 009 §5.5.2) with the status codes brokers answer them with.</summary>
public enum NgsiLdError
{
    InvalidRequest,
    BadRequestData,
    AlreadyExists,
    OperationNotSupported,
    ResourceNotFound,
    InternalError,
    TooComplexQuery,
    TooManyResults,
    LdContextNotAvailable,
    NotAcceptable,
    UnsupportedMediaType,
    PayloadTooLarge,
    Unauthorized,
}

/// <summary>Thrown anywhere under /ngsi-ld/v1; written as an NGSI-LD problem details body.</summary>
public sealed class NgsiLdException(NgsiLdError error, string detail) : Exception(detail)
{
    public NgsiLdError Error { get; } = error;

    public static NgsiLdException BadData(string detail) => new(NgsiLdError.BadRequestData, detail);
    public static NgsiLdException NotFound(string detail) => new(NgsiLdError.ResourceNotFound, detail);
}

public static class NgsiLdErrors
{
    public const string TypeBase = "https://uri.etsi.org/ngsi-ld/errors/";

    public static int StatusOf(NgsiLdError error) => error switch
    {
        NgsiLdError.InvalidRequest or NgsiLdError.BadRequestData => StatusCodes.Status400BadRequest,
        NgsiLdError.AlreadyExists => StatusCodes.Status409Conflict,
        NgsiLdError.OperationNotSupported => StatusCodes.Status422UnprocessableEntity,
        NgsiLdError.ResourceNotFound => StatusCodes.Status404NotFound,
        NgsiLdError.TooComplexQuery or NgsiLdError.TooManyResults => StatusCodes.Status403Forbidden,
        NgsiLdError.LdContextNotAvailable => StatusCodes.Status503ServiceUnavailable,
        NgsiLdError.NotAcceptable => StatusCodes.Status406NotAcceptable,
        NgsiLdError.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        NgsiLdError.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        NgsiLdError.Unauthorized => StatusCodes.Status401Unauthorized,
        _ => StatusCodes.Status500InternalServerError,
    };

    static string TitleOf(NgsiLdError error) => error switch
    {
        NgsiLdError.InvalidRequest => "The request is not well formed",
        NgsiLdError.BadRequestData => "The request contains input data that does not meet the requirements",
        NgsiLdError.AlreadyExists => "The referred element already exists",
        NgsiLdError.OperationNotSupported => "The operation is not supported",
        NgsiLdError.ResourceNotFound => "The referred resource has not been found",
        NgsiLdError.TooComplexQuery => "The query is too complex",
        NgsiLdError.TooManyResults => "The query gives too many results",
        NgsiLdError.LdContextNotAvailable => "A remote JSON-LD @context could not be retrieved",
        NgsiLdError.NotAcceptable => "None of the media types in Accept can be produced",
        NgsiLdError.UnsupportedMediaType => "The request's Content-Type is not supported",
        NgsiLdError.PayloadTooLarge => "The request body is too large",
        NgsiLdError.Unauthorized => "The request needs an API token",
        _ => "An internal error occurred",
    };

    /// <summary>The problem details body: <c>{type, title, detail}</c> with the ETSI error type URI.
    /// 406, 413 and 415 are HTTP conditions rather than NGSI-LD errors; brokers answer them with
    /// InvalidRequest / BadRequestData types, and so does Agora.</summary>
    public static Dictionary<string, object?> Body(NgsiLdError error, string detail, int? status = null)
    {
        var type = error switch
        {
            NgsiLdError.NotAcceptable or NgsiLdError.UnsupportedMediaType => NgsiLdError.InvalidRequest,
            NgsiLdError.PayloadTooLarge => NgsiLdError.BadRequestData,
            _ => error,
        };
        return new()
        {
            ["type"] = TypeBase + type,
            ["title"] = TitleOf(error),
            ["status"] = status ?? StatusOf(error),
            ["detail"] = detail,
        };
    }

    public static IResult Result(NgsiLdError error, string detail) =>
        TypedResults.Json(Body(error, detail), (JsonSerializerOptions?)null, "application/json", StatusOf(error));

    /// <summary>Turns what can go wrong under /ngsi-ld/v1 into NGSI-LD errors, never a stack trace.</summary>
    public static IEndpointConventionBuilder UseNgsiLdErrors(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (Exception e) when (Translate(e) is { } t)
            {
                return Result(t.Error, t.Detail);
            }
        });
        return group;
    }

    internal static (NgsiLdError Error, string Detail)? Translate(Exception e) => e switch
    {
        NgsiLdException n => (n.Error, n.Message),
        QueryException q => (NgsiLdError.BadRequestData, q.Message),
        LdContextException { Unavailable: true } c => (NgsiLdError.LdContextNotAvailable, c.Message),
        LdContextException c => (NgsiLdError.BadRequestData, "Invalid @context: " + c.Message),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            (NgsiLdError.PayloadTooLarge, "The request body is larger than this broker accepts."),
        BadHttpRequestException b => (NgsiLdError.BadRequestData, b.Message),
        JsonException => (NgsiLdError.InvalidRequest, "The request body is not valid JSON."),
        _ => null,
    };
}
