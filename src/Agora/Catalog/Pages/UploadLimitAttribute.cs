using Agora.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;

namespace Agora.Catalog.Pages;

/// <summary>On an upload form: a body over the upload limit sends the browser back to the form with a
/// message saying so, instead of the bare "bad request" that antiforgery gives when it cannot read the form.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class UploadLimitAttribute : Attribute, IAsyncAuthorizationFilter, IOrderedFilter
{
    public const string TooLarge = "too-large";

    /// <summary>Room for the form's fields besides the file.</summary>
    const long FieldsAllowance = 256 * 1024;

    // Before antiforgery's filter (order 1000), which reads the form first otherwise.
    public int Order => 0;

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var request = context.HttpContext.Request;
        if (!HttpMethods.IsPost(request.Method) || !request.HasFormContentType) return;
        // The body may hold the largest file allowed and the form's other fields, whatever the server's general limit.
        var limit = context.HttpContext.RequestServices.GetRequiredService<IOptions<AgoraOptions>>().Value.MaxUploadBytes;
        if (context.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = limit + FieldsAllowance;
        try
        {
            await request.ReadFormAsync(context.HttpContext.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            context.Result = new RedirectResult($"{request.PathBase}{request.Path}?{TooLarge}=1");
        }
        catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            context.Result = new RedirectResult($"{request.PathBase}{request.Path}?{TooLarge}=1");
        }
    }

    /// <summary>Puts the message on the form's file field when the page was reached that way.</summary>
    public static void ShowMessage(HttpRequest request, Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary state)
    {
        if (!request.Query.ContainsKey(TooLarge)) return;
        var limit = request.HttpContext.RequestServices.GetRequiredService<IOptions<AgoraOptions>>().Value.MaxUploadBytes;
        state.AddModelError("Upload", $"File upload too large: the limit is {ResourceForm.Size(limit)}.");
    }
}
