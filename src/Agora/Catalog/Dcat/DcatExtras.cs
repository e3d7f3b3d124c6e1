using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Agora.Catalog.Ckan;

namespace Agora.Catalog.Dcat;

/// <summary>The dataset extras DCAT-AP reads, under the keys ckanext-dcat and ckanext-spatial use:
/// <c>spatial</c> (a GeoJSON geometry), <c>temporal_start</c> and <c>temporal_end</c> (ISO dates),
/// <c>theme</c> (EU data-theme codes or IRIs) and <c>frequency</c> (an EU frequency code or IRI).</summary>
public static partial class DcatExtras
{
    public const string Spatial = "spatial", TemporalStart = "temporal_start", TemporalEnd = "temporal_end", Theme = "theme", Frequency = "frequency";

    [GeneratedRegex(@"^(\d{4})(-\d{2})?(-\d{2})?([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:?\d{2})?)?$")]
    private static partial Regex IsoDatePattern();

    /// <summary>Checks the extras that are set (an empty value means none); errors name the extra.</summary>
    public static void Validate(IReadOnlyDictionary<string, string> extras, CkanErrors errors)
    {
        string? Value(string key) => extras.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;

        if (Value(Spatial) is { } spatial && GeoJson.Parse(spatial, out var geoError) is null) errors.Add(Spatial, geoError!);

        DateTimeOffset? start = null, end = null;
        if (Value(TemporalStart) is { } s && (start = ParseDate(s)) is null) errors.Add(TemporalStart, DateMessage);
        if (Value(TemporalEnd) is { } e && (end = ParseDate(e)) is null) errors.Add(TemporalEnd, DateMessage);
        if (start is not null && end is not null && end < start) errors.Add(TemporalEnd, "The end of the temporal coverage is before its start");

        if (Value(Theme) is { } theme)
        {
            var items = ReadList(theme);
            if (items is null || items.Count == 0) errors.Add(Theme, "Themes must be a code, an IRI, or a JSON list of them");
            else
                foreach (var item in items.Where(i => EuVocabularies.Concept(i, EuVocabularies.Themes, EuVocabularies.ThemeBase) is null))
                    errors.Add(Theme, $"Unknown theme \"{item}\": use an EU data-theme code ({string.Join(", ", EuVocabularies.Themes.Order())}) or an IRI");
        }
        if (Value(Frequency) is { } frequency && EuVocabularies.Concept(frequency, EuVocabularies.Frequencies, EuVocabularies.FrequencyBase) is null)
            errors.Add(Frequency, $"Unknown frequency \"{frequency}\": use an EU frequency code (such as DAILY, WEEKLY, MONTHLY, ANNUAL, IRREG) or an IRI");
    }

    const string DateMessage = "Date format incorrect: use ISO 8601, such as 2024-01-31 or 2024-01-31T12:00:00Z";

    /// <summary>An ISO 8601 date or date-time: 2024, 2024-05, 2024-05-31, 2024-05-31T12:00[:00[.000]][Z|+01:00].
    /// Without an offset it is taken as UTC.</summary>
    public static DateTimeOffset? ParseDate(string text)
    {
        var match = IsoDatePattern().Match(text.Trim());
        if (!match.Success) return null;
        var normalised = match.Groups[1].Value + (match.Groups[2].Success ? match.Groups[2].Value : "-01") + (match.Groups[3].Success ? match.Groups[3].Value : "-01")
            + match.Groups[4].Value.Replace(' ', 'T');
        if (match.Groups[2].Success != match.Groups[3].Success && match.Groups[4].Success) return null; // 2024-05T10:00
        return DateTimeOffset.TryParse(normalised, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : null;
    }

    /// <summary>Whether the text gave a time zone (so the xsd:dateTime keeps it).</summary>
    public static bool HasOffset(string text) => IsoDatePattern().Match(text.Trim()) is { Success: true } m && m.Groups[7].Success;

    /// <summary>A list as ckanext-dcat reads one: a JSON list, else comma-separated, else one value.</summary>
    public static List<string>? ReadList(string value)
    {
        var text = value.Trim();
        if (text.StartsWith('['))
        {
            try
            {
                return JsonSerializer.Deserialize<List<string>>(text)?.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).ToList();
            }
            catch (JsonException)
            {
                return null;
            }
        }
        return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }
}
