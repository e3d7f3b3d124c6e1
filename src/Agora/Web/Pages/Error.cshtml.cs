using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Agora.Web.Pages;

/// <summary>The web UI's error page; API paths answer with problem details instead.</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public string Title { get; private set; } = "";
    public string Message { get; private set; } = "";

    public void OnGet(int? code) => Describe(code);
    public void OnPost(int? code) => Describe(code);

    void Describe(int? code)
    {
        var status = code is >= 400 and <= 599 ? code.Value : 404;
        (Title, Message) = status switch
        {
            404 => ("Page not found", "There is nothing at this address. It may have moved, or the link may be mistyped."),
            403 => ("Not allowed", "Your account may not see or do this."),
            400 => ("Bad request", "The request could not be understood."),
            >= 500 => ("Something went wrong", "Agora could not complete the request. The error has been logged."),
            _ => ($"Error {status}", "The request could not be completed."),
        };
        Response.StatusCode = status;
    }
}
