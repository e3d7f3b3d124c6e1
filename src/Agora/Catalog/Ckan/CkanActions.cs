using System.Text.Json.Nodes;
using Agora.Accounts;
using Agora.Storage;
using Microsoft.EntityFrameworkCore;

namespace Agora.Catalog.Ckan;

/// <summary>The CKAN actions Agora answers, by name. Read actions also answer GET.</summary>
static class CkanActions
{
    public sealed record Action(bool ReadOnly, Func<CkanContext, Task<JsonNode?>> Run);

    public static readonly IReadOnlyDictionary<string, Action> All = new Dictionary<string, Action>
    {
        ["status_show"] = new(true, StatusShow),
        ["site_read"] = new(true, _ => Task.FromResult<JsonNode?>(true)),
        ["help_show"] = new(true, CkanHelp.ShowAsync),
        ["package_list"] = new(true, PackageList),
        ["package_show"] = new(true, PackageShow),
        ["package_search"] = new(true, PackageSearch.RunAsync),
        ["package_create"] = new(false, async c => Show(c, await c.Get<DatasetManager>().CreateAsync(c.Request.Data, c.Request.Caller, c.Cancellation))),
        ["package_update"] = new(false, async c => Show(c, await c.Get<DatasetManager>().UpdateAsync(c.Request.Data, c.Request.Caller, c.Cancellation))),
        ["package_patch"] = new(false, async c => Show(c, await c.Get<DatasetManager>().PatchAsync(c.Request.Data, c.Request.Caller, c.Cancellation))),
        ["package_delete"] = new(false, async c =>
        {
            await c.Get<DatasetManager>().DeleteAsync(c.Request.RequiredId(), c.Request.Caller, c.Cancellation);
            return null;
        }),
        ["dataset_purge"] = new(false, async c =>
        {
            await c.Get<DatasetManager>().PurgeAsync(c.Request.RequiredId(), c.Request.Caller, c.Cancellation);
            return null;
        }),
        ["resource_show"] = new(true, async c =>
        {
            var (dataset, resource) = await c.Get<DatasetManager>().FindResourceAsync(c.Request.RequiredId(), c.Request.Caller, c.Cancellation);
            return CkanDicts.Resource(resource, dataset, c.SiteUrl);
        }),
        ["resource_create"] = new(false, async c =>
        {
            var (dataset, resource) = await c.Get<DatasetManager>().CreateResourceAsync(c.Request, c.Cancellation);
            return CkanDicts.Resource(resource, dataset, c.SiteUrl);
        }),
        ["resource_update"] = new(false, c => UpdateResource(c, patch: false)),
        ["resource_patch"] = new(false, c => UpdateResource(c, patch: true)),
        ["resource_delete"] = new(false, async c =>
        {
            await c.Get<DatasetManager>().DeleteResourceAsync(c.Request, c.Cancellation);
            return null;
        }),
        ["organization_list"] = new(true, OrganizationList),
        ["organization_show"] = new(true, OrganizationShow),
        ["organization_create"] = new(false, OrganizationActions.CreateAsync),
        ["organization_update"] = new(false, OrganizationActions.UpdateAsync),
        ["organization_patch"] = new(false, OrganizationActions.UpdateAsync),
        ["organization_delete"] = new(false, OrganizationActions.DeleteAsync),
        ["organization_member_create"] = new(false, OrganizationActions.MemberCreateAsync),
        ["group_list"] = new(true, GroupList),
        ["group_show"] = new(true, GroupShow),
        ["group_create"] = new(false, GroupCreate),
        ["group_update"] = new(false, c => GroupChange(c, patch: false)),
        ["group_patch"] = new(false, c => GroupChange(c, patch: true)),
        ["member_create"] = new(false, c => MemberChange(c, add: true)),
        ["member_delete"] = new(false, c => MemberChange(c, add: false)),
        ["tag_list"] = new(true, TagList),
        ["license_list"] = new(true, _ => Task.FromResult<JsonNode?>(new JsonArray(Licence.All.Select(l => (JsonNode)CkanDicts.License(l)).ToArray()))),
        ["user_show"] = new(true, UserShow),
        ["package_activity_list"] = new(true, PackageActivityList),
        ["recently_changed_packages_activity_list"] = new(true, RecentlyChanged),
    };

