using Agora.Accounts;

namespace Agora.Catalog;

/// <summary>Who may use a dataset's data. Brokered datasets are listed publicly, but their data is
/// usable only under an agreement made on the Exchange.</summary>
public enum Visibility { Public, Private, Brokered }

public enum DatasetState { Active, Draft, Deleted }

/// <summary>A dataset — what CKAN calls a package — and its metadata.</summary>
public sealed class Dataset
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public string? Title { get; set; }
    public string? Notes { get; set; }
    public Guid? OwnerOrgId { get; set; }
    public Organisation? OwnerOrg { get; set; }
    public string? Author { get; set; }
    public string? AuthorEmail { get; set; }
    public string? Maintainer { get; set; }
    public string? MaintainerEmail { get; set; }
    public string? LicenseId { get; set; }
    public string? Version { get; set; }
    public string? Url { get; set; }
    public Visibility Visibility { get; set; }
    public DatasetState State { get; set; }
    public string Type { get; set; } = "dataset";
    public Guid? CreatorUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ModifiedAt { get; set; }

    public List<Resource> Resources { get; } = [];
    public List<DatasetTag> Tags { get; } = [];
    public List<DatasetExtra> Extras { get; } = [];
    public List<DatasetGroup> Groups { get; } = [];

    public bool IsPrivate => Visibility == Visibility.Private;
}

/// <summary>A file or link belonging to a dataset.</summary>
public sealed class Resource
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid DatasetId { get; set; }
    public Dataset Dataset { get; set; } = null!;
    public string? Name { get; set; }
    public string Description { get; set; } = "";
    public string Format { get; set; } = "";
    public string? Mimetype { get; set; }
    public long? Size { get; set; }
    public string Hash { get; set; } = "";
    public string Url { get; set; } = "";

    /// <summary>null for a link; "upload" for a file kept in Agora's file store.</summary>
    public string? UrlType { get; set; }

    /// <summary>Where an uploaded file lives in the file store.</summary>
    public string? FilePath { get; set; }
    public int Position { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ModifiedAt { get; set; }
    public DateTime? LastModified { get; set; }
}

public sealed class DatasetTag
{
    public Guid DatasetId { get; set; }
    public required string Name { get; set; }
}

public sealed class DatasetExtra
{
    public Guid DatasetId { get; set; }
    public required string Key { get; set; }
    public string Value { get; set; } = "";
}

/// <summary>A thematic collection of datasets across organisations (CKAN's groups).</summary>
public sealed class Group
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? ImageUrl { get; set; }
    public DateTime CreatedAt { get; set; }
}

public sealed class DatasetGroup
{
    public Guid DatasetId { get; set; }
    public Guid GroupId { get; set; }
    public Group Group { get; set; } = null!;
}

/// <summary>One entry of the activity stream: who changed which dataset, and what it looked like after.</summary>
public sealed class Activity
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public DateTime Timestamp { get; set; }
    public Guid? UserId { get; set; }
    public Guid ObjectId { get; set; }

    /// <summary>"new package", "changed package" or "deleted package", as CKAN names them.</summary>
    public required string ActivityType { get; set; }

    /// <summary>The dataset as package_show returned it after the change (JSON).</summary>
    public required string Data { get; set; }

    /// <summary>Whether the dataset was publicly visible then, so the public stream can leave out private ones.</summary>
    public bool IsPublic { get; set; }
}
