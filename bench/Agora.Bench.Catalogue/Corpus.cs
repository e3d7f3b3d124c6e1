using System.Text;
using System.Text.Json.Nodes;

namespace Agora.Bench.Catalogue;

/// <summary>The generated catalogue: organisations, and datasets whose content is a pure function
/// of (seed, index), so every run with the same seed sends the same datasets whatever the
/// concurrency. Words and tags follow a Zipf-like law (a few common, many rare), as in real
/// catalogues; search queries pick words uniformly, so they mix common and rare ones.</summary>
public sealed class Corpus
{
    /// <summary>City-data words for titles, notes and resource names (exactly 200, all distinct, a–z only).</summary>
    public static readonly string[] Vocabulary =
    [
        "air", "quality", "parking", "bus", "noise", "energy", "permits", "trees", "cycling", "harbour",
        "traffic", "tram", "metro", "train", "station", "stops", "routes", "timetable", "passengers", "tickets",
        "bicycle", "sharing", "scooters", "pedestrians", "footfall", "counts", "sensors", "monitoring", "emissions", "pollution",
        "nitrogen", "dioxide", "particulate", "ozone", "temperature", "rainfall", "humidity", "wind", "weather", "climate",
        "flooding", "drainage", "sewer", "water", "consumption", "meters", "electricity", "heating", "solar", "panels",
        "buildings", "housing", "rent", "dwellings", "construction", "planning", "zoning", "land", "parcels", "cadastre",
        "addresses", "streets", "roads", "bridges", "tunnels", "lighting", "lamps", "benches", "playgrounds", "parks",
        "gardens", "allotments", "forest", "wildlife", "birds", "species", "biodiversity", "waste", "recycling", "collection",
        "containers", "litter", "cleaning", "graffiti", "complaints", "requests", "incidents", "accidents", "collisions", "injuries",
        "police", "fire", "ambulance", "emergency", "response", "times", "crime", "safety", "schools", "pupils",
        "teachers", "libraries", "loans", "books", "museums", "visitors", "tourism", "hotels", "events", "festivals",
        "markets", "shops", "businesses", "licences", "restaurants", "inspections", "hygiene", "health", "hospitals", "clinics",
        "vaccination", "population", "census", "births", "deaths", "migration", "age", "households", "income", "employment",
        "unemployment", "jobs", "budget", "spending", "contracts", "procurement", "invoices", "salaries", "taxes", "grants",
        "elections", "votes", "council", "meetings", "minutes", "decisions", "petitions", "districts", "neighbourhoods", "boundaries",
        "wards", "postcodes", "maps", "aerial", "imagery", "elevation", "terrain", "coastline", "beaches", "bathing",
        "marina", "ferry", "ships", "cargo", "port", "airport", "flights", "taxis", "charging", "electric",
        "vehicles", "fleet", "fuel", "speed", "cameras", "signals", "junctions", "congestion", "travel", "journeys",
        "commuting", "accessibility", "disability", "elderly", "care", "homeless", "shelters", "social", "benefits", "poverty",
        "hourly", "daily", "weekly", "monthly", "annual", "historic", "forecast", "survey", "register", "inventory",
    ];

    /// <summary>Tags as CKAN catalogues write them (lower case, hyphenated; no digits).</summary>
    public static readonly string[] Tags =
    [
        "transport", "mobility", "environment", "air-quality", "noise", "energy", "climate", "water", "waste", "recycling",
        "parking", "public-transport", "cycling", "walking", "roads", "traffic", "safety", "health", "education", "culture",
        "tourism", "economy", "finance", "budget", "procurement", "housing", "planning", "land-use", "buildings", "geospatial",
        "maps", "addresses", "boundaries", "population", "demographics", "census", "employment", "social-care", "elections", "governance",
        "open-government", "parks", "trees", "biodiversity", "weather", "flooding", "harbour", "maritime", "events", "libraries",
        "schools", "crime", "emergency-services", "permits", "licensing", "business", "real-time", "sensors", "statistics", "infrastructure",
    ];

    public static readonly string[] Formats = ["CSV", "JSON", "GeoJSON", "XLSX", "PDF"];
    static readonly double[] FormatWeights = [40, 20, 15, 15, 10];
    static readonly string[] Extensions = ["csv", "json", "geojson", "xlsx", "pdf"];

    public static readonly string[] Licences = ["CC-BY-4.0", "CC0-1.0", "ODbL-1.0"];
    static readonly double[] LicenceWeights = [60, 25, 15];