    static JsonNode Show(CkanContext c, Dataset d) => CkanDicts.Package(d, c.SiteUrl);

    static async Task<JsonNode?> UpdateResource(CkanContext c, bool patch)
    {
        var (dataset, resource) = await c.Get<DatasetManager>().UpdateResourceAsync(c.Request, patch, c.Cancellation);
        return CkanDicts.Resource(resource, dataset, c.SiteUrl);
    }

    static Task<JsonNode?> StatusShow(CkanContext c) => Task.FromResult<JsonNode?>(new JsonObject
    {
        ["site_title"] = "Agora",
        ["site_description"] = "The city's data exchange and innovation commons",
        ["site_url"] = c.SiteUrl,
        ["ckan_version"] = "2.11.0",
        ["error_emails_to"] = null,
        ["locale_default"] = "en",
        ["extensions"] = new JsonArray("agora", "activity"),
    });

    static async Task<JsonNode?> PackageList(CkanContext c)
    {
        var db = c.Get<AgoraDbContext>();
        var query = db.Datasets.Where(d => d.State == DatasetState.Active && d.Visibility != Visibility.Private).OrderBy(d => d.Name)
            .Select(d => d.Name);
        if (c.Request.Int("offset") is { } offset) query = query.Skip(offset);
        if (c.Request.Int("limit") is { } limit) query = query.Take(limit);
        return new JsonArray((await query.ToListAsync(c.Cancellation)).Select(n => (JsonNode)n).ToArray());
    }

    static async Task<JsonNode?> PackageShow(CkanContext c)
    {
        var id = c.Request.RequiredId("id", "name_or_id");
        return Show(c, await c.Get<DatasetManager>().FindReadableAsync(id, c.Request.Caller, c.Cancellation));
    }

    static async Task<JsonNode?> OrganizationList(CkanContext c)
    {
        var db = c.Get<AgoraDbContext>();
        var query = db.Organisations.AsNoTracking();
        var sort = c.Request.String("sort") ?? c.Request.String("order_by") ?? "name asc";
        query = sort.Trim().ToLowerInvariant() switch
        {
            "name" or "name asc" => query.OrderBy(o => o.Slug),
            "name desc" => query.OrderByDescending(o => o.Slug),
            "title" or "title asc" => query.OrderBy(o => o.Name),
            "title desc" => query.OrderByDescending(o => o.Name),
            "package_count" or "package_count desc" => query.OrderByDescending(o => db.Datasets.Count(d => d.OwnerOrgId == o.Id && d.State == DatasetState.Active)),
            _ => throw CkanException.Validation("sort", "Cannot sort by field `" + sort + "`"),
        };
        if (c.Request.Int("offset") is { } offset) query = query.Skip(offset);
        query = query.Take(c.Request.Int("limit", max: 1000) ?? 1000);
        if (!c.Request.Bool("all_fields"))
            return new JsonArray((await query.Select(o => o.Slug).ToListAsync(c.Cancellation)).Select(n => (JsonNode)n).ToArray());
        var rows = await query.Select(o => new { Org = o, Count = db.Datasets.Count(d => d.OwnerOrgId == o.Id && d.State == DatasetState.Active && d.Visibility != Visibility.Private) })
            .ToListAsync(c.Cancellation);
        return new JsonArray(rows.Select(r =>
        {
            var dict = CkanDicts.Organization(r.Org, c.SiteUrl);
            dict["package_count"] = r.Count;
            return (JsonNode)dict;
        }).ToArray());
    }

