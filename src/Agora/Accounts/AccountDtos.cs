namespace Agora.Accounts;

/// <summary>A user as the user themself or an administrator sees them.</summary>
public sealed record UserDto(Guid Id, string UserName, string DisplayName, string Email, bool IsSysAdmin, bool IsDisabled,
    DateTime CreatedAt, DateTime? LastSignInAt, DateTime? LockedUntil)
{
    public static UserDto From(User u, DateTime now) => new(u.Id, u.UserName, u.DisplayName, u.Email, u.IsSysAdmin, u.IsDisabled,
        u.CreatedAt, u.LastSignInAt, u.LockoutEnd > now ? u.LockoutEnd : null);
}

/// <summary>The caller's own view: who they are and where they belong.</summary>
public sealed record MeDto(UserDto User, IReadOnlyList<MyOrganisationDto> Organisations);

public sealed record MyOrganisationDto(Guid Id, string Slug, string Name, OrganisationKind Kind, MembershipRole Role);

public sealed record OrganisationDto(Guid Id, string Slug, string Name, OrganisationKind Kind, GovernmentLevel? Level,
    string? City, string? Country, string? Website, string? Description, string? LogoUrl,
    DateTime CreatedAt, DateTime UpdatedAt, int MemberCount)
{
    public static OrganisationDto From(Organisation o, int memberCount) => new(o.Id, o.Slug, o.Name, o.Kind, o.Level,
        o.City, o.Country, o.Website, o.Description, o.LogoPath is null ? null : $"/api/v1/organisations/{o.Slug}/logo",
        o.CreatedAt, o.UpdatedAt, memberCount);
}

public sealed record MemberDto(Guid UserId, string UserName, string DisplayName, MembershipRole Role, DateTime Since);

public sealed record MemberRequest(MembershipRole? Role);

public sealed record TokenDto(Guid Id, string Name, string Prefix, DateTime CreatedAt, DateTime? ExpiresAt,
    DateTime? LastUsedAt, DateTime? RevokedAt, bool Active)
{
    public static TokenDto From(ApiToken t, DateTime now) =>
        new(t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt, t.IsActive(now));
}

/// <summary>Give either an absolute expiry or a number of days; neither means the token never expires.</summary>
public sealed record CreateTokenRequest(string Name, DateTime? ExpiresAt, int? ExpiresInDays);

/// <summary>The secret appears here once and is never shown again.</summary>
public sealed record CreatedTokenDto(TokenDto Token, string Secret);

public sealed record CreateUserRequest(string UserName, string DisplayName, string Email, string? Password, bool IsSysAdmin = false);

/// <summary>Fields left out stay as they are.</summary>
public sealed record UpdateUserRequest(string? DisplayName, string? Email, bool? IsSysAdmin, bool? IsDisabled, string? Password, bool? Unlock);

public sealed record Page<T>(int Total, int Offset, int Limit, IReadOnlyList<T> Items);
