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

    /// <summary>Names the web UI uses as path segments beside organisations' slugs (/organisations/new).</summary>
    static readonly HashSet<string> Reserved = ["new", "edit", "members", "logo"];

    public static bool IsSlug(string? value) => value is not null && SlugPattern().IsMatch(value);

    public static bool IsOrganisationSlug(string? value) => IsSlug(value) && !Reserved.Contains(value!);

    /// <summary>Text without control characters (NUL and the like, which PostgreSQL refuses);
    /// line breaks and tabs only where <paramref name="multiline"/>.</summary>
    public static bool IsCleanText(string? value, bool multiline = false) =>
        value is null || !value.Any(c => char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t'));

    /// <summary>Drops control characters from search text.</summary>
    public static string? CleanSearch(string? q) =>
        q is null ? null : new string(q.Where(c => !char.IsControl(c)).ToArray()).Trim();

    public static bool IsEmail(string? value) =>
        !string.IsNullOrWhiteSpace(value) && value.Length <= 320
        && MailAddress.TryCreate(value, out var parsed) && parsed.Address == value.Trim();

    public static bool IsWebUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    public static bool IsCountryCode(string? value) =>
        value is { Length: 2 } && value.All(char.IsAsciiLetterUpper);

    public static string NormalizeEmail(string email) => email.Trim().ToUpperInvariant();

    /// <summary>Turns a display name into a slug candidate ("Århus Kommune" → "arhus-kommune"); names with
    /// no Latin letters at all get a generated one, so that a Greek or Arabic name still works.</summary>
    public static string Slugify(string text)
    {
        var folded = new string(text.Replace("æ", "ae").Replace("Æ", "Ae").Replace("ø", "o").Replace("Ø", "O").Replace("ß", "ss")
            .Normalize(System.Text.NormalizationForm.FormD)
            .Where(c => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)
            .ToArray());
        var slug = NonSlug().Replace(folded.ToLowerInvariant(), "-").Trim('-');
        if (slug.Length > 100) slug = slug[..100].TrimEnd('-');
        return slug.Length >= 2 && !Reserved.Contains(slug) ? slug : $"org-{Guid.NewGuid().ToString("N")[..8]}";
    }

    [GeneratedRegex("[^a-z0-9_]+")]
    private static partial Regex NonSlug();
}
