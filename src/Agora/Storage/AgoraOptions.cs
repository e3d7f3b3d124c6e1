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

    public BootstrapOptions Bootstrap { get; set; } = new();

    /// <summary>How often each node looks for queued harvest jobs (it also wakes when one is queued on it).</summary>
    public int HarvestPollSeconds { get; set; } = 15;

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
