using System.Net.Mail;
using System.Text.RegularExpressions;

namespace Agora.Accounts;

/// <summary>The shapes names, e-mails and passwords must have.</summary>
static partial class AccountRules
{
    public const int MinPasswordLength = 10;
    public const int MaxFailedSignIns = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{1,99}$")]
    public static partial Regex SlugPattern();

    public static bool IsSlug(string? value) => value is not null && SlugPattern().IsMatch(value);

    public static bool IsEmail(string? value) =>
        !string.IsNullOrWhiteSpace(value) && value.Length <= 320
        && MailAddress.TryCreate(value, out var parsed) && parsed.Address == value.Trim();

    public static bool IsWebUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    public static bool IsCountryCode(string? value) =>
        value is { Length: 2 } && value.All(char.IsAsciiLetterUpper);

    public static string NormalizeEmail(string email) => email.Trim().ToUpperInvariant();

    /// <summary>Turns a display name into a slug candidate ("City of Aldport" → "city-of-aldport").</summary>
    public static string Slugify(string text)
    {
        var slug = NonSlug().Replace(text.ToLowerInvariant(), "-").Trim('-');
        return slug.Length > 100 ? slug[..100].TrimEnd('-') : slug;
    }

    [GeneratedRegex("[^a-z0-9_]+")]
    private static partial Regex NonSlug();
}
