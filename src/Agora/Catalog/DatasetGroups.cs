using System.Security.Claims;
using Agora.Catalog.Ckan;
using Agora.Storage;

namespace Agora.Catalog;

/// <summary>Putting a dataset into a group and taking it out (CKAN's member_create and member_delete
/// with object_type package). CKAN asks for rights in the group; Agora's groups have no members
/// of their own, so whoever may edit the dataset may file it under any group.</summary>
public sealed partial class DatasetManager
{
    public Task<Dataset> AddToGroupAsync(string datasetKey, Group group, ClaimsPrincipal caller, CancellationToken ct) =>
        ChangeGroupAsync(datasetKey, group, caller, add: true, ct);

    public Task<Dataset> RemoveFromGroupAsync(string datasetKey, Group group, ClaimsPrincipal caller, CancellationToken ct) =>
        ChangeGroupAsync(datasetKey, group, caller, add: false, ct);

    async Task<Dataset> ChangeGroupAsync(string datasetKey, Group group, ClaimsPrincipal caller, bool add, CancellationToken ct)
    {
        var dataset = await FindAsync(datasetKey, ct);
        if (dataset is null || dataset.State == DatasetState.Deleted) throw CkanException.NotFound("Package was not found.");
        if (!await access.CanReadAsync(caller, dataset, ct)) throw CkanException.NotFound("Package was not found.");
        await EnsureCanEditAsync(caller, dataset, add ? "member_create" : "member_delete", ct);
        var member = dataset.Groups.FirstOrDefault(g => g.GroupId == group.Id);
        if (add == (member is not null)) return dataset; // already so: nothing to record
        if (add) dataset.Groups.Add(new DatasetGroup { DatasetId = dataset.Id, GroupId = group.Id, Group = group });
        else dataset.Groups.Remove(member!);
        dataset.ModifiedAt = clock.UtcNow();
        Record(dataset, "changed package", caller);
        await SaveAsync(dataset, ct);
        return dataset;
    }
}