    static readonly string[] Frequencies = ["daily", "weekly", "monthly", "quarterly", "yearly", "irregular"];
    static readonly string[] Areas = ["citywide", "north", "south", "east", "west", "centre", "harbourside", "old town"];

    static readonly string[] Departments =
    [
        "Transport Department", "Environment Agency", "Housing Office", "Parks and Gardens", "Water Board",
        "Energy Office", "Public Health Service", "Education Department", "Urban Planning Office", "Finance Department",
        "Culture and Heritage", "Police Service", "Fire and Rescue Service", "Harbour Authority", "Waste Management",
        "Statistics Office", "City Libraries", "Social Services", "Economic Development", "Digital Services",
    ];

    readonly int seed;
    readonly Zipf words;
    readonly Zipf tags;
    readonly string[] vocabulary; // shuffled: which words are common depends on the seed, not on the list's order
    readonly string[] tagOrder;
    readonly Dictionary<string, int> wordIndex;

    public Corpus(int seed, int organisations)
    {
        this.seed = seed;
        var rng = new Random(seed);
        vocabulary = [.. Vocabulary];
        rng.Shuffle(vocabulary);
        tagOrder = [.. Tags];
        rng.Shuffle(tagOrder);
        words = new Zipf(vocabulary.Length, 0.7);
        tags = new Zipf(tagOrder.Length, 0.7);
        wordIndex = Vocabulary.Select((w, i) => (w, i)).ToDictionary(p => p.w, p => p.i);
        Organisations = Enumerable.Range(1, organisations)
            .Select(i => new Organisation($"bench-org-{i:D2}", Departments[(i - 1) % Departments.Length] + (i > Departments.Length ? $" {i}" : "")))
            .ToArray();
        // Some organisations publish much more than others.
        organisationSampler = new Zipf(organisations, 0.5);
    }

    readonly Zipf organisationSampler;

    public IReadOnlyList<Organisation> Organisations { get; }

    public sealed record Organisation(string Slug, string Name);

    /// <summary>One generated dataset: the package_create body, and what the search index should
    /// hold for it (the vocabulary words in its indexed text, its tags, formats and organisation).</summary>
    public sealed record Generated(JsonObject Body, int[] Words, int[] TagIds, int Formats, int Organisation);

    public Generated Dataset(int index)
    {
        var rng = new Random(Seed(seed, index, 0x5eed));
        var titleWords = Enumerable.Range(0, rng.Next(3, 8)).Select(_ => vocabulary[words.Sample(rng)]).ToList();
        var year = rng.Next(2012, 2026);
        var title = Capitalise(string.Join(' ', titleWords)) + (rng.Next(3) == 0 ? $" {year}" : "");
        var name = $"bench-{index:D6}-{titleWords[0]}-{titleWords[1]}";

        var notes = new StringBuilder();
        var sentences = rng.Next(2, 6);
        for (var s = 0; s < sentences; s++)
        {
            var sentence = string.Join(' ', Enumerable.Range(0, rng.Next(6, 13)).Select(_ => vocabulary[words.Sample(rng)]));
            notes.Append(Capitalise(sentence)).Append(". ");
        }

        var tagCount = rng.Next(1, 5);
        var tagIds = new SortedSet<int>();
        while (tagIds.Count < tagCount) tagIds.Add(tags.Sample(rng));
        var tagNames = tagIds.Select(t => tagOrder[t]).ToList();

        var org = organisationSampler.Sample(rng);
        var licence = Licences[Pick(rng, LicenceWeights)];

        var resources = new JsonArray();
        var resourceText = new StringBuilder();
        var formatMask = 0;
        var resourceCount = rng.Next(1, 4);
        for (var r = 0; r < resourceCount; r++)
        {
            var f = Pick(rng, FormatWeights);
            formatMask |= 1 << f;
            var resourceName = Capitalise($"{vocabulary[words.Sample(rng)]} {vocabulary[words.Sample(rng)]} {(r == 0 ? "data" : "extract")}");
            var description = Capitalise(string.Join(' ', Enumerable.Range(0, rng.Next(4, 10)).Select(_ => vocabulary[words.Sample(rng)]))) + ".";
            resources.Add(new JsonObject
            {
                ["url"] = $"https://data.example.org/bench/{index}/resource-{r + 1}.{Extensions[f]}",
                ["format"] = Formats[f],
                ["name"] = resourceName,
                ["description"] = description,
            });
            resourceText.Append(resourceName).Append(' ').Append(description).Append(' ').Append(Formats[f]).Append(' ');
        }

        var frequency = Frequencies[rng.Next(Frequencies.Length)];
        var area = Areas[rng.Next(Areas.Length)];
        var body = new JsonObject
        {
            ["name"] = name,
            ["title"] = title,
            ["notes"] = notes.ToString().TrimEnd(),
            ["owner_org"] = Organisations[org].Slug,
            ["license_id"] = licence,
            ["tags"] = new JsonArray(tagNames.Select(t => (JsonNode)new JsonObject { ["name"] = t }).ToArray()),
            ["resources"] = resources,
            ["extras"] = new JsonArray(
                new JsonObject { ["key"] = "update_frequency", ["value"] = frequency },
                new JsonObject { ["key"] = "spatial_coverage", ["value"] = area }),
        };

        // Everything Agora's full-text document holds for the dataset (see SearchIndex.UpdateAsync):
        // name (dashes split), title, tags, notes, organisation slug and name, licence, resources'
        // names, descriptions and formats, extras' values.
        var indexed = string.Join(' ', name.Replace('-', ' '), title, string.Join(' ', tagNames), notes, Organisations[org].Slug,
            Organisations[org].Name, licence, resourceText, frequency, area);
        var present = Tokens(indexed).Select(t => wordIndex.TryGetValue(t, out var i) ? i : -1).Where(i => i >= 0).Distinct().ToArray();
        var tagIndexes = tagNames.Select(t => Array.IndexOf(Tags, t)).ToArray();
        return new Generated(body, present, tagIndexes, formatMask, org);
    }

