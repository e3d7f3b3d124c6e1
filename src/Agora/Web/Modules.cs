namespace Agora.Web;

/// <summary>The modules of Agora as the navigation shows them. <see cref="Available"/> says
/// whether this server already serves the module; the others have a page saying what is coming.</summary>
public sealed record Module(string Slug, string Title, string Summary, string Who, bool Available = false, string? Href = null)
{
    public string Link => Href ?? $"/modules/{Slug}";

    public static readonly IReadOnlyList<Module> All =
    [
        new("organisations", "Organisations", "Agencies at every level, companies, universities, NGOs and citizen groups, and the people in them.",
            "Everyone", Available: true, Href: "/organisations"),
        new("catalogue", "Open data", "The city's open data catalogue: datasets, resources, search, and a CKAN-compatible API with DCAT-AP feeds.",
            "Data offices, agencies, companies, researchers", Available: true, Href: "/datasets"),
        new("context", "Live city data", "Sensors, parking, lights and air quality through the NGSI-LD context broker, with history and subscriptions.",
            "Infrastructure owners, app developers", Available: true, Href: "/context"),
        new("exchange", "Data exchange", "Offers on datasets and live feeds, agreements between providers and consumers, metering and settlement.",
            "Data providers and buyers, the operator"),
        new("consent", "My data and consent", "Citizens contribute their own data, decide who may use it and for what, and see who did.",
            "Citizens"),
        new("challenges", "Challenges", "Shared needs stated by agencies together, with aggregated demand, market dialogue and joint declarations.",
            "Public agencies, suppliers", Available: true, Href: "/challenges"),
        new("procurement", "Procurement", "Innovation procurement procedures, lots, bids and awards, published as Open Contracting data.",
            "Public agencies, suppliers", Available: true, Href: "/procurements"),
        new("pilots", "Pilots and living labs", "Deployments tested with citizens, with KPIs, observations and feedback.",
            "Agencies, companies, researchers, citizens"),
        new("replication", "Scale-up and replication", "Solutions that worked, their business models, and every city that replicated them.",
            "Cities, suppliers"),
        new("ecosystem", "Ecosystem map", "Who works with whom, drawn from what happens in Agora, with network measures.",
            "Everyone"),
        new("partnerships", "Partnerships", "Public–private–people partnerships, decisions and votes, funding, assets and IP.",
            "Partners"),
    ];
}
