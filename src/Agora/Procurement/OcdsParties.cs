using System.Text.Json.Nodes;
using Agora.Accounts;
using static Agora.Procurement.OcdsJson;

namespace Agora.Procurement;

/// <summary>The parties of a release: each organisation once, with every role it plays, in the order
/// they were first named. Party ids are the organisations' ids, stable across releases.</summary>
sealed class OcdsParties
{
    readonly List<(Organisation Org, List<string> Roles)> parties = [];

    public void Add(Organisation org, params string[] roles)
    {
        var entry = parties.FirstOrDefault(p => p.Org.Id == org.Id);
        if (entry.Org is null)
        {
            entry = (org, []);
            parties.Add(entry);
        }
        foreach (var role in roles)
            if (!entry.Roles.Contains(role)) entry.Roles.Add(role);
    }

    public static JsonObject Reference(Organisation org) => Obj(("id", PartyId(org)), ("name", org.Name));

    public static string PartyId(Organisation org) => org.Id.ToString();

    public JsonArray ToJson() => Array(parties.Select(p => (JsonNode)Obj(
        ("name", p.Org.Name),
        ("id", PartyId(p.Org)),
        ("address", Obj(("locality", Text(p.Org.City)), ("countryName", Text(p.Org.Country)))),
        ("contactPoint", Obj(("url", Text(p.Org.Website)))),
        ("roles", Array(p.Roles.Select(r => (JsonNode)r))),
        ("details", Obj(("organisationKind", Code(p.Org.Kind)), ("governmentLevel", p.Org.Level is { } l ? Code(l) : null))))));
}