    /// <summary>Words as both FTS5's unicode61 tokenizer and PostgreSQL's 'simple' configuration
    /// see plain ASCII text: lower case, split at anything but letters and digits.</summary>
    public static IEnumerable<string> Tokens(string text)
    {
        var word = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsAsciiLetterOrDigit(c)) word.Append(char.ToLowerInvariant(c));
            else if (word.Length > 0) { yield return word.ToString(); word.Clear(); }
        }
        if (word.Length > 0) yield return word.ToString();
    }

    /// <summary>A seed mixed from several numbers, the same in every process (HashCode.Combine is not).</summary>
    public static int Seed(params int[] parts)
    {
        var h = 0x9E3779B97F4A7C15UL;
        foreach (var part in parts)
        {
            h ^= (uint)part;
            // SplitMix64's finaliser
            h += 0x9E3779B97F4A7C15UL;
            h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9UL;
            h = (h ^ (h >> 27)) * 0x94D049BB133111EBUL;
            h ^= h >> 31;
        }
        return (int)(h & 0x7FFFFFFF);
    }

    static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    static int Pick(Random rng, double[] weights)
    {
        var x = rng.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            x -= weights[i];
            if (x < 0) return i;
        }
        return weights.Length - 1;
    }

    /// <summary>Ranks 0..n-1 with probability proportional to 1/(rank+1)^s.</summary>
    sealed class Zipf
    {
        readonly double[] cumulative;

        public Zipf(int n, double s)
        {
            cumulative = new double[n];
            var sum = 0.0;
            for (var i = 0; i < n; i++) cumulative[i] = sum += 1 / Math.Pow(i + 1, s);
        }

        public int Sample(Random rng)
        {
            var i = Array.BinarySearch(cumulative, rng.NextDouble() * cumulative[^1]);
            return Math.Min(i < 0 ? ~i : i, cumulative.Length - 1);
        }
    }
}

/// <summary>What the catalogue should answer, from the datasets that were created: per vocabulary
/// word, how many datasets mention it and their tag and format counts; per tag, how many also have
/// a CSV resource; per organisation, how many it owns.</summary>
public sealed class Expected
{
    public int Total;
    public readonly int[] WordDocs = new int[Corpus.Vocabulary.Length];
    public readonly int[,] WordTags = new int[Corpus.Vocabulary.Length, Corpus.Tags.Length];
    public readonly int[,] WordFormats = new int[Corpus.Vocabulary.Length, Corpus.Formats.Length];
    public readonly int[] TagCsv = new int[Corpus.Tags.Length];
    public readonly int[] OrganisationDocs;

    public Expected(int organisations) => OrganisationDocs = new int[organisations];

    public void Add(Corpus.Generated d)
    {
        lock (this)
        {
            Total++;
            OrganisationDocs[d.Organisation]++;
            foreach (var w in d.Words)
            {
                WordDocs[w]++;
                foreach (var t in d.TagIds) WordTags[w, t]++;
                for (var f = 0; f < Corpus.Formats.Length; f++)
                    if ((d.Formats & (1 << f)) != 0) WordFormats[w, f]++;
            }
            if ((d.Formats & 1) != 0)
                foreach (var t in d.TagIds) TagCsv[t]++;
        }
    }
}
