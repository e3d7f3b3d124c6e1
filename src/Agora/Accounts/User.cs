namespace Agora.Accounts;

public sealed class User
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Short unique handle (a-z, 0-9, - and _), what CKAN calls the user's name.</summary>
    public required string UserName { get; set; }
    public required string DisplayName { get; set; }
    public required string Email { get; set; }

    /// <summary>Upper-cased e-mail, unique, so sign-in and duplicates ignore case.</summary>
    public required string NormalizedEmail { get; set; }

    /// <summary>ASP.NET Core Identity's PBKDF2 hash; null for accounts that cannot sign in with a password.</summary>
    public string? PasswordHash { get; set; }

    public bool IsSysAdmin { get; set; }
    public bool IsDisabled { get; set; }

    public int AccessFailedCount { get; set; }
    public DateTime? LockoutEnd { get; set; }

    /// <summary>Changes whenever credentials or rights change, which signs out existing cookies.</summary>
    public string SecurityStamp { get; set; } = Guid.NewGuid().ToString("N");

    public DateTime CreatedAt { get; set; }
    public DateTime? LastSignInAt { get; set; }

    public List<Membership> Memberships { get; } = [];
    public List<ApiToken> Tokens { get; } = [];
}
