using System.Text;
using System.Text.Json.Nodes;
using Agora.Catalog.Ckan;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Agora.Catalog.Pages;

/// <summary>The fields of the dataset forms (create and edit), turned into the package dict that
/// DatasetManager checks — so the web UI and the CKAN API share one set of rules and messages.</summary>
public sealed class DatasetForm
{
    /// <summary>Extras that have fields of their own on the form (DCAT-AP's spatial and temporal coverage, theme, frequency).</summary>
    public static readonly string[] DcatKeys = ["spatial", "temporal_start", "temporal_end", "theme", "frequency"];

    public string? Name { get; set; }
    public string? Title { get; set; }
    public string? Notes { get; set; }
    public string? Organisation { get; set; }
    public string Visibility { get; set; } = "public";
    public string? Licence { get; set; }
    public string? Tags { get; set; }
    public string? Version { get; set; }
    public string? SourceUrl { get; set; }
    public string? Author { get; set; }
    public string? AuthorEmail { get; set; }
    public string? Maintainer { get; set; }
    public string? MaintainerEmail { get; set; }
    public string? Spatial { get; set; }
    public string? TemporalStart { get; set; }
    public string? TemporalEnd { get; set; }
    public string? Theme { get; set; }
    public string? Frequency { get; set; }
    public List<ExtraRow> Extras { get; set; } = [];

    /// <summary>What the fields partial shows: the form, and the organisations the user may publish in.</summary>
    public sealed record View(DatasetForm Form, IReadOnlyList<Accounts.Organisation> Organisations, bool IsNew);

    public sealed class ExtraRow
    {
        public string? Key { get; set; }
        public string? Value { get; set; }
    }

    /// <summary>The package dict for package_create, or the keys package_patch replaces.</summary>
    public JsonObject ToInput()
    {
        var extras = new JsonArray();
        foreach (var row in Extras.Where(r => !string.IsNullOrWhiteSpace(r.Key)))
            extras.Add(new JsonObject { ["key"] = row.Key!.Trim(), ["value"] = row.Value ?? "" });
        foreach (var (key, value) in new[] { ("spatial", Spatial), ("temporal_start", TemporalStart), ("temporal_end", TemporalEnd), ("theme", Theme), ("frequency", Frequency) })
            if (!string.IsNullOrWhiteSpace(value)) extras.Add(new JsonObject { ["key"] = key, ["value"] = value.Trim() });
        var tags = (Tags ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new JsonObject
        {
            ["name"] = Name?.Trim() ?? "",
            ["title"] = Title?.Trim() ?? "",
            ["notes"] = Notes ?? "",
            ["owner_org"] = Organisation ?? "",
            ["visibility"] = Visibility,
            ["license_id"] = Licence ?? "",
            ["tags"] = new JsonArray(tags.Select(t => (JsonNode)new JsonObject { ["name"] = t }).ToArray()),
            ["version"] = Version?.Trim() ?? "",
            ["url"] = SourceUrl?.Trim() ?? "",
            ["author"] = Author?.Trim() ?? "",
            ["author_email"] = AuthorEmail?.Trim() ?? "",
            ["maintainer"] = Maintainer?.Trim() ?? "",
            ["maintainer_email"] = MaintainerEmail?.Trim() ?? "",
            ["extras"] = extras,
        };
    }

    public static DatasetForm From(Dataset d)
    {
        string? Extra(string key) => d.Extras.FirstOrDefault(e => e.Key == key)?.Value;
        return new DatasetForm
        {
            Name = d.Name, Title = d.Title, Notes = d.Notes, Organisation = d.OwnerOrg?.Slug, Visibility = d.Visibility.Name(),
            Licence = d.LicenseId, Tags = string.Join(", ", d.Tags.Select(t => t.Name).Order(StringComparer.Ordinal)),
            Version = d.Version, SourceUrl = d.Url, Author = d.Author, AuthorEmail = d.AuthorEmail, Maintainer = d.Maintainer,
            MaintainerEmail = d.MaintainerEmail, Spatial = Extra("spatial"), TemporalStart = Extra("temporal_start"),
            TemporalEnd = Extra("temporal_end"), Theme = EuVocabularies.ThemeCode(Extra("theme")),
            Frequency = EuVocabularies.FrequencyCode(Extra("frequency")),
            Extras = d.Extras.Where(e => !DcatKeys.Contains(e.Key)).OrderBy(e => e.Key, StringComparer.Ordinal)
                .Select(e => new ExtraRow { Key = e.Key, Value = e.Value }).ToList(),
        };
    }

    /// <summary>Room for a few more extras than the dataset has, so one can be added without scripts.</summary>
    public void PadExtras(int blank = 3)
    {
        Extras.RemoveAll(r => string.IsNullOrWhiteSpace(r.Key) && string.IsNullOrWhiteSpace(r.Value));
        for (var i = 0; i < blank; i++) Extras.Add(new ExtraRow());
    }

    /// <summary>A dataset name made from a title, as the form suggests it: lower case, dashes, ASCII only.</summary>
    public static string SlugFrom(string? title)
    {
        var text = (title ?? "").Normalize(NormalizationForm.FormD).ToLowerInvariant();
        var slug = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsAsciiLetterOrDigit(c) || c == '_') slug.Append(c);
            else if (char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark) continue;
            else if (slug.Length > 0 && slug[^1] != '-') slug.Append('-');
        }
        var result = slug.ToString().Trim('-');
        return result.Length > 100 ? result[..100].TrimEnd('-') : result;
    }

    static readonly Dictionary<string, string> FieldOf = new()
    {
        ["name"] = nameof(Name), ["title"] = nameof(Title), ["notes"] = nameof(Notes), ["owner_org"] = nameof(Organisation),
        ["visibility"] = nameof(Visibility), ["private"] = nameof(Visibility), ["license_id"] = nameof(Licence),
        ["tags"] = nameof(Tags), ["version"] = nameof(Version), ["url"] = nameof(SourceUrl), ["author"] = nameof(Author),
        ["author_email"] = nameof(AuthorEmail), ["maintainer"] = nameof(Maintainer), ["maintainer_email"] = nameof(MaintainerEmail),
        ["extras"] = nameof(Extras), ["extras_validation"] = nameof(Extras), ["spatial"] = nameof(Spatial),
        ["temporal_start"] = nameof(TemporalStart), ["temporal_end"] = nameof(TemporalEnd),
    };

    /// <summary>Puts a CKAN validation error's field messages next to the form's fields (prefixed "Form.").</summary>
    public static void ShowErrors(ModelStateDictionary state, CkanException e, IReadOnlyDictionary<string, string>? fields = null)
    {
        foreach (var (key, value) in e.Error)
        {
            if (key is "__type" or "message") continue;
            var field = (fields ?? FieldOf).TryGetValue(key, out var name) ? $"Form.{name}" : "";
            foreach (var message in Messages(value)) state.AddModelError(field, field.Length == 0 ? $"{key}: {message}" : message);
        }
    }

    static IEnumerable<string> Messages(JsonNode? node) => node switch
    {
        JsonArray array => array.SelectMany(Messages),
        JsonObject o => o.SelectMany(p => Messages(p.Value)),
        JsonValue v => [v.ToString()],
        _ => [],
    };
}
