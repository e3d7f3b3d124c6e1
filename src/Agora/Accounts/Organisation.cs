namespace Agora.Accounts;

/// <summary>What kind of body an organisation is. Public agencies also carry a <see cref="GovernmentLevel"/>.</summary>
public enum OrganisationKind { PublicAgency, Company, Research, Ngo, CitizenGroup }

/// <summary>The tier of government a public agency belongs to.</summary>
public enum GovernmentLevel { State, Regional, Municipal }

public sealed class Organisation
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public OrganisationKind Kind { get; set; }
    public GovernmentLevel? Level { get; set; }
    public string? City { get; set; }
    public string? Country { get; set; }
    public string? Website { get; set; }
    public string? Description { get; set; }

    /// <summary>Path of the logo inside the file store, if one was uploaded.</summary>
    public string? LogoPath { get; set; }
    public string? LogoContentType { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public List<Membership> Memberships { get; } = [];
}
