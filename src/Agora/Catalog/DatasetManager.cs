using System.Security.Claims;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Agora.Accounts;
using Agora.Catalog.Ckan;
using Agora.Storage;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Agora.Catalog;

/// <summary>Creates, changes and deletes datasets and resources with CKAN's rules and messages, so
/// that the Action API, the web UI and harvesting all enforce the same ones.</summary>
public sealed partial class DatasetManager(AgoraDbContext db, CatalogAccess access, FileStore files, TimeProvider clock,
    IOptions<AgoraOptions> options)
{
    static readonly string[] TextFields = ["title", "notes", "author", "author_email", "maintainer", "maintainer_email", "license_id", "version", "url"];
    static readonly HashSet<string> ReservedNames = ["new", "edit", "search"];
    static readonly FileExtensionContentTypeProvider ContentTypes = new()
    {
        Mappings = { [".geojson"] = "application/geo+json", [".jsonld"] = "application/ld+json", [".ttl"] = "text/turtle" },
    };

    /// <summary>A name a deleted dataset holds that the dataset being saved takes over.</summary>
    string? nameToFree;

    [GeneratedRegex("^[a-z0-9_-]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[\w \-.]*$")]
    private static partial Regex TagPattern();

    /// <summary>Loads a dataset by id or name with everything package_show shows.</summary>
    public Task<Dataset?> FindAsync(string idOrName, CancellationToken ct)
    {
        var query = db.Datasets.Include(d => d.OwnerOrg).Include(d => d.Resources).Include(d => d.Tags)
            .Include(d => d.Extras).Include(d => d.Groups).ThenInclude(g => g.Group).AsSplitQuery();
        return Guid.TryParse(idOrName, out var id)
            ? query.FirstOrDefaultAsync(d => d.Id == id || d.Name == idOrName, ct)
            : query.FirstOrDefaultAsync(d => d.Name == idOrName, ct);
    }

    /// <summary>Loads datasets by id, in the order given (search results).</summary>
    public async Task<List<Dataset>> LoadAsync(IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        var list = ids.ToList();
        var found = await db.Datasets.AsNoTracking().Include(d => d.OwnerOrg).Include(d => d.Resources).Include(d => d.Tags)
            .Include(d => d.Extras).Include(d => d.Groups).ThenInclude(g => g.Group).AsSplitQuery()
            .Where(d => list.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);
        return ids.Where(found.ContainsKey).Select(id => found[id]).ToList();
    }

    public async Task<Dataset> FindReadableAsync(string idOrName, ClaimsPrincipal caller, CancellationToken ct)
    {
        var dataset = await FindAsync(idOrName, ct) ?? throw CkanException.NotFound();
        if (!await access.CanReadAsync(caller, dataset, ct))
            throw CkanException.NotAuthorized($"User {CatalogAccess.NameOf(caller)} not authorized to read package {dataset.Id}");
        return dataset;
    }

    public async Task<Dataset> CreateAsync(JsonObject input, ClaimsPrincipal caller, CancellationToken ct)
    {
        if (caller.UserId() is not { } userId) throw CkanException.NotAuthorized("Action package_create requires an authenticated user");
        var errors = new CkanErrors();
        var owner = await ResolveOwnerAsync(input, errors, required: true, ct);
        if (owner is not null && !await access.CanEditAsync(caller, owner.Id, ct))
            throw CkanException.NotAuthorized($"User {CatalogAccess.NameOf(caller)} not authorized to add dataset to this organization");

        var now = clock.UtcNow();
        var dataset = new Dataset { Name = "", CreatorUserId = userId, CreatedAt = now, ModifiedAt = now, OwnerOrgId = owner?.Id, OwnerOrg = owner };
        await ApplyAsync(dataset, input, errors, isNew: true, caller, ct);
        errors.ThrowIfAny();
        db.Datasets.Add(dataset);
        Record(dataset, "new package", caller);
        await SaveAsync(dataset, ct);
        return dataset;
    }

    /// <summary>package_update: replaces the dataset with what is sent. Text fields left out become
    /// empty, and resources, tags, extras and groups left out are removed — as in CKAN.</summary>
    public async Task<Dataset> UpdateAsync(JsonObject input, ClaimsPrincipal caller, CancellationToken ct)
    {
        var key = (input["id"] ?? input["name"])?.ToString();
        if (string.IsNullOrEmpty(key)) throw CkanException.Validation(new JsonObject { ["id"] = "Missing value" });
        var dataset = await FindAsync(key, ct) ?? throw CkanException.NotFound("Package was not found.");
        await EnsureCanEditAsync(caller, dataset, "package_update", ct);

        var errors = new CkanErrors();
        if (input.ContainsKey("owner_org"))
        {
            var owner = await ResolveOwnerAsync(input, errors, required: true, ct);
            if (owner is not null && owner.Id != dataset.OwnerOrgId)
            {
                if (!await access.CanEditAsync(caller, owner.Id, ct)) errors.Add("owner_org", "You cannot move this dataset to that organization");
                dataset.OwnerOrgId = owner.Id;
                dataset.OwnerOrg = owner;
            }
        }
        var removedFiles = await ApplyAsync(dataset, input, errors, isNew: false, caller, ct);
        errors.ThrowIfAny();
        dataset.ModifiedAt = clock.UtcNow();
        Record(dataset, dataset.State == DatasetState.Deleted ? "deleted package" : "changed package", caller);
        await SaveAsync(dataset, ct);
        foreach (var file in removedFiles) files.Delete(file);
        return dataset;
    }

    /// <summary>package_patch: the stored dataset with the sent top-level keys replaced.</summary>
    public async Task<Dataset> PatchAsync(JsonObject input, ClaimsPrincipal caller, CancellationToken ct)
    {
        var key = input["id"]?.ToString();
        if (string.IsNullOrEmpty(key)) throw CkanException.Validation("id", "Missing value");
        var dataset = await FindAsync(key, ct) ?? throw CkanException.NotFound("Package was not found.");
        await EnsureCanEditAsync(caller, dataset, "package_patch", ct);
        var merged = CkanDicts.Package(dataset, "");
        // Stored resources keep their own URL (an upload's file name), not the one shown to clients.
        merged["resources"] = new JsonArray(dataset.Resources.OrderBy(r => r.Position).Select(r =>
        {
            var resource = CkanDicts.Resource(r, dataset, "");
            resource["url"] = r.Url;
            return (JsonNode)resource;
        }).ToArray());
        merged.Remove("organization");
        // A patch of CKAN's own "private" flag must not lose to the stored visibility it would change.
        if (input.ContainsKey("private") && !input.ContainsKey("visibility")) merged.Remove("visibility");
        foreach (var (name, value) in input) merged[name] = value?.DeepClone();
        return await UpdateAsync(merged, caller, ct);
    }

    public async Task DeleteAsync(string idOrName, ClaimsPrincipal caller, CancellationToken ct)
    {
        var dataset = await FindAsync(idOrName, ct) ?? throw CkanException.NotFound();
        await EnsureCanEditAsync(caller, dataset, "package_delete", ct);
        dataset.State = DatasetState.Deleted;
        dataset.Groups.Clear();
        dataset.ModifiedAt = clock.UtcNow();
        Record(dataset, "deleted package", caller);
        await SaveAsync(dataset, ct);
    }

    public async Task PurgeAsync(string idOrName, ClaimsPrincipal caller, CancellationToken ct)
    {
        if (!caller.IsSysAdmin()) throw CkanException.NotAuthorized();
        var dataset = await FindAsync(idOrName, ct) ?? throw CkanException.NotFound("Dataset was not found");
        var stored = dataset.Resources.Select(r => r.FilePath).ToList();
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            db.Datasets.Remove(dataset);
            await db.Activities.Where(a => a.ObjectId == dataset.Id).ExecuteDeleteAsync(ct);
            await Search.SearchIndex.RemoveAsync(db, dataset.Id, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        foreach (var file in stored) files.Delete(file);
    }

    async Task EnsureCanEditAsync(ClaimsPrincipal caller, Dataset dataset, string action, CancellationToken ct)
    {
        if (caller.UserId() is null) throw CkanException.NotAuthorized($"Action {action} requires an authenticated user");
        if (!await access.CanEditAsync(caller, dataset.OwnerOrgId, ct))
            throw CkanException.NotAuthorized($"User {CatalogAccess.NameOf(caller)} not authorized to edit package {dataset.Id}");
    }

    async Task<Organisation?> ResolveOwnerAsync(JsonObject input, CkanErrors errors, bool required, CancellationToken ct)
    {
        var value = input["owner_org"]?.ToString();
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) errors.Add("owner_org", "An organization must be provided");
            return null;
        }
        var owner = Guid.TryParse(value, out var id)
            ? await db.Organisations.FirstOrDefaultAsync(o => o.Id == id, ct)
            : await db.Organisations.FirstOrDefaultAsync(o => o.Slug == value, ct);
        if (owner is null) errors.Add("owner_org", "Organization does not exist");
        return owner;
    }

    /// <summary>Applies and checks the sent fields; returns files of resources that were dropped.</summary>
    async Task<List<string>> ApplyAsync(Dataset d, JsonObject input, CkanErrors errors, bool isNew, ClaimsPrincipal caller, CancellationToken ct)
    {
        nameToFree = null; // from an earlier change in this scope that was refused
        if (isNew || input.ContainsKey("name")) await ApplyNameAsync(d, input["name"], errors, ct);
        foreach (var field in TextFields)
        {
            if (input[field] is JsonNode node && node.GetValueKind() is not System.Text.Json.JsonValueKind.String)
            {
                errors.Add(field, "Must be a string");
                continue;
            }
            var text = input[field]?.GetValue<string>();
            if (text is not null && text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'))) errors.Add(field, "Must not contain control characters");
            SetText(d, field, string.IsNullOrEmpty(text) ? null : text);
        }
        foreach (var field in new[] { "author_email", "maintainer_email" })
            if (GetText(d, field) is { } email && !AccountRules.IsEmail(email)) errors.Add(field, $"Email {email} is not a valid format");
        if (d.Version is { Length: > 100 }) errors.Add("version", "Version must be a maximum of 100 characters long");
        if (d.Title is { Length: > 1000 }) errors.Add("title", "Must be at most 1000 characters long");
        if (d.Url is { Length: > 2000 }) errors.Add("url", "Must be at most 2000 characters long");

        if (input.ContainsKey("visibility") || input.ContainsKey("private") || isNew) ApplyVisibility(d, input, errors);
        if (input["state"]?.ToString() is { } state)
        {
            if (Enum.TryParse<DatasetState>(state, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)) d.State = parsed;
            else errors.Add("state", "Must be one of: active, draft, deleted");
        }
        if (input["type"]?.ToString() is { Length: > 0 } type && isNew) d.Type = type;

        ApplyTags(d, input, errors);
        ApplyExtras(d, input, errors);
        await ApplyGroupsAsync(d, input, errors, ct);
        return ApplyResources(d, input, errors);
    }

    async Task ApplyNameAsync(Dataset d, JsonNode? node, CkanErrors errors, CancellationToken ct)
    {
        if (node is null || (node is JsonValue v && v.TryGetValue<string>(out var empty) && empty.Length == 0))
        {
            errors.Add("name", "Missing value");
            return;
        }
        if (node.GetValueKind() != System.Text.Json.JsonValueKind.String)
        {
            errors.Add("name", "Names must be strings");
            return;
        }
        var name = node.GetValue<string>();
        if (ReservedNames.Contains(name)) errors.Add("name", "That name cannot be used");
        else if (name.Length < 2) errors.Add("name", "Must be at least 2 characters long");
        else if (name.Length > 100) errors.Add("name", "Name must be a maximum of 100 characters long");
        else if (!NamePattern().IsMatch(name)) errors.Add("name", "Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_");
        else if (name != d.Name && await db.Datasets.AnyAsync(x => x.Name == name && x.Id != d.Id && x.State != DatasetState.Deleted, ct))
            errors.Add("name", "That URL is already in use.");
        else
        {
            // As in CKAN, a deleted dataset gives up its name: it is renamed to its id — when the change is saved,
            // so that a refused change renames nothing.
            if (name != d.Name) nameToFree = name;
            d.Name = name;
        }
    }

    void ApplyVisibility(Dataset d, JsonObject input, CkanErrors errors)
    {
        if (input["visibility"]?.ToString() is { } visibility)
        {
            if (Enum.TryParse<Visibility>(visibility, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)) d.Visibility = parsed;
            else errors.Add("visibility", "Must be one of: public, private, brokered");
        }
        else if (input.ContainsKey("private"))
        {
            var request = new CkanRequest(input, new FormFileCollection(), new ClaimsPrincipal());
            try
            {
                var isPrivate = request.Bool("private");
                d.Visibility = isPrivate ? Visibility.Private : d.Visibility == Visibility.Private ? Visibility.Public : d.Visibility;
            }
            catch (CkanException)
            {
                errors.Add("private", "Value must be one of: true, false");
            }
        }
        if (d.IsPrivate && d.OwnerOrgId is null) errors.Add("private", "Datasets with no organization can't be private.");
    }

    static void ApplyTags(Dataset d, JsonObject input, CkanErrors errors)
    {
        var names = new List<string>();
        if (input["tags"] is JsonArray tags)
        {
            foreach (var tag in tags)
            {
                if (tag is JsonObject o && o["name"]?.ToString() is { } name) names.Add(name.Trim());
                else if (tag is JsonValue v && v.TryGetValue<string>(out var plain)) names.Add(plain.Trim());
                else errors.Add("tags", "Tags must be objects with a name");
            }
        }
        else if (input["tags"] is not null) errors.Add("tags", "Only lists of dicts can be placed against subschema ('tags',)");
        if (input["tag_string"]?.ToString() is { } tagString)
            names.AddRange(tagString.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

        var tagErrors = new List<string>();
        foreach (var name in names)
        {
            if (name.Length < 2) tagErrors.Add($"Tag \"{name}\" length is less than minimum 2");
            else if (name.Length > 100) tagErrors.Add($"Tag \"{name}\" length is more than maximum 100");
            else if (!TagPattern().IsMatch(name))
                tagErrors.Add($"Tag \"{name}\" can only contain alphanumeric characters, spaces (\" \"), hyphens (\"-\"), underscores (\"_\") or dots (\".\")");
        }
        foreach (var message in tagErrors) errors.Add("tags", message);
        var wanted = names.Distinct(StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        d.Tags.RemoveAll(t => !wanted.Contains(t.Name));
        foreach (var name in wanted.Where(n => d.Tags.All(t => t.Name != n)))
            d.Tags.Add(new DatasetTag { DatasetId = d.Id, Name = name });
    }

    static void ApplyExtras(Dataset d, JsonObject input, CkanErrors errors)
    {
        var wanted = new Dictionary<string, string>(StringComparer.Ordinal);
        if (input["extras"] is JsonArray extras)
        {
            foreach (var extra in extras)
            {
                if (extra is not JsonObject o || o["key"]?.ToString() is not { Length: > 0 } key)
                {
                    errors.Add("extras", "Extras must be objects with a key and a value");
                    continue;
                }
                if (!wanted.TryAdd(key, o["value"]?.ToString() ?? "")) errors.Add("extras_validation", $"Duplicate key \"{key}\"");
                if (TextFields.Contains(key) || key is "name" or "id" or "owner_org" or "private" or "state" or "type")
                    errors.Add("extras", "There is a schema field with the same name");
            }
        }
        else if (input["extras"] is not null) errors.Add("extras", "Only lists of dicts can be placed against subschema ('extras',)");
        Dcat.DcatExtras.Validate(wanted, errors);
        d.Extras.RemoveAll(e => !wanted.ContainsKey(e.Key));
        foreach (var (key, value) in wanted)
        {
            if (d.Extras.FirstOrDefault(e => e.Key == key) is { } existing) existing.Value = value;
            else d.Extras.Add(new DatasetExtra { DatasetId = d.Id, Key = key, Value = value });
        }
    }

    async Task ApplyGroupsAsync(Dataset d, JsonObject input, CkanErrors errors, CancellationToken ct)
    {
        var wanted = new List<Group>();
        if (input["groups"] is JsonArray groups)
        {
            foreach (var g in groups)
            {
                var key = (g as JsonObject)?["id"]?.ToString() ?? (g as JsonObject)?["name"]?.ToString() ?? (g as JsonValue)?.ToString();
                var group = key is null ? null : Guid.TryParse(key, out var id)
                    ? await db.Groups.FirstOrDefaultAsync(x => x.Id == id, ct)
                    : await db.Groups.FirstOrDefaultAsync(x => x.Name == key, ct);
                if (group is null) errors.Add("groups", $"Group {key} does not exist");
                else wanted.Add(group);
            }
        }
        else if (input["groups"] is not null) errors.Add("groups", "Only lists of dicts can be placed against subschema ('groups',)");
        d.Groups.RemoveAll(g => wanted.All(w => w.Id != g.GroupId));
        foreach (var group in wanted.Where(w => d.Groups.All(g => g.GroupId != w.Id)).DistinctBy(w => w.Id))
            d.Groups.Add(new DatasetGroup { DatasetId = d.Id, GroupId = group.Id, Group = group });
    }

    /// <summary>The resources sent replace the dataset's: ones with a known id are updated, others added.</summary>
    List<string> ApplyResources(Dataset d, JsonObject input, CkanErrors errors)
    {
        var removed = new List<string>();
        if (input["resources"] is not JsonArray sent)
        {
            if (input["resources"] is not null) errors.Add("resources", "Only lists of dicts can be placed against subschema ('resources',)");
            else
            {
                removed.AddRange(d.Resources.Where(r => r.FilePath is not null).Select(r => r.FilePath!));
                d.Resources.Clear();
            }
            return removed;
        }
        var now = clock.UtcNow();
        var kept = new List<Resource>();
        var resourceErrors = new JsonArray();
        var anyResourceError = false;
        for (var i = 0; i < sent.Count; i++)
        {
            var fields = new CkanErrors();
            if (sent[i] is not JsonObject r)
            {
                errors.Add("resources", "Only lists of dicts can be placed against subschema ('resources',)");
                return removed;
            }
            var existing = Guid.TryParse(r["id"]?.ToString(), out var id) ? d.Resources.FirstOrDefault(x => x.Id == id) : null;
            var resource = existing ?? new Resource { DatasetId = d.Id, CreatedAt = now, ModifiedAt = now };
            ApplyResourceFields(resource, r, fields, replacing: true);
            resource.Position = i;
            if (existing is not null) resource.ModifiedAt = now;
            kept.Add(resource);
            var errorObject = new JsonObject();
            if (fields.Any)
            {
                anyResourceError = true;
                try { fields.ThrowIfAny(); }
                catch (CkanException e) { foreach (var (k, v) in e.Error) if (k != "__type") errorObject[k] = v?.DeepClone(); }
            }
            resourceErrors.Add(errorObject);
        }
        if (anyResourceError) errors.Set("resources", resourceErrors);
        foreach (var gone in d.Resources.Where(r => !kept.Contains(r)).ToList())
        {
            if (gone.FilePath is not null) removed.Add(gone.FilePath);
            d.Resources.Remove(gone);
        }
        foreach (var resource in kept.Where(r => !d.Resources.Contains(r))) d.Resources.Add(resource);
        return removed;
    }

    /// <summary>Sets a resource's fields from a CKAN resource dict. Replacing (update) clears the URL
    /// and description when left out; patching keeps what is not sent.</summary>
    static void ApplyResourceFields(Resource r, JsonObject input, CkanErrors errors, bool replacing)
    {
        string? Text(string key) => input[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : input[key]?.ToJsonString();
        if (input.ContainsKey("name")) r.Name = Text("name");
        if (input.ContainsKey("description") || replacing) r.Description = Text("description") ?? "";
        if (input.ContainsKey("format")) r.Format = CleanFormat(Text("format"));
        if (input.ContainsKey("mimetype")) r.Mimetype = Text("mimetype");
        if (input.ContainsKey("hash")) r.Hash = Text("hash") ?? "";
        if (input.ContainsKey("size"))
        {
            if (input["size"] is null) r.Size = null;
            else if (long.TryParse(Text("size"), out var size) && size >= 0) r.Size = size;
            else errors.Add("size", "Invalid integer");
        }
        var urlSent = input.ContainsKey("url");
        // An uploaded file keeps its stored name unless the client points the resource elsewhere.
        if (urlSent && r.UrlType == "upload" && IsOwnDownloadUrl(Text("url"), r)) return;
        if (urlSent || replacing)
        {
            var url = Text("url") ?? "";
            if (url.Length > 2000) errors.Add("url", "Must be at most 2000 characters long");
            if (r.UrlType == "upload" && urlSent && url != r.Url) { r.UrlType = null; r.FilePath = null; }
            if (r.UrlType != "upload") r.Url = url.Length > 0 && !url.Contains("://", StringComparison.Ordinal) ? "http://" + url : url;
        }
        if (string.IsNullOrEmpty(r.Format) && r.Url.Length > 0) r.Format = GuessFormat(r.Url);
    }

    static bool IsOwnDownloadUrl(string? url, Resource r) =>
        url is not null && (url == r.Url || url.Contains($"/resource/{r.Id}/download/", StringComparison.Ordinal));

    static readonly Dictionary<string, string> CanonicalFormats = new(StringComparer.OrdinalIgnoreCase)
    {
        ["geojson"] = "GeoJSON", ["jsonld"] = "JSON-LD", ["json-ld"] = "JSON-LD", ["shp"] = "SHP", ["wms"] = "WMS", ["wfs"] = "WFS",
    };

    /// <summary>Formats as CKAN writes them: upper case (CSV, JSON), with a few known spellings (GeoJSON).</summary>
    static string CleanFormat(string? format) => (format ?? "").Trim() switch
    {
        "" => "",
        var f when f.Contains('/') => GuessFormatFromMime(f),
        var f => CanonicalFormats.GetValueOrDefault(f.TrimStart('.'), f.TrimStart('.').ToUpperInvariant()),
    };

    static string GuessFormat(string url)
    {
        var path = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : url;
        var extension = Path.GetExtension(path).TrimStart('.');
        return extension.Length is > 0 and <= 10 ? CleanFormat(extension) : "";
    }

    static string GuessFormatFromMime(string mime) => mime.ToLowerInvariant() switch
    {
        "text/csv" => "CSV",
        "application/json" => "JSON",
        "application/geo+json" => "GeoJSON",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "XLSX",
        "application/pdf" => "PDF",
        "application/xml" or "text/xml" => "XML",
        var m => m.Split('/')[^1].ToUpperInvariant(),
    };

    // ---- Single resources (resource_create / update / patch / delete) ------------------------------

    public async Task<(Dataset Dataset, Resource Resource)> FindResourceAsync(string id, ClaimsPrincipal caller, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var resourceId)) throw CkanException.NotFound("Resource was not found.");
        var datasetId = await db.Resources.Where(r => r.Id == resourceId).Select(r => (Guid?)r.DatasetId).FirstOrDefaultAsync(ct)
            ?? throw CkanException.NotFound("Resource was not found.");
        var dataset = await FindReadableAsync(datasetId.ToString(), caller, ct);
        return (dataset, dataset.Resources.First(r => r.Id == resourceId));
    }

    public async Task<(Dataset, Resource)> CreateResourceAsync(CkanRequest request, CancellationToken ct)
    {
        var packageId = request.RequiredId("package_id", "package_id");
        var dataset = await FindReadableAsync(packageId, request.Caller, ct);
        await EnsureCanEditAsync(request.Caller, dataset, "resource_create", ct);
        var now = clock.UtcNow();
        var resource = new Resource { DatasetId = dataset.Id, CreatedAt = now, ModifiedAt = now, Position = dataset.Resources.Count };
        var errors = new CkanErrors();
        ApplyResourceFields(resource, request.Data, errors, replacing: true);
        errors.ThrowIfAny();
        string? stored = null;
        if (request.Files.GetFile("upload") is { } upload)
            stored = await StoreUploadAsync(resource, upload, request.Data.ContainsKey("size"), request.Data.ContainsKey("hash"), ct);
        dataset.Resources.Add(resource);
        dataset.ModifiedAt = now;
        Record(dataset, "changed package", request.Caller);
        await SaveOrForgetFileAsync(dataset, stored, ct);
        return (dataset, resource);
    }

    public async Task<(Dataset, Resource)> UpdateResourceAsync(CkanRequest request, bool patch, CancellationToken ct)
    {
        var (dataset, resource) = await FindResourceAsync(request.RequiredId(), request.Caller, ct);
        await EnsureCanEditAsync(request.Caller, dataset, patch ? "resource_patch" : "resource_update", ct);
        var errors = new CkanErrors();
        var oldFile = resource.FilePath;
        ApplyResourceFields(resource, request.Data, errors, replacing: !patch);
        errors.ThrowIfAny();
        string? stored = null;
        if (request.Files.GetFile("upload") is { } upload) stored = await StoreUploadAsync(resource, upload, keepSize: false, keepHash: request.Data.ContainsKey("hash"), ct);
        var now = clock.UtcNow();
        resource.ModifiedAt = now;
        dataset.ModifiedAt = now;
        Record(dataset, "changed package", request.Caller);
        await SaveOrForgetFileAsync(dataset, stored, ct);
        if (oldFile is not null && oldFile != resource.FilePath) files.Delete(oldFile);
        return (dataset, resource);
    }

    public async Task DeleteResourceAsync(CkanRequest request, CancellationToken ct)
    {
        var (dataset, resource) = await FindResourceAsync(request.RequiredId(), request.Caller, ct);
        await EnsureCanEditAsync(request.Caller, dataset, "resource_delete", ct);
        dataset.Resources.Remove(resource);
        var position = 0;
        foreach (var r in dataset.Resources.OrderBy(r => r.Position)) r.Position = position++;
        dataset.ModifiedAt = clock.UtcNow();
        Record(dataset, "changed package", request.Caller);
        await SaveAsync(dataset, ct);
        files.Delete(resource.FilePath);
    }

    /// <summary>Keeps an uploaded file; its size and SHA-256 (as <c>sha256:…</c>, which the DCAT
    /// output gives as an spdx:Checksum) are what Agora measured unless the request gave its own.</summary>
    async Task<string> StoreUploadAsync(Resource resource, IFormFile upload, bool keepSize, bool keepHash, CancellationToken ct)
    {
        var fileName = MungeFileName(upload.FileName);
        string path;
        using var sha256 = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        try
        {
            await using var stream = upload.OpenReadStream();
            path = await files.SaveAsync("resources", Path.GetExtension(fileName), stream, options.Value.MaxUploadBytes, ct, sha256);
        }
        catch (FileTooLargeException)
        {
            throw CkanException.Validation("upload", "File upload too large");
        }
        resource.FilePath = path;
        resource.UrlType = "upload";
        resource.Url = fileName;
        resource.LastModified = clock.UtcNow();
        if (!keepSize) resource.Size = upload.Length;
        if (!keepHash) resource.Hash = "sha256:" + Convert.ToHexStringLower(sha256.GetHashAndReset());
        resource.Mimetype ??= ContentTypes.TryGetContentType(fileName, out var type) ? type : upload.ContentType;
        if (string.IsNullOrEmpty(resource.Format)) resource.Format = GuessFormat(fileName);
        return path;
    }

    async Task SaveOrForgetFileAsync(Dataset dataset, string? stored, CancellationToken ct)
    {
        try
        {
            await SaveAsync(dataset, ct);
        }
        catch
        {
            files.Delete(stored);
            throw;
        }
    }

    /// <summary>As CKAN munges upload names: the base name, lower case, spaces to dashes, only safe characters.</summary>
    public static string MungeFileName(string? name)
    {
        var baseName = Path.GetFileName((name ?? "").Replace('\\', '/')).Trim().ToLowerInvariant().Replace(' ', '-');
        var safe = new string(baseName.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.').ToArray()).Trim('.');
        return safe.Length == 0 ? "upload" : safe.Length > 100 ? safe[^100..] : safe;
    }

    // ---- Activity and saving -------------------------------------------------------------------

    void Record(Dataset d, string type, ClaimsPrincipal caller) => db.Activities.Add(new Activity
    {
        Timestamp = clock.UtcNow(),
        UserId = caller.UserId(),
        ObjectId = d.Id,
        ActivityType = type,
        Data = new JsonObject { ["package"] = CkanDicts.Package(d, "") }.ToJsonString(),
        IsPublic = d.State == DatasetState.Active && !d.IsPrivate,
    });

    /// <summary>Saves the dataset and its search entries together.</summary>
    async Task SaveAsync(Dataset dataset, CancellationToken ct)
    {
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            if (nameToFree is { } name)
                await db.Datasets.Where(x => x.Name == name && x.Id != dataset.Id && x.State == DatasetState.Deleted)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.Name, x => x.Id.ToString()), ct);
            nameToFree = null;
            await db.SaveChangesAsync(ct);
            await Search.SearchIndex.UpdateAsync(db, dataset, ct);
            if (transaction is not null) await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is Microsoft.Data.Sqlite.SqliteException { SqliteExtendedErrorCode: 2067 or 1555 }
                                               or Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            throw CkanException.Validation("name", "That URL is already in use.");
        }
    }

    static string? GetText(Dataset d, string field) => field switch
    {
        "title" => d.Title, "notes" => d.Notes, "author" => d.Author, "author_email" => d.AuthorEmail,
        "maintainer" => d.Maintainer, "maintainer_email" => d.MaintainerEmail, "license_id" => d.LicenseId,
        "version" => d.Version, "url" => d.Url, _ => null,
    };

    static void SetText(Dataset d, string field, string? value)
    {
        switch (field)
        {
            case "title": d.Title = value; break;
            case "notes": d.Notes = value; break;
            case "author": d.Author = value; break;
            case "author_email": d.AuthorEmail = value; break;
            case "maintainer": d.Maintainer = value; break;
            case "maintainer_email": d.MaintainerEmail = value; break;
            case "license_id": d.LicenseId = value; break;
            case "version": d.Version = value; break;
            case "url": d.Url = value; break;
        }
    }
}
