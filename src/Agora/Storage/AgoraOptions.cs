namespace Agora.Storage;

/// <summary>The <c>Agora</c> configuration section.</summary>
public sealed class AgoraOptions
{
    public const string Section = "Agora";

    /// <summary>Folder for the embedded database and the file store.</summary>
    public string DataDirectory { get; set; } = "agora-data";

    /// <summary><c>sqlite</c> (embedded, the default) or <c>postgres</c>.</summary>
    public string Database { get; set; } = "sqlite";

    /// <summary>Load the demo city on start if the database has no organisations yet.</summary>
    public bool Demo { get; set; }

    /// <summary>Largest request body accepted by the JSON API, in bytes.</summary>
    public long MaxJsonBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest uploaded file (organisation logos and later resources), in bytes.</summary>
    public long MaxUploadBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>Whether people may create their own accounts in the web UI.</summary>
    public bool AllowRegistration { get; set; } = true;

    /// <summary>How many dataset search results each node remembers until the catalogue next
    /// changes (0 turns the cache off).</summary>
    public int SearchCacheEntries { get; set; } = 2000;

    /// <summary>The address the public reaches this Agora at (https://data.example.org), for links and
    /// identifiers in documents others keep, such as DCAT. When unset, the address of each request is used.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>How the open data catalogue describes itself (DCAT-AP).</summary>
    public CatalogOptions Catalog { get; set; } = new();

    public BootstrapOptions Bootstrap { get; set; } = new();

    /// <summary>How often each node looks for queued harvest jobs (it also wakes when one is queued on it).</summary>
    public int HarvestPollSeconds { get; set; } = 15;

    public sealed class CatalogOptions
    {
        public string Title { get; set; } = "Agora";
        public string Description { get; set; } = "The city's data exchange and innovation commons: open data and the data shared under agreement.";

        /// <summary>Who publishes the catalogue (foaf:name of dct:publisher); the title when unset.</summary>
        public string? Publisher { get; set; }

        /// <summary>The catalogue's home page; this Agora's front page when unset.</summary>
        public string? Homepage { get; set; }

        /// <summary>An ISO 639-1 code (en) or an EU language IRI.</summary>
        public string Language { get; set; } = "en";

        /// <summary>Datasets on one page of /catalog.ttl and the other formats (ckanext-dcat's datasets_per_page).</summary>
        public int DatasetsPerPage { get; set; } = 100;
    }

    public sealed class BootstrapOptions
    {
        public string? AdminEmail { get; set; }
        public string? AdminPassword { get; set; }
        public string? AdminToken { get; set; }
    }

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);

    public bool UsesPostgres => Database.Equals("postgres", StringComparison.OrdinalIgnoreCase)
        || Database.Equals("postgresql", StringComparison.OrdinalIgnoreCase);
}
