using System.Globalization;
using System.Text.Json.Nodes;
using Agora.Accounts;

namespace Agora.Catalog;

/// <summary>Agora's catalogue as CKAN's dictionaries (package_show, resource_show, organization_show…),
/// so existing CKAN clients read it unchanged.</summary>
public static class CkanDicts
{
    /// <summary>CKAN writes naive UTC times, with microseconds unless they are zero.</summary>
    public static string Time(DateTime utc) =>
        utc.ToString(utc.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-ddTHH:mm:ss" : "yyyy-MM-ddTHH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    static JsonNode? Time(DateTime? utc) => utc is { } t ? Time(t) : null;

    public static string Name(this Visibility visibility) => visibility.ToString().ToLowerInvariant();

    public static string Name(this DatasetState state) => state.ToString().ToLowerInvariant();

    /// <summary>The dataset as package_show returns it. The dataset comes with its organisation,
    /// resources, tags, extras and groups loaded.</summary>
    public static JsonObject Package(Dataset d, string siteUrl)
    {
        var licence = Licence.Find(d.LicenseId);
        var package = new JsonObject
        {
            ["id"] = d.Id.ToString(),
            ["name"] = d.Name,
            ["title"] = string.IsNullOrEmpty(d.Title) ? d.Name : d.Title,
            ["author"] = d.Author,
            ["author_email"] = d.AuthorEmail,
            ["maintainer"] = d.Maintainer,
            ["maintainer_email"] = d.MaintainerEmail,
            ["license_id"] = d.LicenseId,
            ["license_title"] = licence?.Title ?? d.LicenseId,
            ["notes"] = d.Notes,
            ["url"] = d.Url,
            ["version"] = d.Version,
            ["state"] = d.State.Name(),
            ["type"] = d.Type,
            ["private"] = d.IsPrivate,
            ["visibility"] = d.Visibility.Name(),
            ["owner_org"] = d.OwnerOrgId?.ToString(),
            ["organization"] = d.OwnerOrg is null ? null : Organization(d.OwnerOrg, siteUrl),
            ["metadata_created"] = Time(d.CreatedAt),
            ["metadata_modified"] = Time(d.ModifiedAt),
            ["creator_user_id"] = d.CreatorUserId?.ToString(),
            ["isopen"] = licence?.OpenData ?? false,
            ["num_resources"] = d.Resources.Count,
            ["num_tags"] = d.Tags.Count,
            ["tags"] = new JsonArray(d.Tags.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => (JsonNode)new JsonObject
            {
                ["id"] = TagId(t.Name), ["name"] = t.Name, ["display_name"] = t.Name, ["state"] = "active", ["vocabulary_id"] = null,
            }).ToArray()),
            ["groups"] = new JsonArray(d.Groups.Select(g => g.Group).OrderBy(g => g.Name, StringComparer.Ordinal)
                .Select(g => (JsonNode)new JsonObject
                {
                    ["id"] = g.Id.ToString(), ["name"] = g.Name, ["title"] = g.Title ?? g.Name, ["display_name"] = g.Title ?? g.Name,
                    ["description"] = g.Description ?? "", ["image_display_url"] = g.ImageUrl ?? "",
                }).ToArray()),
            ["extras"] = new JsonArray(d.Extras.OrderBy(e => e.Key, StringComparer.Ordinal)
                .Select(e => (JsonNode)new JsonObject { ["key"] = e.Key, ["value"] = e.Value }).ToArray()),
            ["resources"] = new JsonArray(d.Resources.OrderBy(r => r.Position).Select(r => (JsonNode)Resource(r, d, siteUrl)).ToArray()),
            ["relationships_as_object"] = new JsonArray(),
            ["relationships_as_subject"] = new JsonArray(),
        };
        if (!string.IsNullOrEmpty(licence?.Url)) package["license_url"] = licence.Url;
        return package;
    }

    public static JsonObject Resource(Resource r, Dataset d, string siteUrl) => new()
    {
        ["id"] = r.Id.ToString(),
        ["package_id"] = d.Id.ToString(),
        ["name"] = r.Name,
        ["description"] = r.Description,
        ["format"] = r.Format,
        ["mimetype"] = r.Mimetype,
        ["mimetype_inner"] = null,
        ["resource_type"] = null,
        ["size"] = r.Size,
        ["hash"] = r.Hash,
        ["url"] = r.UrlType == "upload" ? DownloadUrl(siteUrl, d.Id, r.Id, r.Url) : r.Url,
        ["url_type"] = r.UrlType,
        ["position"] = r.Position,
        ["created"] = Time(r.CreatedAt),
        ["metadata_modified"] = Time(r.ModifiedAt),
        ["last_modified"] = Time(r.LastModified),
        ["cache_url"] = null,
        ["cache_last_updated"] = null,
        ["state"] = "active",
    };

    public static string DownloadUrl(string siteUrl, Guid datasetId, Guid resourceId, string fileName) =>
        $"{siteUrl}/dataset/{datasetId}/resource/{resourceId}/download/{Uri.EscapeDataString(fileName)}";

    /// <summary>An Agora organisation as CKAN's organization dictionary.</summary>
    public static JsonObject Organization(Organisation o, string siteUrl) => new()
    {
        ["id"] = o.Id.ToString(),
        ["name"] = o.Slug,
        ["title"] = o.Name,
        ["display_name"] = o.Name,
        ["type"] = "organization",
        ["description"] = o.Description ?? "",
        ["image_url"] = o.LogoPath is null ? "" : $"{siteUrl}/api/v1/organisations/{o.Slug}/logo",
        ["image_display_url"] = o.LogoPath is null ? "" : $"{siteUrl}/api/v1/organisations/{o.Slug}/logo",
        ["created"] = Time(o.CreatedAt),
        ["is_organization"] = true,
        ["approval_status"] = "approved",
        ["state"] = "active",
    };

    public static JsonObject Group(Group g) => new()
    {
        ["id"] = g.Id.ToString(),
        ["name"] = g.Name,
        ["title"] = g.Title ?? g.Name,
        ["display_name"] = g.Title ?? g.Name,
        ["type"] = "group",
        ["description"] = g.Description ?? "",
        ["image_url"] = g.ImageUrl ?? "",
        ["image_display_url"] = g.ImageUrl ?? "",
        ["created"] = Time(g.CreatedAt),
        ["is_organization"] = false,
        ["approval_status"] = "approved",
        ["state"] = "active",
    };

    /// <summary>License_list's shape; CKAN writes its flags as the strings "True" and "False".</summary>
    public static JsonObject License(Licence l) => new()
    {
        ["id"] = l.Id,
        ["title"] = l.Title,
        ["url"] = l.Url,
        ["family"] = l.Family,
        ["maintainer"] = l.Maintainer,
        ["status"] = "active",
        ["od_conformance"] = l.OpenData ? "approved" : "not reviewed",
        ["osd_conformance"] = "not reviewed",
        ["domain_content"] = "False",
        ["domain_data"] = l.OpenData ? "True" : "False",
        ["domain_software"] = "False",
        ["is_generic"] = l.Id.StartsWith("other", StringComparison.Ordinal) ? "True" : "False",
        ["is_okd_compliant"] = l.OpenData,
        ["is_osi_compliant"] = false,
    };

    /// <summary>Tags are names in Agora; their CKAN id is a stable UUID derived from the name.</summary>
    public static string TagId(string name)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("agora-tag:" + name));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }
}