    static async Task<JsonNode?> OrganizationShow(CkanContext c)
    {
        var db = c.Get<AgoraDbContext>();
        var key = c.Request.RequiredId();
        var org = Guid.TryParse(key, out var id)
            ? await db.Organisations.FirstOrDefaultAsync(o => o.Id == id, c.Cancellation)
            : await db.Organisations.FirstOrDefaultAsync(o => o.Slug == key, c.Cancellation);
        if (org is null) throw CkanException.NotFound("Organization was not found.");
        var dict = CkanDicts.Organization(org, c.SiteUrl);
        var readable = await c.Get<CatalogAccess>().RoleAsync(c.Request.Caller, org.Id, c.Cancellation) is not null || c.Request.Caller.IsSysAdmin();
        var datasets = db.Datasets.Where(d => d.OwnerOrgId == org.Id && d.State == DatasetState.Active && (readable || d.Visibility != Visibility.Private));
        dict["package_count"] = await datasets.CountAsync(c.Cancellation);
        if (c.Request.Bool("include_datasets"))
        {
            var ids = await datasets.OrderBy(d => d.Name).Select(d => d.Id).Take(1000).ToListAsync(c.Cancellation);
            var loaded = await c.Get<DatasetManager>().LoadAsync(ids, c.Cancellation);
            dict["packages"] = new JsonArray(loaded.Select(d => (JsonNode)Show(c, d)).ToArray());
        }
        dict["users"] = new JsonArray((await OrganisationsApi.Members(db, org.Id, c.Cancellation)).Select(m => (JsonNode)new JsonObject
        {
            ["id"] = m.UserId.ToString(), ["name"] = m.UserName, ["display_name"] = m.DisplayName,
            ["capacity"] = m.Role.ToString().ToLowerInvariant(),
        }).ToArray());
        return dict;
    }

    static async Task<JsonNode?> GroupList(CkanContext c)
    {
        var groups = await c.Get<AgoraDbContext>().Groups.OrderBy(g => g.Name).ToListAsync(c.Cancellation);
        return c.Request.Bool("all_fields")
            ? new JsonArray(groups.Select(g => (JsonNode)CkanDicts.Group(g)).ToArray())
            : new JsonArray(groups.Select(g => (JsonNode)g.Name).ToArray());
    }

    static async Task<JsonNode?> GroupShow(CkanContext c)
    {
        var db = c.Get<AgoraDbContext>();
        var key = c.Request.RequiredId();
        var group = await c.Get<GroupManager>().FindAsync(key, c.Cancellation) ?? throw CkanException.NotFound("Group was not found.");
        var dict = CkanDicts.Group(group);
        dict["package_count"] = await db.Datasets.CountAsync(d => d.Groups.Any(g => g.GroupId == group.Id)
            && d.State == DatasetState.Active && d.Visibility != Visibility.Private, c.Cancellation);
        return dict;
    }

    static async Task<JsonNode?> GroupCreate(CkanContext c) =>
        CkanDicts.Group(await c.Get<GroupManager>().CreateAsync(c.Request.Data, c.Request.Caller, c.Cancellation));

    /// <summary>group_update replaces a group's title, description and image (left out → cleared);
    /// group_patch changes only the fields given. The name stays.</summary>
    static async Task<JsonNode?> GroupChange(CkanContext c, bool patch)
    {
        var groups = c.Get<GroupManager>();
        var group = await groups.FindAsync(c.Request.RequiredId(), c.Cancellation) ?? throw CkanException.NotFound("Group was not found.");
        var input = c.Request.Data;
        if (patch)
        {
            var merged = new JsonObject { ["title"] = group.Title, ["description"] = group.Description, ["image_url"] = group.ImageUrl };
            foreach (var (key, value) in input) merged[key] = value?.DeepClone();
            input = merged;
        }
        return CkanDicts.Group(await groups.UpdateAsync(group, input, c.Request.Caller, c.Cancellation));
    }

    /// <summary>member_create / member_delete for datasets in groups (object_type package), the
    /// only members Agora's groups have.</summary>
    static async Task<JsonNode?> MemberChange(CkanContext c, bool add)
    {
        var groupKey = c.Request.RequiredId();
        var objectKey = c.Request.RequiredId("object", "object");
        var type = c.Request.String("object_type");
        if (type != "package") throw CkanException.Validation("object_type", type is null ? "Missing value" : "Only packages can be members of a group in Agora");
        var group = await c.Get<GroupManager>().FindAsync(groupKey, c.Cancellation) ?? throw CkanException.NotFound("Group was not found.");
        var manager = c.Get<DatasetManager>();
        var dataset = add
            ? await manager.AddToGroupAsync(objectKey, group, c.Request.Caller, c.Cancellation)
            : await manager.RemoveFromGroupAsync(objectKey, group, c.Request.Caller, c.Cancellation);
        if (!add) return null;
        return new JsonObject
        {
            ["id"] = CkanDicts.TagId($"{group.Id}/{dataset.Id}"), ["group_id"] = group.Id.ToString(), ["table_name"] = "package",
            ["table_id"] = dataset.Id.ToString(), ["capacity"] = c.Request.String("capacity") ?? "public", ["state"] = "active",
        };
    }

