using Agora.Accounts;
using Agora.Storage;
using Microsoft.EntityFrameworkCore;

namespace Agora.Demo;

/// <summary>A small, made-up but realistic city region — Aldport — so a newcomer sees Agora
/// with people and organisations in it. Loading it twice changes nothing.</summary>
public sealed class DemoCity(AgoraDbContext db, AccountManager accounts, ILogger<DemoCity> log)
{
    /// <summary>Every demo account signs in with this password.</summary>
    public const string Password = "aldport-demo";

    static readonly OrganisationInput[] Organisations =
    [
        new("City of Aldport", "city-of-aldport", OrganisationKind.PublicAgency, GovernmentLevel.Municipal, "Aldport", "DK",
            "https://aldport.example", "The municipality of Aldport: 310,000 residents, a working harbour and a new metro line. Its data office runs this Agora."),
        new("Aldport Region", "aldport-region", OrganisationKind.PublicAgency, GovernmentLevel.Regional, "Aldport", "DK",
            "https://region-aldport.example", "The regional authority for health, public transport and regional development around Aldport."),
        new("National Building Agency", "national-building-agency", OrganisationKind.PublicAgency, GovernmentLevel.State, "Copenhagen", "DK",
            "https://building-agency.example", "The state builder: public buildings, roads and bridges across the country."),
        new("Nordlys Mobility", "nordlys-mobility", OrganisationKind.Company, null, "Aldport", "DK",
            "https://nordlys.example", "Shared e-bikes and parking sensors; publishes live occupancy data."),
        new("Harbour Sensorworks", "harbour-sensorworks", OrganisationKind.Company, null, "Aldport", "DK",
            "https://sensorworks.example", "Air-quality and noise stations for cities and ports."),
        new("Aldport University of Technology", "aldport-university", OrganisationKind.Research, null, "Aldport", "DK",
            "https://aut.example", "Urban informatics and energy research; runs the Harbour Quarter living lab."),
        new("Green Streets Aldport", "green-streets", OrganisationKind.Ngo, null, "Aldport", "DK",
            "https://greenstreets.example", "Campaigns for cleaner air, safe cycling and trees on every street."),
        new("Harbour Quarter Residents", "harbour-quarter-residents", OrganisationKind.CitizenGroup, null, "Aldport", "DK",
            null, "The residents' association of the Harbour Quarter, where the city's pilots meet everyday life."),
    ];

    // (user name, display name, organisation slug, role)
    static readonly (string UserName, string Name, string Org, MembershipRole Role)[] People =
    [
        ("mette", "Mette Lund — Chief Data Officer", "city-of-aldport", MembershipRole.Admin),
        ("jonas", "Jonas Berg — Open data editor", "city-of-aldport", MembershipRole.Editor),
        ("sofie", "Sofie Dahl — Innovation procurement", "city-of-aldport", MembershipRole.Member),
        ("henrik", "Henrik Holm — Regional mobility", "aldport-region", MembershipRole.Admin),
        ("ida", "Ida Krogh — Procurement lead", "national-building-agency", MembershipRole.Admin),
        ("lars", "Lars Nyborg — CTO", "nordlys-mobility", MembershipRole.Admin),
        ("amira", "Amira Haddad — Data products", "harbour-sensorworks", MembershipRole.Admin),
        ("peter", "Prof. Peter Vang", "aldport-university", MembershipRole.Admin),
        ("nora", "Nora Eriksen", "green-streets", MembershipRole.Admin),
        ("karl", "Karl Madsen — Residents' chair", "harbour-quarter-residents", MembershipRole.Admin),
        ("emma", "Emma Juhl — Resident", "harbour-quarter-residents", MembershipRole.Member),
    ];

    public async Task LoadAsync(CancellationToken ct = default)
    {
        if (await db.Organisations.AnyAsync(o => o.Slug == "city-of-aldport", ct))
        {
            log.LogInformation("The demo city is already loaded");
            return;
        }

        // All or nothing: an interrupted load must not leave a half city that the check above takes for a whole one.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var orgs = new Dictionary<string, Organisation>();
        foreach (var input in Organisations)
            orgs[input.Slug!] = await accounts.CreateOrganisationAsync(input, creator: null, ct);

        foreach (var (userName, name, org, role) in People)
        {
            var user = await accounts.FindByLoginAsync(userName, ct)
                ?? await accounts.CreateUserAsync(new NewUser(userName, name, $"{userName}@{org}.example", Password), ct);
            await accounts.SetMemberAsync(orgs[org], user, role, ct);
        }
        // The city's data office works with the university's living lab.
        await accounts.SetMemberAsync(orgs["aldport-university"], (await accounts.FindByLoginAsync("mette", ct))!, MembershipRole.Member, ct);
        await transaction.CommitAsync(ct);

        log.LogInformation("Loaded the demo city of Aldport: {Organisations} organisations, {People} people (password '{Password}')",
            Organisations.Length, People.Length, Password);
    }
}
