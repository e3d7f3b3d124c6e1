using System.Security.Claims;
using System.Text.Json.Nodes;
using Agora.Accounts;
using Agora.Catalog.Ckan;
using Agora.Storage;
using Microsoft.EntityFrameworkCore;

namespace Agora.Catalog;

/// <summary>Creates and changes groups with CKAN's rules (group_create: system administrators only,
/// a unique lower-case name), for the Action API and the web UI alike.</summary>
public sealed class GroupManager(AgoraDbContext db, TimeProvider clock)
{
    /// <summary>Path segments of the group pages (/group/new), which no group may be named.</summary>
    static readonly HashSet<string> ReservedNames = ["new", "edit"];

    public Task<Group?> FindAsync(string idOrName, CancellationToken ct) => Guid.TryParse(idOrName, out var id)
        ? db.Groups.FirstOrDefaultAsync(g => g.Id == id, ct)
        : db.Groups.FirstOrDefaultAsync(g => g.Name == idOrName, ct);

    public async Task<Group> CreateAsync(JsonObject input, ClaimsPrincipal caller, CancellationToken ct)
    {
        if (!caller.IsSysAdmin())
            throw CkanException.NotAuthorized($"User {CatalogAccess.NameOf(caller)} not authorized to create groups");
        var errors = new CkanErrors();
        var name = Text(input, "name", errors);
        if (string.IsNullOrEmpty(name)) errors.Add("name", "Missing value");
        else if (!AccountRules.IsSlug(name)) errors.Add("name", "Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_");
        else if (ReservedNames.Contains(name) || await db.Groups.AnyAsync(g => g.Name == name, ct)) errors.Add("name", "Group name already exists in database");
        var group = new Group { Name = name ?? "", CreatedAt = clock.UtcNow() };
        Apply(group, input, errors);
        errors.ThrowIfAny();
        db.Groups.Add(group);
        await db.SaveChangesAsync(ct);
        return group;
    }

    /// <summary>Changes a group's title, description and image. Its name stays: datasets are found
    /// by it (groups:name in searches).</summary>
    public async Task<Group> UpdateAsync(Group group, JsonObject input, ClaimsPrincipal caller, CancellationToken ct)
    {
        if (!caller.IsSysAdmin())
            throw CkanException.NotAuthorized($"User {CatalogAccess.NameOf(caller)} not authorized to edit group {group.Id}");
        var errors = new CkanErrors();
        if (Text(input, "name", errors) is { Length: > 0 } name && name != group.Name) errors.Add("name", "A group's name cannot be changed");
        Apply(group, input, errors);
        errors.ThrowIfAny();
        await db.SaveChangesAsync(ct);
        return group;
    }

    static void Apply(Group group, JsonObject input, CkanErrors errors)
    {
        group.Title = Text(input, "title", errors);
        group.Description = Text(input, "description", errors, multiline: true);
        group.ImageUrl = Text(input, "image_url", errors);
        if (group.Title is { Length: > 200 }) errors.Add("title", "Must be at most 200 characters long");
        if (group.ImageUrl is { Length: > 2000 }) errors.Add("image_url", "Must be at most 2000 characters long");
        if (group.ImageUrl is { Length: > 0 } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            errors.Add("image_url", "Please provide a valid URL");
    }

    static string? Text(JsonObject input, string field, CkanErrors errors, bool multiline = false)
    {
        if (input[field] is not JsonNode node) return null;
        if (node.GetValueKind() is not System.Text.Json.JsonValueKind.String)
        {
            errors.Add(field, "Must be a string");
            return null;
        }
        var text = node.GetValue<string>().Trim();
        if (!AccountRules.IsCleanText(text, multiline)) errors.Add(field, "Must not contain control characters");
        return text.Length == 0 ? null : text;
    }
}
