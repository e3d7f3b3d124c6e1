using Agora.Accounts;

namespace Agora.Web;

/// <summary>How the web UI names the domain's values.</summary>
public static class Labels
{
    public static string Kind(OrganisationKind kind) => kind switch
    {
        OrganisationKind.PublicAgency => "Public agency",
        OrganisationKind.Company => "Company",
        OrganisationKind.Research => "Research",
        OrganisationKind.Ngo => "NGO",
        OrganisationKind.CitizenGroup => "Citizen group",
        _ => kind.ToString(),
    };

    public static string Level(GovernmentLevel? level) => level switch
    {
        GovernmentLevel.State => "State",
        GovernmentLevel.Regional => "Regional",
        GovernmentLevel.Municipal => "Municipal",
        _ => "",
    };

    public static string Role(MembershipRole role) => role switch
    {
        MembershipRole.Admin => "Admin",
        MembershipRole.Editor => "Editor",
        _ => "Member",
    };

    public static string Time(DateTime? utc) => utc is { } t ? t.ToString("yyyy-MM-dd HH:mm") + " UTC" : "—";
}
