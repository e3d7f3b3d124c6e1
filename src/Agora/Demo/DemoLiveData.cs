using System.Text.Json.Nodes;
using Agora.Accounts;
using Agora.Context;
using Agora.Context.JsonLd;
using Agora.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Agora.Demo;

/// <summary>Aldport's live data in the context broker: parking sites, air-quality stations and street
/// lights (Smart Data Models' type and attribute names, under the core @context's default vocabulary),
/// each with two days of hourly history so the charts have something to show, and a catalogue
/// dataset that publishes the parking feed. Loading it twice changes nothing.</summary>
public sealed class DemoLiveData(AgoraDbContext db, EntityStore store, ContextResolver resolver, AccountManager accounts,
    Catalog.DatasetManager datasets, TimeProvider clock, IOptions<AgoraOptions> options, ILogger<DemoLiveData> log)
{
    public const int Hours = 48;
    public const string FeedDataset = "live-parking-aldport";

    // (slug, name, total spots, lon, lat)
    static readonly (string Slug, string Name, int Total, double Lon, double Lat)[] Parking =
    [
        ("harbour-garage", "Harbour Garage", 420, 10.2139, 56.1532),
        ("station-square", "Station Square", 260, 10.2045, 56.1501),
        ("university-park", "University Park", 610, 10.2031, 56.1681),
        ("old-town", "Old Town Car Park", 180, 10.2096, 56.1584),
        ("ferry-terminal", "Ferry Terminal", 350, 10.2262, 56.1547),
        ("north-shore", "North Shore Park and Ride", 900, 10.2201, 56.1760),
    ];

    // (slug, name, lon, lat, NO2 base, PM10 base, PM2.5 base)
    static readonly (string Slug, string Name, double Lon, double Lat, double No2, double Pm10, double Pm25)[] AirStations =
    [
        ("harbour-quay", "Harbour Quay", 10.2189, 56.1560, 38, 24, 12),
        ("city-hall", "City Hall", 10.2040, 56.1545, 29, 19, 9),
        ("ring-road-north", "Ring Road North", 10.1950, 56.1720, 44, 27, 14),
        ("botanic-garden", "Botanic Garden", 10.1985, 56.1620, 14, 13, 6),
    ];

    // (slug, name, lon, lat)
    static readonly (string Slug, string Name, double Lon, double Lat)[] Lights =
    [
        ("quay-01", "Harbour Quay lamp 1", 10.2170, 56.1556),
        ("quay-02", "Harbour Quay lamp 2", 10.2178, 56.1558),
        ("quay-03", "Harbour Quay lamp 3", 10.2186, 56.1560),
        ("bridge-01", "Harbour Bridge lamp 1", 10.2224, 56.1530),
    ];

    const string Cabinet = "urn:ngsi-ld:StreetlightControlCabinet:aldport-harbour-quay";

    public static string ParkingId(string slug) => $"urn:ngsi-ld:OffStreetParking:aldport-{slug}";

    public async Task LoadAsync(CancellationToken ct = default)
    {
        var loaded = 0;
        // Hourly values up to the last full hour, deterministic per entity so every load looks alike.
        var now = clock.GetUtcNow().UtcDateTime;
        var last = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc);
        var hours = Enumerable.Range(0, Hours).Select(i => last.AddHours(i - Hours + 1)).ToList();

        foreach (var (slug, name, total, lon, lat) in Parking)
        {
            var random = new Random(Seed(slug, 17));
            var series = hours.Select(h =>
            {
                // Full in working hours, empty at night.
                var busy = 0.5 + 0.4 * Math.Sin((h.Hour - 7) / 24.0 * 2 * Math.PI) + random.NextDouble() * 0.1;
                return (double)Math.Clamp((int)Math.Round(total * (1 - Math.Clamp(busy, 0.02, 0.98))), 0, total);
            }).ToList();
            loaded += await CreateAsync(new JsonObject
            {
                ["id"] = ParkingId(slug), ["type"] = "OffStreetParking",
                ["name"] = Property(name), ["category"] = Property(new JsonArray("public", "feeChargedParking")),
                ["totalSpotNumber"] = Property(total),
                ["availableSpotNumber"] = Property(series[^1], hours[^1]),
                ["location"] = Point(lon, lat),
            }, new() { ["availableSpotNumber"] = series }, hours, ct);
        }

        foreach (var (slug, name, lon, lat, no2, pm10, pm25) in AirStations)
        {
            var random = new Random(Seed(slug, 29));
            List<double> Series(double baseline, double swing) => hours.Select(h =>
                Math.Round(Math.Max(1, baseline + swing * Math.Sin((h.Hour - 5) / 24.0 * 2 * Math.PI) + (random.NextDouble() - 0.5) * swing * 0.6), 1)).ToList();
            var values = new Dictionary<string, List<double>> { ["no2"] = Series(no2, no2 * 0.4), ["pm10"] = Series(pm10, pm10 * 0.3), ["pm25"] = Series(pm25, pm25 * 0.3) };
            loaded += await CreateAsync(new JsonObject
            {
                ["id"] = $"urn:ngsi-ld:AirQualityObserved:aldport-{slug}", ["type"] = "AirQualityObserved",
                ["name"] = Property($"{name} air-quality station"),
                ["no2"] = Property(values["no2"][^1], hours[^1], "GQ"),
                ["pm10"] = Property(values["pm10"][^1], hours[^1], "GQ"),
                ["pm25"] = Property(values["pm25"][^1], hours[^1], "GQ"),
                ["location"] = Point(lon, lat),
            }, values, hours, ct);
        }

        loaded += await CreateAsync(new JsonObject
        {
            ["id"] = Cabinet, ["type"] = "StreetlightControlCabinet",
            ["name"] = Property("Harbour Quay cabinet"), ["location"] = Point(10.2175, 56.1552),
        }, [], hours, ct);
        foreach (var (slug, name, lon, lat) in Lights)
        {
            // On (dimmed late at night) from dusk to dawn.
            var series = hours.Select(h => h.Hour is >= 16 or < 7 ? h.Hour is >= 1 and < 5 ? 0.4 : 1.0 : 0.0).ToList();
            loaded += await CreateAsync(new JsonObject
            {
                ["id"] = $"urn:ngsi-ld:Streetlight:aldport-{slug}", ["type"] = "Streetlight",
                ["name"] = Property(name),
                ["powerState"] = Property(series[^1] > 0 ? "on" : "off", hours[^1]),
                ["illuminanceLevel"] = Property(series[^1], hours[^1]),
                ["refStreetlightControlCabinet"] = new JsonObject { ["type"] = "Relationship", ["object"] = Cabinet },
                ["location"] = Point(lon, lat),
            }, new() { ["illuminanceLevel"] = series }, hours, ct);
        }

        await PublishFeedAsync(ct);
        if (loaded > 0) log.LogInformation("Loaded Aldport's live data: {Entities} entities with {Hours} hours of history", loaded, Hours);
    }

    // string.GetHashCode differs between runs; the demo's numbers should not.
    static int Seed(string text, int salt) => text.Aggregate(salt, (h, c) => unchecked(h * 31 + c)) & 0x7fffffff;

    static JsonObject Property(JsonNode value, DateTime? observedAt = null, string? unitCode = null)
    {
        var p = new JsonObject { ["type"] = "Property", ["value"] = value };
        if (observedAt is { } t) p["observedAt"] = NgsiLdInput.Format(t);
        if (unitCode is not null) p["unitCode"] = unitCode;
        return p;
    }

    static JsonObject Point(double lon, double lat) => new()
    {
        ["type"] = "GeoProperty", ["value"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(lon, lat) },
    };

    // Creates the entity through the store (rows, history, notifications as for any client) and then
    // adds the earlier hours to its history as the store writes them, as if they had been received then.
    async Task<int> CreateAsync(JsonObject compact, Dictionary<string, List<double>> past, List<DateTime> hours, CancellationToken ct)
    {
        var core = resolver.Core;
        // As a client's body would arrive: parsed JSON (numbers built in code read back only as the type they were made of).
        var entity = NgsiLdDocument.ExpandEntity(NgsiLdInput.Entity(JsonNode.Parse(compact.ToJsonString())!), core);
        if (!await store.CreateAsync("", entity, ct)) return 0;
        var row = (await store.FindRowAsync("", entity["id"]!.GetValue<string>(), ct))!;
        var doc = EntityStore.Parse(row.Doc);
        foreach (var (name, values) in past)
        {
            var iri = core.ExpandTerm(name);
            var current = EntityDoc.Instances(doc[iri])[0];
            for (var i = 0; i < values.Count - 1; i++)
            {
                var stamp = NgsiLdInput.Format(hours[i]);
                var instance = (JsonObject)current.DeepClone();
                instance["value"] = JsonNode.Parse(values[i].ToString(System.Globalization.CultureInfo.InvariantCulture));
                instance["observedAt"] = stamp;
                instance["modifiedAt"] = stamp;
                var typed = AttrValues.Row(row.Key, iri, instance);
                db.NgsiHistory.Add(new NgsiHistory
                {
                    EntityKey = row.Key, EntityId = row.Id, Name = iri, Kind = typed.Kind, Num = typed.Num, Text = typed.Text,
                    Bool = typed.Bool, Json = typed.Json, ObservedAt = typed.ObservedAt, RecordedAt = hours[i],
                });
            }
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return 1;
    }

    // The parking feed as an open dataset of the city, with the NGSI-LD query as its resource.
    async Task PublishFeedAsync(CancellationToken ct)
    {
        if (await db.Datasets.AnyAsync(d => d.Name == FeedDataset, ct)) return;
        if (await accounts.FindByLoginAsync("jonas", ct) is not { } jonas) return;
        // Without a configured public address the demo assumes the one `dotnet run` listens on.
        var site = string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl) ? "http://localhost:5000" : options.Value.PublicBaseUrl.Trim().TrimEnd('/');
        var type = resolver.Core.ExpandTerm("OffStreetParking");
        var input = new JsonObject
        {
            ["name"] = FeedDataset, ["title"] = "Live parking availability in Aldport", ["owner_org"] = "city-of-aldport",
            ["notes"] = "Free spaces in the city's six car parks, live from the NGSI-LD context broker and updated as the barriers count cars.",
            ["license_id"] = "CC-BY-4.0",
            ["tags"] = new JsonArray(new JsonObject { ["name"] = "parking" }, new JsonObject { ["name"] = "live-data" }, new JsonObject { ["name"] = "ngsi-ld" }),
            ["extras"] = new JsonArray(new JsonObject { ["key"] = "ngsi_ld_type", ["value"] = type }, new JsonObject { ["key"] = "theme", ["value"] = "TRAN" }),
            ["resources"] = new JsonArray(new JsonObject
            {
                ["name"] = "Live OffStreetParking entities (NGSI-LD)", ["format"] = "NGSI-LD",
                ["url"] = $"{site}{ContextApi.Prefix}/entities?type={Uri.EscapeDataString(type)}",
                ["description"] = "All OffStreetParking entities, live from the NGSI-LD context broker (GET with Accept: application/ld+json).",
            }),
        };
        await datasets.CreateAsync(input, Authentication.PrincipalFor(jonas, "demo"), ct);
    }
}
