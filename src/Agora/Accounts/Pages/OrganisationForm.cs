namespace Agora.Accounts.Pages;

/// <summary>The fields of the organisation forms (create and edit).</summary>
public sealed class OrganisationForm
{
    public string Name { get; set; } = "";
    public string? Slug { get; set; }
    public OrganisationKind? Kind { get; set; }
    public GovernmentLevel? Level { get; set; }
    public string? City { get; set; }
    public string? Country { get; set; }
    public string? Website { get; set; }
    public string? Description { get; set; }

    public OrganisationInput ToInput() =>
        new(Name ?? "", Slug, Kind, Kind == OrganisationKind.PublicAgency ? Level : null, City, Country?.Trim().ToUpperInvariant(), Website, Description);

    public static OrganisationForm From(Organisation o) => new()
    {
        Name = o.Name, Slug = o.Slug, Kind = o.Kind, Level = o.Level, City = o.City, Country = o.Country,
        Website = o.Website, Description = o.Description,
    };
}
