using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Agora.Storage;
using CsvHelper;
using CsvHelper.Configuration;

namespace Agora.Catalog.Pages;

public enum PreviewKind { None, Link, Missing, TooLarge, CannotPreview, Table, Image, Json, Map, Text }

/// <summary>A look at an uploaded file on its resource page: a table of a CSV's first rows, an image,
/// pretty-printed JSON, a GeoJSON map, the first lines of text. Only files in Agora's own store are
/// read — linked URLs are never fetched by the server — and no more than <see cref="MaxBytes"/> of them.
/// A file that cannot be read as its format says gets "cannot preview", never an error page.</summary>
public sealed class ResourcePreview
{
    public const long MaxBytes = 4 * 1024 * 1024;
    public const int MaxRows = 50, MaxColumns = 60, MaxCell = 500, MaxLines = 100, MaxChars = 60_000;

    public PreviewKind Kind { get; private init; }
    public string? Reason { get; private init; }

    /// <summary>For tables: the header row, then up to <see cref="MaxRows"/> rows.</summary>
    public IReadOnlyList<string[]> Rows { get; private init; } = [];
    public bool MoreRows { get; private init; }
    public bool MoreColumns { get; private init; }
    public string? Text { get; private init; }
    public bool Truncated { get; private init; }
    public GeoJsonMap? Map { get; private init; }

    enum Format { Csv, Tsv, Image, GeoJson, Json, Text }

    static Format? FormatOf(Resource r)
    {
        static Format? ByName(string name) => name.ToLowerInvariant() switch
        {
            "csv" => Format.Csv,
            "tsv" or "tab" => Format.Tsv,
            "png" or "jpeg" or "jpg" or "gif" or "webp" => Format.Image,
            "geojson" => Format.GeoJson,
            "json" => Format.Json,
            "txt" or "text" => Format.Text,
            _ => null,
        };
        static Format? ByMime(string mime) => mime.ToLowerInvariant().Split(';')[0].Trim() switch
        {
            "text/csv" => Format.Csv,
            "text/tab-separated-values" => Format.Tsv,
            "image/png" or "image/jpeg" or "image/gif" or "image/webp" => Format.Image,
            "application/geo+json" => Format.GeoJson,
            "application/json" => Format.Json,
            var m when m.StartsWith("text/", StringComparison.Ordinal) => Format.Text,
            _ => null,
        };
        return ByName(r.Format) ?? ByName(Path.GetExtension(r.Url).TrimStart('.')) ?? ByMime(r.Mimetype ?? "");
    }

    public static async Task<ResourcePreview> BuildAsync(Resource r, FileStore files, ILogger log, CancellationToken ct)
    {
        if (r.UrlType != "upload" || r.FilePath is null) return new() { Kind = PreviewKind.Link };
        if (FormatOf(r) is not { } format) return new() { Kind = PreviewKind.None };
        if (format == Format.Image) return new() { Kind = PreviewKind.Image };

        await using var stream = files.OpenRead(r.FilePath);
        if (stream is null) return new() { Kind = PreviewKind.Missing };
        // JSON has to be read whole to be understood; tables and text are previewed from the file's start.
        if (format is Format.Json or Format.GeoJson && stream.Length > MaxBytes) return new() { Kind = PreviewKind.TooLarge };
        var (bytes, cut) = await ReadStartAsync(stream, ct);
        try
        {
            if (bytes.AsSpan(0, Math.Min(bytes.Length, 8192)).Contains((byte)0))
                return CannotPreview("the file does not look like text");
            var text = Decode(bytes, cut);
            return format switch
            {
                Format.Csv or Format.Tsv => Table(text, format == Format.Tsv ? "\t" : null, cut),
                Format.GeoJson => new() { Kind = PreviewKind.Map, Map = GeoJsonMap.Draw(GeoJson.ReadFeatures(Parse(text))) },
                Format.Json => PrettyJson(text),
                _ => FirstLines(text, cut),
            };
        }
        catch (Exception e) when (e is CsvHelperException or JsonException or GeoJsonException or InvalidOperationException)
        {
            log.LogInformation("No preview of resource {Resource}: {Reason}", r.Id, e.Message);
            return CannotPreview(e switch
            {
                JsonException => "the file is not valid JSON",
                GeoJsonException g => $"the file is not valid GeoJSON: {g.Message}",
                _ => "the file is not well-formed " + (format == Format.Tsv ? "TSV" : "CSV"),
            });
        }
    }

    static ResourcePreview CannotPreview(string reason) => new() { Kind = PreviewKind.CannotPreview, Reason = reason };

    static async Task<(byte[] Bytes, bool Cut)> ReadStartAsync(Stream stream, CancellationToken ct)
    {
        var buffer = new byte[(stream.CanSeek ? Math.Min(stream.Length, MaxBytes) : MaxBytes) + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), ct)) > 0) total += read;
        var cut = total > MaxBytes;
        return (buffer[..(int)Math.Min(total, MaxBytes)], cut);
    }

    /// <summary>UTF-8 (with or without a byte order mark); bytes that are not UTF-8 become replacement characters.</summary>
    static string Decode(byte[] bytes, bool cut)
    {
        var text = new UTF8Encoding(false, false).GetString(bytes);
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        // A file cut mid-character ends in a replacement character that is not the file's.
        return cut && text.EndsWith('\uFFFD') ? text[..^1] : text;
    }

    static JsonNode? Parse(string text) => JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 256 });

    static ResourcePreview Table(string text, string? delimiter, bool cut)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter ?? ",",
            DetectDelimiter = delimiter is null, // semicolons are common where the decimal mark is a comma
            BadDataFound = args => throw new BadDataException(args.Field, args.RawRecord, args.Context, "A quote inside an unquoted field."),
            MaxFieldSize = 1_000_000,
            IgnoreBlankLines = true,
        };
        using var parser = new CsvParser(new StringReader(text), config);
        var rows = new List<string[]>();
        var more = false;
        var wide = false;
        while (parser.Read())
        {
            if (rows.Count > MaxRows) { more = true; break; }
            var record = parser.Record ?? [];
            wide |= record.Length > MaxColumns;
            rows.Add(record.Take(MaxColumns).Select(f => f.Length > MaxCell ? f[..MaxCell] + "…" : f).ToArray());
        }
        // The last row of a file read only in part may itself be cut off.
        if (cut && !more && rows.Count > 1) { rows.RemoveAt(rows.Count - 1); more = true; }
        if (rows.Count == 0) return CannotPreview("the file is empty");
        return new() { Kind = PreviewKind.Table, Rows = rows, MoreRows = more || cut, MoreColumns = wide };
    }

    static ResourcePreview PrettyJson(string text)
    {
        var node = Parse(text);
        // Text as it is written (the page encodes it for HTML), not as \u escapes.
        var pretty = node?.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? "null";
        var truncated = pretty.Length > MaxChars;
        return new() { Kind = PreviewKind.Json, Text = truncated ? pretty[..MaxChars] : pretty, Truncated = truncated };
    }

    static ResourcePreview FirstLines(string text, bool cut)
    {
        using var reader = new StringReader(text);
        var lines = new StringBuilder();
        var count = 0;
        while (reader.ReadLine() is { } line)
        {
            if (count == MaxLines || lines.Length + line.Length > MaxChars) return new() { Kind = PreviewKind.Text, Text = lines.ToString(), Truncated = true };
            lines.AppendLine(line);
            count++;
        }
        return new() { Kind = PreviewKind.Text, Text = lines.ToString(), Truncated = cut };
    }
}