    static async Task<JsonNode?> TagList(CkanContext c)
    {
        var db = c.Get<AgoraDbContext>();
        var tags = db.Datasets.Where(d => d.State == DatasetState.Active && d.Visibility != Visibility.Private).SelectMany(d => d.Tags).Select(t => t.Name);
        if (c.Request.String("query") is { Length: > 0 } q) tags = tags.Where(t => t.Contains(q));
        var names = await tags.Distinct().OrderBy(t => t).ToListAsync(c.Cancellation);
        return c.Request.Bool("all_fields")
            ? new JsonArray(names.Select(n => (JsonNode)new JsonObject { ["id"] = CkanDicts.TagId(n), ["name"] = n, ["vocabulary_id"] = null }).ToArray())
            : new JsonArray(names.Select(n => (JsonNode)n).ToArray());
    }

    static async Task<JsonNode?> UserShow(CkanContext c)
    {
        var db = c.Get<AgoraDbContext>();
        var key = c.Request.String("id") ?? c.Request.Caller.Identity?.Name;
        if (string.IsNullOrEmpty(key)) throw CkanException.Validation("id", "Missing value");
        var user = Guid.TryParse(key, out var id)
            ? await db.Users.FirstOrDefaultAsync(u => u.Id == id, c.Cancellation)
            : await db.Users.FirstOrDefaultAsync(u => u.UserName == key, c.Cancellation);
        if (user is null) throw CkanException.NotFound("User not found");
        var dict = new JsonObject
        {
            ["id"] = user.Id.ToString(), ["name"] = user.UserName, ["fullname"] = user.DisplayName, ["display_name"] = user.DisplayName,
            ["created"] = CkanDicts.Time(user.CreatedAt), ["sysadmin"] = user.IsSysAdmin, ["state"] = user.IsDisabled ? "deleted" : "active",
            ["about"] = null, ["number_created_packages"] = await db.Datasets.CountAsync(d => d.CreatorUserId == user.Id && d.State == DatasetState.Active && d.Visibility != Visibility.Private, c.Cancellation),
        };
        // Only the user themself and system administrators see the e-mail address.
        if (c.Request.Caller.UserId() == user.Id || c.Request.Caller.IsSysAdmin()) dict["email"] = user.Email;
        return dict;
    }

    static async Task<JsonNode?> PackageActivityList(CkanContext c)
    {
        var dataset = await c.Get<DatasetManager>().FindReadableAsync(c.Request.RequiredId(), c.Request.Caller, c.Cancellation);
        var query = c.Get<AgoraDbContext>().Activities.Where(a => a.ObjectId == dataset.Id).OrderByDescending(a => a.Timestamp).ThenByDescending(a => a.Id)
            .Skip(c.Request.Int("offset") ?? 0).Take(c.Request.Int("limit", 1, 100) ?? 31);
        return ActivityList(await query.ToListAsync(c.Cancellation));
    }

    static async Task<JsonNode?> RecentlyChanged(CkanContext c)
    {
        var query = c.Get<AgoraDbContext>().Activities.Where(a => a.IsPublic).OrderByDescending(a => a.Timestamp).ThenByDescending(a => a.Id)
            .Skip(c.Request.Int("offset") ?? 0).Take(c.Request.Int("limit", 1, 100) ?? 31);
        return ActivityList(await query.ToListAsync(c.Cancellation));
    }

    static JsonArray ActivityList(List<Activity> activities) => new(activities.Select(a => (JsonNode)new JsonObject
    {
        ["id"] = a.Id.ToString(),
        ["timestamp"] = CkanDicts.Time(a.Timestamp),
        ["user_id"] = a.UserId?.ToString(),
        ["object_id"] = a.ObjectId.ToString(),
        ["activity_type"] = a.ActivityType,
        ["data"] = JsonNode.Parse(a.Data),
    }).ToArray());
}
