using Agora.Storage;
using Agora.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Agora.Accounts.Pages;

public sealed class RegisterModel(AccountManager accounts, IOptions<AgoraOptions> options) : PageModel
{
    [BindProperty]
    public RegisterInput Input { get; set; } = new();

    public sealed class RegisterInput
    {
        public string UserName { get; set; } = "";
        public string DisplayName { get; set; } = "";
        public string Email { get; set; } = "";
        public string Password { get; set; } = "";
    }

    public IActionResult OnGet() => options.Value.AllowRegistration ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!options.Value.AllowRegistration) return NotFound();
        try
        {
            var user = await accounts.CreateUserAsync(new NewUser(Input.UserName?.Trim() ?? "", Input.DisplayName ?? "", Input.Email ?? "", Input.Password ?? ""), ct);
            await SignInModel.SignInCookieAsync(HttpContext, user);
            TempData["Notice"] = $"Welcome, {user.DisplayName}. Your account is ready.";
            return Redirect("/account");
        }
        catch (Exception e) when (PageErrors.Show(ModelState, e, nameof(Input)))
        {
            return Page();
        }
    }
}
