using System.Globalization;
using System.Text.Json.Nodes;

namespace Agora.Procurement;

/// <summary>Small pieces every OCDS document needs: the extensions Agora uses, dates and amounts in
/// OCDS's forms, and objects that leave out what is unknown (OCDS wants absent fields, not nulls).</summary>
public static class OcdsJson
{
    public const string Version = "1.1";

    /// <summary>The lots extension (tender.lots, items' relatedLot, awards' relatedLots).</summary>
    public const string LotsExtension =
        "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json";

    /// <summary>The metrics extension (planning.forecasts, tender.targets, contracts' implementation.metrics).</summary>
    public const string MetricsExtension =
        "https://raw.githubusercontent.com/open-contracting-extensions/ocds_metrics_extension/master/extension.json";

    public static readonly string[] Extensions = [LotsExtension, MetricsExtension];

    /// <summary>An object of the given fields, without those that are null, empty strings or empty arrays.</summary>
    public static JsonObject Obj(params (string Name, JsonNode? Value)[] fields)
    {
        var o = new JsonObject();
        foreach (var (name, value) in fields)
        {
            if (value is null) continue;
            if (value is JsonArray { Count: 0 }) continue;
            if (value is JsonObject { Count: 0 }) continue;
            if (value is JsonValue v && v.TryGetValue<string>(out var s) && string.IsNullOrWhiteSpace(s)) continue;
            o[name] = value;
        }
        return o;
    }

    public static JsonArray Array(IEnumerable<JsonNode?> items) => new([.. items]);

    public static JsonNode? Text(string? s) => string.IsNullOrWhiteSpace(s) ? null : JsonValue.Create(s.Trim());

    /// <summary>An OCDS date-time (RFC 3339, UTC, whole seconds). Stored times are UTC whatever their Kind says.</summary>
    public static string Date(DateTime t) =>
        DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static JsonNode? Date(DateTime? t) => t is { } v ? JsonValue.Create(Date(v)) : null;

    /// <summary>A calendar date as the start of that day in UTC.</summary>
    public static JsonNode? Date(DateOnly? d) => d is { } v ? JsonValue.Create(Date(v.ToDateTime(TimeOnly.MinValue))) : null;

    /// <summary>The end of a calendar date (a period that ends on that day includes it).</summary>
    public static JsonNode? EndOf(DateOnly? d) => d is { } v ? JsonValue.Create(Date(v.ToDateTime(new TimeOnly(23, 59, 59)))) : null;

    public static JsonObject? Period(JsonNode? start, JsonNode? end) => start is null && end is null ? null : Obj(("startDate", start), ("endDate", end));

    /// <summary>An OCDS Value: the amount in major units of the currency.</summary>
    public static JsonObject? Value(long? minor, string currency) =>
        minor is { } m ? Obj(("amount", JsonValue.Create(Major(m, currency))), ("currency", currency.ToUpperInvariant())) : null;

    /// <summary>Minor units to the currency's major unit, by its ISO 4217 exponent.</summary>
    public static decimal Major(long minor, string currency) => minor / Exponent(currency.ToUpperInvariant()) switch
    {
        0 => 1m,
        3 => 1000m,
        _ => 100m,
    };

    static int Exponent(string currency) => currency switch
    {
        "BIF" or "CLP" or "DJF" or "GNF" or "ISK" or "JPY" or "KMF" or "KRW" or "PYG" or "RWF" or "UGX" or "UYI"
            or "VND" or "VUV" or "XAF" or "XOF" or "XPF" => 0,
        "BHD" or "IQD" or "JOD" or "KWD" or "LYD" or "OMR" or "TND" => 3,
        _ => 2,
    };

    /// <summary>A decimal without trailing zeros (PostgreSQL keeps the column's scale: 12.5000).</summary>
    public static decimal Num(decimal d) => d / 1.000000000000000000000000000000000m;

    /// <summary>Camel-cased code of an enum value (NotMet → notMet), as OCDS codelists spell them.</summary>
    public static string Code<T>(T value) where T : struct, Enum
    {
        var s = value.ToString();
        return char.ToLowerInvariant(s[0]) + s[1..];
    }
}
