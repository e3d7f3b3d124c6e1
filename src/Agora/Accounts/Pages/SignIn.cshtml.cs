using System.ComponentModel.DataAnnotations;
using Agora.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Agora.Accounts.Pages;

public sealed class SignInModel(AccountManager accounts, IOptions<AgoraOptions> options) : PageModel
{
    [BindProperty, Required(ErrorMessage = "Give your e-mail or user name.")]
    public string Login { get; set; } = "";

    [BindProperty, Required(ErrorMessage = "Give your password."), DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }
    public bool AllowRegistration => options.Value.AllowRegistration;

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        var result = await accounts.SignInAsync(Login, Password, ct);
        switch (result.Outcome)
        {
            case SignInOutcome.Succeeded:
                await SignInCookieAsync(HttpContext, result.User!);
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
            case SignInOutcome.LockedOut:
                Error = $"Too many failed attempts: this account is locked until {result.LockedUntil:HH:mm} UTC. Try again later or ask an administrator to unlock it.";
                break;
            default:
                Error = "That e-mail or user name and password do not match an active account.";
                break;
        }
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Page();
    }

    internal static Task SignInCookieAsync(HttpContext http, User user) =>
        http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            Authentication.PrincipalFor(user, CookieAuthenticationDefaults.AuthenticationScheme),
            new AuthenticationProperties { IsPersistent = true });
}
