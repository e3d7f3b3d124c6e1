using System.Text.Json;
using NJsonSchema;
using NJsonSchema.References;
using NJsonSchema.Validation;

namespace Agora.Tests.Procurement;

/// <summary>The OCDS 1.1.5 schemas and codelists from the shared standards folder, read offline: the
/// packages' references to the release schema on standard.open-contracting.org resolve to the local copy.</summary>
public static class OcdsStandard
{
    public static string Folder { get; } = FindFolder();

    static readonly Lazy<Task<JsonSchema>> releasePackage = new(() => LoadAsync("release-package-schema.json"));
    static readonly Lazy<Task<JsonSchema>> recordPackage = new(() => LoadAsync("record-package-schema.json"));

    /// <summary>The schema's complaints about a release package (none when valid).</summary>
    public static async Task<List<string>> ReleasePackageErrorsAsync(JsonElement package) => Errors(await releasePackage.Value, package);

    public static async Task<List<string>> RecordPackageErrorsAsync(JsonElement package) => Errors(await recordPackage.Value, package);

    /// <summary>The codes of an OCDS codelist (its CSV's Code column).</summary>
    public static HashSet<string> Codelist(string name)
    {
        var lines = File.ReadAllLines(Path.Combine(Folder, name));
        var header = lines[0].Split(',');
        var column = Array.IndexOf(header, "Code");
        return [.. lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[column])];
    }

    static List<string> Errors(JsonSchema schema, JsonElement package) =>
        [.. Flatten(schema.Validate(package.GetRawText())).Select(e => $"{e.Path}: {e.Kind} {e.Property}")];

    /// <summary>The innermost errors, which name the field at fault (outer ones say only "item not valid").</summary>
    static IEnumerable<ValidationError> Flatten(IEnumerable<ValidationError> errors) =>
        errors.SelectMany(e => e is ChildSchemaValidationError child && child.Errors.Count > 0
            ? Flatten(child.Errors.SelectMany(c => c.Value)) : [e]);

    static Task<JsonSchema> LoadAsync(string file) =>
        JsonSchema.FromFileAsync(Path.Combine(Folder, file), schema => new LocalResolver(schema));

    /// <summary>Resolves https://standard.open-contracting.org/schema/1__1__5/NAME to the local NAME. The
    /// versioned-release schema is not kept locally; records here carry no versionedRelease, so an empty
    /// schema stands in for it.</summary>
    sealed class LocalResolver(JsonSchema root) : JsonReferenceResolver(new JsonSchemaAppender(root, new DefaultTypeNameGenerator()))
    {
        public override async Task<IJsonReference> ResolveUrlReferenceAsync(string url, CancellationToken cancellationToken = default)
        {
            var path = Path.Combine(Folder, url[(url.LastIndexOf('/') + 1)..]);
            return File.Exists(path)
                ? await JsonSchema.FromFileAsync(path, schema => new LocalResolver(schema), cancellationToken)
                : new JsonSchema();
        }
    }

    /// <summary>The shared folder sits next to the main checkout (../shared); a worktree kept deeper finds it further up.</summary>
    static string FindFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var folder = Path.Combine(dir.FullName, "shared", "standards", "ocds-1.1.5");
            if (File.Exists(Path.Combine(folder, "release-package-schema.json"))) return folder;
        }
        throw new InvalidOperationException("Cannot find shared/standards/ocds-1.1.5 above the test binaries.");
    }
}
