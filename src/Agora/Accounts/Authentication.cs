using System.Security.Claims;
using System.Text.Encodings.Web;
using Agora.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Agora.Accounts;

/// <summary>Two ways in: API tokens in the Authorization header (raw, as CKAN clients send them,
/// or as a Bearer token) and a cookie for the web UI. A policy scheme picks one per request.</summary>
public static class Authentication
{
    public const string Scheme = "Agora";
    public const string TokenScheme = "ApiToken";
    public const string SysAdminPolicy = "SysAdmin";
    public const string SysAdminClaim = "agora:sysadmin";
    public const string StampClaim = "agora:stamp";
    public const string TokenExpiresClaim = "agora:token-expires";

    public static IServiceCollection AddAgoraAuthentication(this IServiceCollection services)
    {
        services.AddScoped<AccountManager>();
        services.AddSingleton<Microsoft.AspNetCore.Identity.IPasswordHasher<User>, Microsoft.AspNetCore.Identity.PasswordHasher<User>>();

        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Token or cookie", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.Count > 0 ? TokenScheme : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenHandler>(TokenScheme, null)
            .AddCookie(o =>
            {
                o.Cookie.Name = "agora";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/signin";
                o.LogoutPath = "/signout";
                o.AccessDeniedPath = "/denied";
                o.ExpireTimeSpan = TimeSpan.FromDays(7);
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = context => ApiOrRedirect(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => ApiOrRedirect(context, StatusCodes.Status403Forbidden);
                o.Events.OnValidatePrincipal = ValidateCookieAsync;
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(SysAdminPolicy, p => p.RequireAuthenticatedUser().RequireClaim(SysAdminClaim, "true"));
        return services;
    }

    /// <summary>API callers get a status code, not a redirect to the sign-in page.</summary>
    static Task ApiOrRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (IsApiRequest(context.Request)) context.Response.StatusCode = status;
        else context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    public static bool IsApiRequest(HttpRequest request) => IsApiPath(request.Path);

    public static bool IsApiPath(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/openapi") || path.StartsWithSegments("/ngsi-ld");

    /// <summary>A cookie stays valid only while the account is enabled and its security stamp
    /// unchanged, so disabling an account or changing its password ends its sessions at once.</summary>
    static async Task ValidateCookieAsync(CookieValidatePrincipalContext context)
    {
        var id = context.Principal?.UserId();
        var stamp = context.Principal?.FindFirstValue(StampClaim);
        var db = context.HttpContext.RequestServices.GetRequiredService<AgoraDbContext>();
        var user = id is null ? null : await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id);
        if (user is null || user.IsDisabled || user.SecurityStamp != stamp)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }
        if (user.IsSysAdmin != context.Principal!.IsSysAdmin()) context.ReplacePrincipal(PrincipalFor(user, CookieAuthenticationDefaults.AuthenticationScheme));
    }

    public static ClaimsPrincipal PrincipalFor(User user, string scheme) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()),
        new Claim(ClaimTypes.Name, user.UserName),
        new Claim(ClaimTypes.Email, user.Email),
        new Claim("name", user.DisplayName),
        new Claim(SysAdminClaim, user.IsSysAdmin ? "true" : "false"),
        new Claim(StampClaim, user.SecurityStamp),
    ], scheme));

    public static Guid? UserId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public static Guid RequiredUserId(this ClaimsPrincipal principal) =>
        principal.UserId() ?? throw new InvalidOperationException("The endpoint requires an authenticated user.");

    public static bool IsSysAdmin(this ClaimsPrincipal principal) => principal.HasClaim(SysAdminClaim, "true");
}

/// <summary>Authenticates <c>Authorization: &lt;token&gt;</c> and <c>Authorization: Bearer &lt;token&gt;</c>.</summary>
sealed class ApiTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AccountManager accounts)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrWhiteSpace(header)) return AuthenticateResult.NoResult();
        var secret = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : header.Trim();
        if (secret.Length == 0 || secret.Length > 512) return AuthenticateResult.Fail("Malformed token.");

        if (await accounts.AuthenticateTokenAsync(secret, Context.RequestAborted) is not var (user, expires))
            return AuthenticateResult.Fail("Unknown, expired or revoked token.");
        var principal = Authentication.PrincipalFor(user, Scheme.Name);
        if (expires is { } at)
            ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(Authentication.TokenExpiresClaim, at.ToString("O")));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
