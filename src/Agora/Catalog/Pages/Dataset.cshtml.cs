using System.Text.Json.Nodes;
using Agora.Accounts;
using Agora.Catalog.Ckan;
using Agora.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Agora.Catalog.Pages;

public sealed class DatasetModel(DatasetManager datasets, GroupManager groups, CatalogAccess access, AgoraDbContext db) : PageModel
{
    const int ActivityShown = 20;

    /// <summary>One change in the activity stream, as the page tells it.</summary>
    public sealed record Change(DateTime At, string Who, string What, IReadOnlyList<string> Fields);

    public Dataset Dataset { get; private set; } = null!;
    public Licence? Licence { get; private set; }
    public List<Change> Activity { get; private set; } = [];
    public string SiteUrl { get; private set; } = "";
    public bool CanEdit { get; private set; }

    /// <summary>Groups the dataset could be added to (for those who may edit it).</summary>
    public List<Group> OtherGroups { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string name, CancellationToken ct)
    {
        if (await LoadAsync(name, ct) is { } failed) return failed;
        Licence = Licence.Find(Dataset.LicenseId);
        SiteUrl = CkanApi.SiteUrl(Request);
        CanEdit = User.UserId() is not null && await access.CanEditAsync(User, Dataset.OwnerOrgId, ct);
        if (CanEdit)
        {
            var mine = Dataset.Groups.Select(g => g.GroupId).ToList();
            OtherGroups = await db.Groups.Where(g => !mine.Contains(g.Id)).OrderBy(g => g.Title ?? g.Name).ToListAsync(ct);
        }
        Activity = await ActivityAsync(ct);
        return Page();
    }

    public Task<IActionResult> OnPostAddGroupAsync(string name, string? group, CancellationToken ct) => ChangeGroupAsync(name, group, add: true, ct);

    public Task<IActionResult> OnPostRemoveGroupAsync(string name, string? group, CancellationToken ct) => ChangeGroupAsync(name, group, add: false, ct);

    async Task<IActionResult> ChangeGroupAsync(string name, string? groupName, bool add, CancellationToken ct)
    {
        if (await LoadAsync(name, ct) is { } failed) return failed;
        if (User.UserId() is null) return Challenge();
        var group = string.IsNullOrEmpty(groupName) ? null : await groups.FindAsync(groupName, ct);
        if (group is null)
        {
            TempData["Notice"] = "Choose a group.";
            return Redirect($"/dataset/{Uri.EscapeDataString(Dataset.Name)}#groups");
        }
        try
        {
            if (add) await datasets.AddToGroupAsync(Dataset.Id.ToString(), group, User, ct);
            else await datasets.RemoveFromGroupAsync(Dataset.Id.ToString(), group, User, ct);
        }
        catch (CkanException e) when (e.Status == 403)
        {
            return Forbid();
        }
        TempData["Notice"] = add ? $"Added to the group {group.Title ?? group.Name}." : $"Taken out of the group {group.Title ?? group.Name}.";
        return Redirect($"/dataset/{Uri.EscapeDataString(Dataset.Name)}#groups");
    }

    async Task<IActionResult?> LoadAsync(string name, CancellationToken ct)
    {
        try
        {
            Dataset = await datasets.FindReadableAsync(name, User, ct);
            return null;
        }
        catch (CkanException e) when (e.Status == 404)
        {
            return NotFound();
        }
        catch (CkanException)
        {
            return User.Identity?.IsAuthenticated == true ? Forbid() : Challenge();
        }
    }

    /// <summary>The newest changes first. Readers who could not see the dataset while it was private
    /// see only the changes made while it was public.</summary>
    async Task<List<Change>> ActivityAsync(CancellationToken ct)
    {
        var member = User.IsSysAdmin() || await access.RoleAsync(User, Dataset.OwnerOrgId, ct) is not null
            || (Dataset.OwnerOrgId is null && User.UserId() is { } me && me == Dataset.CreatorUserId);
        var rows = await db.Activities.Where(a => a.ObjectId == Dataset.Id && (member || a.IsPublic))
            .OrderByDescending(a => a.Timestamp).ThenByDescending(a => a.Id).Take(ActivityShown + 1).ToListAsync(ct);
        var userIds = rows.Where(a => a.UserId is not null).Select(a => a.UserId!.Value).Distinct().ToList();
        var names = await db.Users.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var changes = new List<Change>();
        for (var i = 0; i < Math.Min(rows.Count, ActivityShown); i++)
        {
            var a = rows[i];
            var who = a.UserId is { } id && names.TryGetValue(id, out var n) ? n : "Someone";
            var what = a.ActivityType switch
            {
                "new package" => "created the dataset",
                "deleted package" => "deleted the dataset",
                _ => "changed the dataset",
            };
            var fields = a.ActivityType == "changed package" && i + 1 < rows.Count ? ChangedFields(rows[i + 1].Data, a.Data) : [];
            changes.Add(new Change(a.Timestamp, who, what, fields));
        }
        return changes;
    }

    static readonly Dictionary<string, string> FieldNames = new()
    {
        ["title"] = "title", ["name"] = "address", ["notes"] = "description", ["author"] = "author", ["author_email"] = "author's e-mail",
        ["maintainer"] = "maintainer", ["maintainer_email"] = "maintainer's e-mail", ["license_id"] = "licence", ["version"] = "version",
        ["url"] = "source", ["private"] = "visibility", ["visibility"] = "visibility", ["state"] = "state", ["owner_org"] = "publisher",
        ["tags"] = "tags", ["groups"] = "groups", ["extras"] = "extra fields", ["resources"] = "resources",
    };

    /// <summary>Which of the dataset's fields differ between two snapshots of the activity stream.</summary>
    static List<string> ChangedFields(string before, string after)
    {
        try
        {
            if (JsonNode.Parse(before)?["package"] is not JsonObject old || JsonNode.Parse(after)?["package"] is not JsonObject now) return [];
            return FieldNames.Where(f => !JsonNode.DeepEquals(old[f.Key], now[f.Key])).Select(f => f.Value).Distinct().ToList();
        }
        catch (System.Text.Json.JsonException)
        {
            return [];
        }
    }
}
