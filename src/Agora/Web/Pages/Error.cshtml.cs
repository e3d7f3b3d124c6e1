using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Agora.Web.Pages;

/// <summary>The web UI's error page; API paths answer with problem details instead.</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public string Title { get; private set; } = "";
    public string Message { get; private set; } = "";

    // The code is read from the route, not bound: binding would read a failed request's form again
    // (one over the size limit, say) and lose the code.
    public void OnGet() => Describe();
    public void OnPost() => Describe();

    void Describe()
    {
        var code = int.TryParse(RouteData.Values["code"]?.ToString(), out var parsed) ? parsed : 0;
        var status = code is >= 400 and <= 599 ? code : 404;
        (Title, Message) = status switch
        {
            404 => ("Page not found", "There is nothing at this address. It may have moved, or the link may be mistyped."),
            403 => ("Not allowed", "Your account may not see or do this."),
            400 => ("Bad request", "The request could not be understood."),
            413 => ("Too large", "The request is larger than Agora accepts."),
            >= 500 => ("Something went wrong", "Agora could not complete the request. The error has been logged."),
            _ => ($"Error {status}", "The request could not be completed."),
        };
        Response.StatusCode = status;
    }
}
