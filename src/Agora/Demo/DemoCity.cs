using Agora.Accounts;
using Agora.Storage;
using Microsoft.EntityFrameworkCore;

namespace Agora.Demo;

/// <summary>A small, made-up but realistic city region — Aldport — so a newcomer sees Agora
/// with people and organisations in it. Loading it twice changes nothing.</summary>
public sealed class DemoCity(AgoraDbContext db, AccountManager accounts, Catalog.DatasetManager datasets, DemoLiveData live, DemoInnovation innovation,
    TimeProvider clock,
    ILogger<DemoCity> log)
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

    // (publisher's user name, CKAN package dict)
    static readonly (string Publisher, string Json)[] Datasets =
    [
        ("jonas", """
            {"name": "air-quality-harbour", "title": "Air quality in the Harbour Quarter", "owner_org": "city-of-aldport",
             "notes": "Hourly nitrogen dioxide (NO2), PM2.5 and PM10 from twelve stations around the harbour, since 2023.",
             "license_id": "CC-BY-4.0", "tags": [{"name": "air"}, {"name": "environment"}, {"name": "health"}],
             "extras": [{"key": "frequency", "value": "hourly"}, {"key": "theme", "value": "[\"ENVI\", \"HEAL\"]"},
                        {"key": "temporal_start", "value": "2023-01-01"},
                        {"key": "spatial", "value": "{\"type\": \"Polygon\", \"coordinates\": [[[10.20, 56.14], [10.26, 56.14], [10.26, 56.17], [10.20, 56.17], [10.20, 56.14]]]}"}],
             "resources": [{"name": "Readings 2026", "url": "https://data.aldport.example/air/readings-2026.csv", "format": "CSV"},
                           {"name": "Stations", "url": "https://data.aldport.example/air/stations.geojson", "format": "GeoJSON"}]}
            """),
        ("jonas", """
            {"name": "cycle-counts", "title": "Cycle counts on the harbour bridges", "owner_org": "city-of-aldport",
             "notes": "Bicycles counted every 15 minutes by induction loops on the four harbour bridges.",
             "license_id": "CC0-1.0", "tags": [{"name": "cycling"}, {"name": "mobility"}],
             "extras": [{"key": "theme", "value": "TRAN"}, {"key": "frequency", "value": "15MIN"},
                        {"key": "temporal_start", "value": "2025-01-01"}, {"key": "temporal_end", "value": "2026-12-31"},
                        {"key": "spatial", "value": "{\"type\": \"MultiPoint\", \"coordinates\": [[10.212, 56.151], [10.224, 56.153], [10.236, 56.156], [10.247, 56.158]]}"}],
             "resources": [{"name": "Counts 2025–2026", "url": "https://data.aldport.example/mobility/cycle-counts.csv", "format": "CSV"}]}
            """),
        ("jonas", """
            {"name": "building-permits", "title": "Building permits", "owner_org": "city-of-aldport",
             "notes": "Every building permit granted since 2015, with address, use and floor area.",
             "license_id": "CC-BY-4.0", "tags": [{"name": "planning"}, {"name": "construction"}],
             "resources": [{"name": "Permits", "url": "https://data.aldport.example/planning/permits.json", "format": "JSON"}]}
            """),
        ("henrik", """
            {"name": "regional-bus-stops", "title": "Regional bus stops", "owner_org": "aldport-region",
             "notes": "All bus stops of the regional network with their location and accessibility.",
             "license_id": "ODbL-1.0", "tags": [{"name": "mobility"}, {"name": "public-transport"}],
             "extras": [{"key": "theme", "value": "TRAN"}, {"key": "frequency", "value": "MONTHLY"},
                        {"key": "spatial", "value": "{\"type\": \"Polygon\", \"coordinates\": [[[9.80, 55.95], [10.60, 55.95], [10.60, 56.40], [9.80, 56.40], [9.80, 55.95]]]}"}],
             "resources": [{"name": "Stops (GTFS)", "url": "https://transit.region-aldport.example/gtfs.zip", "format": "ZIP"}]}
            """),
        ("ida", """
            {"name": "public-building-energy", "title": "Energy use of state buildings", "owner_org": "national-building-agency",
             "notes": "Monthly electricity and heat use of the state's public buildings in the Aldport region.",
             "license_id": "CC-BY-4.0", "tags": [{"name": "energy"}, {"name": "buildings"}],
             "extras": [{"key": "theme", "value": "ENER"}, {"key": "frequency", "value": "MONTHLY"},
                        {"key": "temporal_start", "value": "2020-01-01"}, {"key": "temporal_end", "value": "2025-12-31"}],
             "resources": [{"name": "Monthly use", "url": "https://data.building-agency.example/energy/aldport.xlsx", "format": "XLSX"}]}
            """),
        ("lars", """
            {"name": "parking-occupancy", "title": "Live parking occupancy", "owner_org": "nordlys-mobility", "visibility": "brokered",
             "notes": "Occupancy of 2,400 on-street spaces, updated every minute. Available under agreement on the Exchange.",
             "license_id": "other-closed", "tags": [{"name": "parking"}, {"name": "mobility"}],
             "resources": [{"name": "Occupancy feed", "url": "https://api.nordlys.example/parking/occupancy", "format": "JSON"}]}
            """),
        ("amira", """
            {"name": "noise-stations", "title": "Noise levels near the port", "owner_org": "harbour-sensorworks",
             "notes": "LAeq every five minutes from six noise stations along the port's edge.",
             "license_id": "CC-BY-4.0", "tags": [{"name": "noise"}, {"name": "environment"}],
             "resources": [{"name": "Noise 2026", "url": "https://open.sensorworks.example/noise-2026.csv", "format": "CSV"}]}
            """),
        ("nora", """
            {"name": "street-trees", "title": "Street trees of Aldport", "owner_org": "green-streets",
             "notes": "Volunteers' register of 18,000 street trees: species, planting year and health.",
             "license_id": "ODbL-1.0", "tags": [{"name": "trees"}, {"name": "environment"}],
             "extras": [{"key": "theme", "value": "ENVI"}, {"key": "frequency", "value": "IRREG"},
                        {"key": "spatial", "value": "{\"type\": \"Point\", \"coordinates\": [10.2039, 56.1629]}"}],
             "resources": [{"name": "Tree register", "url": "https://greenstreets.example/trees.csv", "format": "CSV"}]}
            """),
    ];

    // Groups gather datasets by theme across publishers: (name, title, description, datasets).
    static readonly (string Name, string Title, string Description, string[] Datasets)[] Groups =
    [
        ("mobility", "Mobility", "How people and goods move around Aldport: cycling, buses and parking.",
            ["cycle-counts", "regional-bus-stops", "parking-occupancy"]),
        ("environment", "Environment and health", "Air, noise and green space in the city, measured by the city, companies and volunteers.",
            ["air-quality-harbour", "noise-stations", "street-trees"]),
        ("built-environment", "Buildings and planning", "What is built in Aldport, and the energy its buildings use.",
            ["building-permits", "public-building-energy"]),
    ];

    async Task LoadGroupsAsync(CancellationToken ct)
    {
        foreach (var (name, title, description, members) in Groups)
        {
            var group = new Catalog.Group { Name = name, Title = title, Description = description, CreatedAt = clock.UtcNow() };
            db.Groups.Add(group);
            await db.SaveChangesAsync(ct);
            foreach (var dataset in members)
            {
                // Filed by the dataset's own publisher, who may edit it.
                var publisher = Datasets.First(d => d.Json.Contains($"\"name\": \"{dataset}\"", StringComparison.Ordinal)).Publisher;
                var caller = Authentication.PrincipalFor((await accounts.FindByLoginAsync(publisher, ct))!, "demo");
                await datasets.AddToGroupAsync(dataset, group, caller, ct);
            }
        }
    }

    async Task LoadDatasetsAsync(CancellationToken ct)
    {
        foreach (var (publisher, json) in Datasets)
        {
            var user = (await accounts.FindByLoginAsync(publisher, ct))!;
            var caller = Authentication.PrincipalFor(user, "demo");
            await datasets.CreateAsync(System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject(), caller, ct);
        }
    }

    public async Task LoadAsync(CancellationToken ct = default)
    {
        if (await db.Organisations.AnyAsync(o => o.Slug == "city-of-aldport", ct))
        {
            log.LogInformation("The demo city is already loaded");
            await live.LoadAsync(ct); // servers loaded before the city had live data get it now
            await innovation.LoadAsync(ct); // and before it had the emission-free sites challenge
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
        await LoadDatasetsAsync(ct);
        await LoadGroupsAsync(ct);
        await transaction.CommitAsync(ct);

        log.LogInformation("Loaded the demo city of Aldport: {Organisations} organisations, {People} people, {Datasets} datasets in {Groups} groups (password '{Password}')",
            Organisations.Length, People.Length, Datasets.Length, Groups.Length, Password);
        // The context broker's writes run in transactions of their own, so live data comes after the city.
        await live.LoadAsync(ct);
        await innovation.LoadAsync(ct);
    }
}
