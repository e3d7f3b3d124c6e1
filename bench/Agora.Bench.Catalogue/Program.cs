// The catalogue benchmark's client. Against a running Agora it
//   1. creates organisations (bench-org-01…) and then N generated datasets through CKAN's
//      package_create, C requests at a time, and measures the create rate;
//   2. warms up, then times R sequential rounds of: status_show (the action pipeline's floor),
//      package_search with a keyword and two facets, and package_search with fq filters;
//   3. checks every answer against what it created (counts, facet counts, filters, sort order),
//      and prints a JSON summary to stdout. Progress goes to stderr.
// Exit status: 0 if every request succeeded and every answer was right, 1 otherwise, 2 on bad usage.
// Run by scripts/bench-catalogue; see bench/README.md, "Catalogue search".
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Agora.Bench.Catalogue;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

Settings settings;
try
{
    settings = Settings.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"bench-catalogue: {e.Message}");
    Console.Error.WriteLine(Settings.Usage);
    return 2;
}
if (settings.Help)
{
    Console.WriteLine(Settings.Usage);
    return 0;
}
// On SIGTERM or Ctrl-C, stop after the requests in flight and still print what was measured.
using var stopping = new CancellationTokenSource();
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
return await new CatalogueBench(settings, stopping.Token).RunAsync();

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    if (!stopping.IsCancellationRequested) Console.Error.WriteLine($"{context.Signal}: stopping after the requests in flight; the summary covers what was measured");
    stopping.Cancel();
}

sealed record Settings(
    Uri Url, string Token, int Datasets, int Concurrency, int Repeat, int Warmup, int Organisations, int Seed,
    int MaxLoadSeconds, int MaxQuerySeconds, string Label, IReadOnlyList<int> WatchPids, bool Help)
{
    public const string Usage = """
        usage: Agora.Bench.Catalogue --url http://127.0.0.1:PORT [options]
          --url URL              Agora's base address (or AGORA_BENCH_URL)
          --token TOKEN          a system administrator's API token (or AGORA_BENCH_TOKEN)
          --datasets N           datasets to create (BENCH_DATASETS, default 10000; 0 loads nothing)
          --concurrency C        package_create requests in flight (BENCH_CONCURRENCY, default 8)
          --repeat R             measured requests per query kind (BENCH_REPEAT, default 300)
          --warmup W             unmeasured requests per query kind first (BENCH_WARMUP_QUERIES, default 100)
          --organisations K      organisations the datasets are spread over (default 20)
          --seed S               seed of the generated content and queries (BENCH_SEED, default 42)
          --max-load-seconds T   stop creating after T seconds and measure what is there (default 0: no limit)
          --max-query-seconds T  time budget per query kind: a kind stops once its measured requests took T seconds
                                 in all, and its warm-up once that took T/4 (default 300; 0: no limit)
          --label NAME           a name for the run in the summary (e.g. the database provider)
          --watch-pids P,Q       server processes whose CPU (with their children) counts as the benchmark's
        """;

    public static Settings Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var help = false;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help") { help = true; continue; }
            if (!arg.StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unexpected argument '{arg}'");
            var eq = arg.IndexOf('=');
            if (eq > 0) values[arg[2..eq]] = arg[(eq + 1)..];
            else if (i + 1 < args.Length) values[arg[2..]] = args[++i];
            else throw new ArgumentException($"{arg} needs a value");
        }
        string? Get(string key, string? env) =>
            values.Remove(key, out var v) ? v : env is null ? null : Environment.GetEnvironmentVariable(env) is { Length: > 0 } e ? e : null;
        int Int(string key, string? env, int fallback, int min)
        {
            var text = Get(key, env);
            if (text is null) return fallback;
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < min)
                throw new ArgumentException($"--{key} must be a whole number of at least {min}, not '{text}'");
            return n;
        }

        var url = Get("url", "AGORA_BENCH_URL");
        var token = Get("token", "AGORA_BENCH_TOKEN");
        var settings = new Settings(
            Url: null!, Token: token ?? "",
            Datasets: Int("datasets", "BENCH_DATASETS", 10000, 0),
            Concurrency: Int("concurrency", "BENCH_CONCURRENCY", 8, 1),
            Repeat: Int("repeat", "BENCH_REPEAT", 300, 1),
            Warmup: Int("warmup", "BENCH_WARMUP_QUERIES", 100, 0),
            Organisations: Int("organisations", null, 20, 1),
            Seed: Int("seed", "BENCH_SEED", 42, 0),
            MaxLoadSeconds: Int("max-load-seconds", null, 0, 0),
            MaxQuerySeconds: Int("max-query-seconds", "BENCH_QUERY_BUDGET", 300, 0),
            Label: Get("label", null) ?? "",
            WatchPids: (Get("watch-pids", null) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(p => int.TryParse(p, CultureInfo.InvariantCulture, out var pid) ? pid : throw new ArgumentException($"bad pid '{p}'")).ToList(),
            Help: help);
        if (values.Count > 0) throw new ArgumentException($"unknown option --{values.Keys.First()}");
        if (help) return settings with { Url = new Uri("http://127.0.0.1/") };
        if (url is null || !Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ArgumentException("--url must be Agora's http(s) address");
        if (settings.Datasets > 0 && settings.Token.Length == 0) throw new ArgumentException("--token (or AGORA_BENCH_TOKEN) is needed to create datasets");
        return settings with { Url = uri };
    }
}

sealed class CatalogueBench(Settings settings, CancellationToken stopping)
{
    const int Rows = 10;
    const int FacetLimit = 50; // package_search's default facet.limit
    static readonly string FacetFields = Uri.EscapeDataString("[\"tags\",\"res_format\"]");
    static readonly string SortModified = Uri.EscapeDataString("metadata_modified desc");

    readonly Corpus corpus = new(settings.Seed, settings.Organisations);
    readonly Expected expected = new(settings.Organisations);
    readonly CpuMeter cpu = new(settings.WatchPids);
    readonly HttpClient http = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = Math.Max(settings.Concurrency, 1),
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
    })
    {
        BaseAddress = settings.Url,
        // Long enough that a slow search ends rather than being abandoned: Agora does not stop a
        // search whose client has gone, so an abandoned one would go on loading the server.
        Timeout = TimeSpan.FromSeconds(900),
    };

    readonly List<string> mismatchSamples = [];
    int mismatches;

    public async Task<int> RunAsync()
    {
        var summary = new JsonObject
        {
            ["label"] = settings.Label,
            ["url"] = settings.Url.ToString(),
            ["seed"] = settings.Seed,
            ["organisations"] = settings.Organisations,
            ["concurrency"] = settings.Concurrency,
            ["datasets_requested"] = settings.Datasets,
        };
        var failures = 0;
        if (settings.Datasets > 0)
        {
            await CreateOrganisationsAsync();
            var load = await LoadAsync();
            failures = load["failures"]!.GetValue<int>();
            summary["datasets_created"] = expected.Total;
            summary["load_truncated"] = load["truncated"]!.GetValue<bool>();
            summary["create"] = load;
        }
        else
        {
            summary["datasets_created"] = 0;
            Log("--datasets 0: measuring what the catalogue already holds (answers are not checked)");
        }

        var total = await CountAllAsync();
        summary["total_check"] = new JsonObject { ["expected"] = expected.Total, ["actual"] = total, ["ok"] = settings.Datasets == 0 || total == expected.Total };
        if (settings.Datasets > 0 && total != expected.Total) Mismatch($"package_search *:* counts {total} datasets, but {expected.Total} were created");

        var queries = await MeasureQueriesAsync();
        foreach (var (k, v) in queries) summary[k] = v?.DeepClone();
        var errors = queries["queries"]!.AsObject().Sum(q => q.Value!["errors"]!.GetValue<int>());
        summary["errors"] = errors;
        summary["interrupted"] = stopping.IsCancellationRequested;
        summary["mismatches"] = mismatches;
        summary["mismatch_samples"] = new JsonArray(mismatchSamples.Select(s => (JsonNode)s).ToArray());
        Console.WriteLine(summary.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return failures == 0 && errors == 0 && mismatches == 0 && !stopping.IsCancellationRequested ? 0 : 1;
    }

    // ---- Load ------------------------------------------------------------------------------------

    async Task CreateOrganisationsAsync()
    {
        foreach (var org in corpus.Organisations)
        {
            var body = new JsonObject { ["name"] = org.Name, ["slug"] = org.Slug, ["kind"] = "public-agency", ["level"] = "municipal" };
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/organisations") { Content = Json(body) };
            request.Headers.Authorization = new("Bearer", settings.Token);
            using var response = await http.SendAsync(request);
            if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.Conflict))
                throw new InvalidOperationException($"creating organisation {org.Slug}: HTTP {(int)response.StatusCode} {await Snippet(response)}");
        }
        Log($"created {corpus.Organisations.Count} organisations");
    }

    async Task<JsonObject> LoadAsync()
    {
        var n = settings.Datasets;
        var next = -1;
        var completed = 0;
        var failed = 0;
        var failureSamples = new ConcurrentQueue<string>();
        var latencies = new double[n]; // of the k-th request to complete
        var doneAt = new long[n]; // Stopwatch ticks when the k-th request completed
        var truncated = false;
        var before = cpu.Take();
        var clock = Stopwatch.StartNew();
        var deadline = settings.MaxLoadSeconds > 0 ? TimeSpan.FromSeconds(settings.MaxLoadSeconds) : TimeSpan.MaxValue;
        Log($"creating {n} datasets, {settings.Concurrency} at a time…");

        using var stop = new CancellationTokenSource();
        var progress = Task.Run(async () =>
        {
            var last = 0;
            var lastTime = TimeSpan.Zero;
            while (!stop.IsCancellationRequested)
            {
                try { await Task.Delay(TimeSpan.FromSeconds(15), stop.Token); } catch (OperationCanceledException) { break; }
                var now = clock.Elapsed;
                var done = Volatile.Read(ref completed);
                Log($"  {done}/{n} datasets in {now.TotalSeconds:F0} s: {done / now.TotalSeconds:F1}/s overall, " +
                    $"{(done - last) / (now - lastTime).TotalSeconds:F1}/s lately, {Volatile.Read(ref failed)} failed");
                last = done;
                lastTime = now;
            }
        });

        async Task Worker()
        {
            while (true)
            {
                if (clock.Elapsed > deadline || stopping.IsCancellationRequested) { truncated = true; return; }
                var i = Interlocked.Increment(ref next);
                if (i >= n) return;
                var dataset = corpus.Dataset(i);
                var started = Stopwatch.GetTimestamp();
                string? error = null;
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, "api/3/action/package_create") { Content = Json(dataset.Body) };
                    request.Headers.Authorization = new("Bearer", settings.Token);
                    using var response = await http.SendAsync(request);
                    var bytes = await response.Content.ReadAsByteArrayAsync();
                    if (response.StatusCode != HttpStatusCode.OK || !Succeeded(bytes))
                        error = $"HTTP {(int)response.StatusCode}: {Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 400))}";
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    error = $"{e.GetType().Name}: {e.Message}";
                }
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (error is null)
                {
                    expected.Add(dataset);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                    if (failureSamples.Count < 10) failureSamples.Enqueue($"{dataset.Body["name"]}: {error}");
                }
                var k = Interlocked.Increment(ref completed) - 1;
                latencies[k] = ms;
                doneAt[k] = clock.ElapsedTicks;
            }
        }

        await Task.WhenAll(Enumerable.Range(0, settings.Concurrency).Select(_ => Task.Run(Worker)));
        var elapsed = clock.Elapsed;
        var after = cpu.Take();
        stop.Cancel();
        await progress;

        var attempted = completed;
        var rate = expected.Total / elapsed.TotalSeconds;
        Log($"created {expected.Total} datasets in {elapsed.TotalSeconds:F1} s: {rate:F1}/s, {failed} failed" +
            (truncated ? $" (stopped after {settings.MaxLoadSeconds} s)" : ""));
        foreach (var f in failureSamples) Log($"  failed: {f}");

        // The rate over each tenth of the load, to show whether creating slows as the catalogue grows.
        var tenths = new JsonArray();
        for (var k = 0; k < 10 && attempted >= 10; k++)
        {
            var from = k * attempted / 10;
            var to = (k + 1) * attempted / 10 - 1;
            var startTicks = from == 0 ? 0 : doneAt[from - 1];
            var seconds = (doneAt[to] - startTicks) / (double)Stopwatch.Frequency;
            tenths.Add(Math.Round((to - from + 1) / seconds, 1));
        }
        return new JsonObject
        {
            ["seconds"] = Math.Round(elapsed.TotalSeconds, 2),
            ["datasets_per_sec"] = Math.Round(rate, 1),
            ["attempted"] = attempted,
            ["failures"] = failed,
            ["failure_samples"] = new JsonArray(failureSamples.Select(s => (JsonNode)s).ToArray()),
            ["truncated"] = truncated,
            ["latency_ms"] = Percentiles(latencies[..attempted]),
            ["rate_by_tenth"] = tenths,
            ["other_cpu_percent"] = CpuMeter.OtherPercent(before, after),
            ["busy_cpu_percent"] = CpuMeter.BusyPercent(before, after),
        };
    }

    async Task<int> CountAllAsync()
    {
        using var response = await http.GetAsync("api/3/action/package_search?rows=0");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"package_search rows=0: HTTP {(int)response.StatusCode}");
        using var doc = JsonDocument.Parse(bytes);
        return doc.RootElement.GetProperty("result").GetProperty("count").GetInt32();
    }

    // ---- Queries -----------------------------------------------------------------------------------

    /// <summary>One kind of request: makes a request from a random source and checks its answer.</summary>
    sealed record Scenario(string Name, string Description, Func<Random, Query> Make);

    /// <summary>A request, a short description of it, and a check of its result that returns what is wrong, or null.</summary>
    sealed record Query(string Url, string Text, Func<JsonElement, string?>? Check);

    sealed class Measured(Scenario scenario)
    {
        public Scenario Scenario { get; } = scenario;
        public List<double> Milliseconds { get; } = [];
        public List<int> Counts { get; } = [];
        public List<(double Ms, string Text, int Count)> All { get; } = [];
        public int Errors;
        public int Mismatches;
        public int Sent;
        public TimeSpan Spent;
        public string? Example;
    }

    IReadOnlyList<Scenario> Scenarios()
    {
        var check = settings.Datasets > 0;
        return
        [
            new("status_show", "GET status_show: the CKAN action pipeline with no database work",
                _ => new Query("api/3/action/status_show", "status_show", null)),
            new("keyword_facets", "package_search q=<random vocabulary word>, facet.field=[\"tags\",\"res_format\"], rows=10 (ranked by score)",
                rng =>
                {
                    var w = rng.Next(Corpus.Vocabulary.Length);
                    var word = Corpus.Vocabulary[w];
                    return new Query($"api/3/action/package_search?q={word}&facet.field={FacetFields}&rows={Rows}", $"q={word}",
                        check ? r => CheckKeyword(r, w) : null);
                }),
            new("fq_tag_csv", "package_search fq=tags:<random tag> AND res_format:CSV, rows=10, sort=metadata_modified desc",
                rng =>
                {
                    var t = rng.Next(Corpus.Tags.Length);
                    var fq = $"tags:{Corpus.Tags[t]} AND res_format:CSV";
                    return new Query($"api/3/action/package_search?fq={Uri.EscapeDataString(fq)}&rows={Rows}&sort={SortModified}", $"fq={fq}",
                        check ? r => CheckFilter(r, expected.TagCsv[t], d => HasTag(d, Corpus.Tags[t]) && HasFormat(d, "CSV")) : null);
                }),
            new("fq_organization", "package_search fq=organization:<random organisation>, rows=10, sort=metadata_modified desc",
                rng =>
                {
                    var o = rng.Next(corpus.Organisations.Count);
                    var slug = corpus.Organisations[o].Slug;
                    return new Query($"api/3/action/package_search?fq={Uri.EscapeDataString("organization:" + slug)}&rows={Rows}&sort={SortModified}",
                        $"fq=organization:{slug}",
                        check ? r => CheckFilter(r, expected.OrganisationDocs[o], d => d.GetProperty("organization").GetProperty("name").GetString() == slug) : null);
                }),
        ];
    }

    async Task<JsonObject> MeasureQueriesAsync()
    {
        var scenarios = Scenarios();
        var budget = settings.MaxQuerySeconds > 0 ? TimeSpan.FromSeconds(settings.MaxQuerySeconds) : TimeSpan.MaxValue;
        // Warm-up: the JIT optimises the search path only once it has run a while, and the
        // database's caches fill. Different random queries from the measured ones.
        var warm = scenarios.Select(s => new Measured(s)).ToList();
        if (settings.Warmup > 0)
        {
            Log($"warming up: {settings.Warmup} requests of each kind…");
            var rngs = scenarios.Select((_, i) => new Random(Corpus.Seed(settings.Seed, i, 0x3a7))).ToList();
            var clock = Stopwatch.StartNew();
            await RoundsAsync(scenarios, warm, rngs, settings.Warmup, budget / 4, record: false);
            Log($"  warm-up took {clock.Elapsed.TotalSeconds:F1} s" + Stopped(warm));
        }

        // Measured: one request of each kind per round, so that anything else slowing the machine
        // meanwhile touches all kinds alike. Requests go one at a time. A kind whose requests have
        // taken --max-query-seconds in all stops there; the others go on.
        Log($"measuring: {settings.Repeat} requests of each kind, one at a time…");
        var measured = scenarios.Select(s => new Measured(s)).ToList();
        var random = scenarios.Select((_, i) => new Random(Corpus.Seed(settings.Seed, i, 0x71e))).ToList();
        var before = cpu.Take();
        var timer = Stopwatch.StartNew();
        await RoundsAsync(scenarios, measured, random, settings.Repeat, budget, record: true);
        var after = cpu.Take();
        Log($"  measuring took {timer.Elapsed.TotalSeconds:F1} s" + Stopped(measured));

        var results = new JsonObject();
        for (var i = 0; i < measured.Count; i++)
        {
            var m = measured[i];
            var stats = Percentiles(m.Milliseconds.ToArray());
            var o = new JsonObject
            {
                ["description"] = m.Scenario.Description,
                ["example"] = m.Example,
                ["warmup_requests"] = warm[i].Sent,
                ["requests"] = m.Milliseconds.Count,
                ["stopped_early"] = m.Sent < settings.Repeat,
                ["seconds"] = Math.Round(m.Spent.TotalSeconds, 2),
                ["errors"] = m.Errors,
                ["mismatches"] = m.Mismatches,
            };
            foreach (var (k, v) in stats) o[k + "_ms"] = v?.DeepClone();
            if (m.Scenario.Name != "status_show" && m.Counts.Count > 0)
            {
                o["avg_results"] = Math.Round(m.Counts.Average(), 1);
                o["min_results"] = m.Counts.Min();
                o["max_results"] = m.Counts.Max();
                // Latency against result count: the large matches are what cost.
                var ordered = m.All.OrderBy(a => a.Count).ToList();
                var half = ordered.Count / 2;
                o["p95_ms_smaller_half"] = Percentile(ordered.Take(half).Select(a => a.Ms).ToArray(), 95);
                o["p95_ms_larger_half"] = Percentile(ordered.Skip(half).Select(a => a.Ms).ToArray(), 95);
            }
            o["slowest"] = new JsonArray(m.All.OrderByDescending(a => a.Ms).Take(5)
                .Select(a => (JsonNode)new JsonObject { ["ms"] = Math.Round(a.Ms, 2), ["query"] = a.Text, ["count"] = a.Count }).ToArray());
            results[m.Scenario.Name] = o;
            Log($"  {m.Scenario.Name,-16} {m.Milliseconds.Count} requests: p50 {stats["p50"]} ms, p95 {stats["p95"]} ms, p99 {stats["p99"]} ms" +
                (m.Counts.Count > 0 && m.Scenario.Name != "status_show" ? $", {m.Counts.Average():F0} results on average" : "") +
                $", {m.Errors} errors, {m.Mismatches} wrong answers");
        }
        return new JsonObject
        {
            ["warmup_per_query"] = settings.Warmup,
            ["repetitions"] = settings.Repeat,
            ["max_query_seconds"] = settings.MaxQuerySeconds,
            ["queries_truncated"] = measured.Any(m => m.Sent < settings.Repeat),
            ["query_seconds"] = Math.Round(timer.Elapsed.TotalSeconds, 2),
            ["query_other_cpu_percent"] = CpuMeter.OtherPercent(before, after),
            ["query_busy_cpu_percent"] = CpuMeter.BusyPercent(before, after),
            ["queries"] = results,
        };
    }

    /// <summary>Up to <paramref name="rounds"/> rounds of one request per kind; a kind drops out once its requests have taken <paramref name="budget"/>.</summary>
    async Task RoundsAsync(IReadOnlyList<Scenario> scenarios, List<Measured> into, List<Random> random, int rounds, TimeSpan budget, bool record)
    {
        for (var rep = 0; rep < rounds && !stopping.IsCancellationRequested; rep++)
        {
            var any = false;
            for (var s = 0; s < scenarios.Count; s++)
            {
                if (into[s].Spent > budget) continue;
                any = true;
                var started = Stopwatch.GetTimestamp();
                await TimeAsync(scenarios[s].Make(random[s]), record ? into[s] : null);
                into[s].Spent += Stopwatch.GetElapsedTime(started);
                into[s].Sent++;
                if (into[s].Spent > budget)
                    Log($"  {scenarios[s].Name}: stopping after {into[s].Sent} {(record ? "measured" : "warm-up")} requests, which took {into[s].Spent.TotalSeconds:F0} s");
            }
            if (!any) return;
        }
    }

    static string Stopped(List<Measured> kinds) =>
        kinds.Any(k => k.Spent > TimeSpan.Zero && k.Sent > 0) && kinds.Select(k => k.Sent).Distinct().Count() > 1
            ? " (" + string.Join(", ", kinds.Select(k => $"{k.Scenario.Name} {k.Sent}")) + " requests)"
            : "";

    async Task TimeAsync(Query query, Measured? into)
    {
        var started = Stopwatch.GetTimestamp();
        byte[] bytes;
        HttpStatusCode status;
        try
        {
            using var response = await http.GetAsync(query.Url);
            bytes = await response.Content.ReadAsByteArrayAsync();
            status = response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            if (into is not null) { into.Errors++; Problem($"{query.Text}: {e.GetType().Name}: {e.Message}"); }
            return;
        }
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (into is null) return;
        into.Example ??= query.Url;
        if (status != HttpStatusCode.OK)
        {
            into.Errors++;
            Problem($"{query.Text}: HTTP {(int)status}: {Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 300))}");
            return;
        }
        into.Milliseconds.Add(ms);
        using var doc = JsonDocument.Parse(bytes);
        var result = doc.RootElement.GetProperty("result");
        var count = result.ValueKind == JsonValueKind.Object && result.TryGetProperty("count", out var c) ? c.GetInt32() : 0;
        if (result.ValueKind == JsonValueKind.Object && result.TryGetProperty("count", out _)) into.Counts.Add(count);
        into.All.Add((ms, query.Text, count));
        if (query.Check?.Invoke(result) is { } wrong) Mismatch($"{query.Text}: {wrong}", into);
    }

    // ---- Checks ----------------------------------------------------------------------------------

    string? CheckKeyword(JsonElement r, int w)
    {
        var count = r.GetProperty("count").GetInt32();
        if (count != expected.WordDocs[w]) return $"count {count}, expected {expected.WordDocs[w]}";
        var shown = r.GetProperty("results").GetArrayLength();
        if (shown != Math.Min(Rows, count)) return $"{shown} results shown of {count}";
        var facets = r.GetProperty("facets");

        var tags = facets.GetProperty("tags");
        var wantedTags = Enumerable.Range(0, Corpus.Tags.Length).Count(t => expected.WordTags[w, t] > 0);
        var gotTags = 0;
        foreach (var item in tags.EnumerateObject())
        {
            gotTags++;
            var t = Array.IndexOf(Corpus.Tags, item.Name);
            var want = t < 0 ? 0 : expected.WordTags[w, t];
            if (item.Value.GetInt32() != want) return $"facet tags:{item.Name} = {item.Value.GetInt32()}, expected {want}";
        }
        if (gotTags != Math.Min(FacetLimit, wantedTags)) return $"{gotTags} tag facet items, expected {Math.Min(FacetLimit, wantedTags)}";

        var formats = facets.GetProperty("res_format");
        var gotFormats = 0;
        foreach (var item in formats.EnumerateObject())
        {
            gotFormats++;
            var f = Array.IndexOf(Corpus.Formats, item.Name);
            var want = f < 0 ? 0 : expected.WordFormats[w, f];
            if (item.Value.GetInt32() != want) return $"facet res_format:{item.Name} = {item.Value.GetInt32()}, expected {want}";
        }
        var wantedFormats = Enumerable.Range(0, Corpus.Formats.Length).Count(f => expected.WordFormats[w, f] > 0);
        if (gotFormats != wantedFormats) return $"{gotFormats} res_format facet items, expected {wantedFormats}";
        return null;
    }

    static string? CheckFilter(JsonElement r, int wanted, Func<JsonElement, bool> matches)
    {
        var count = r.GetProperty("count").GetInt32();
        if (count != wanted) return $"count {count}, expected {wanted}";
        var results = r.GetProperty("results");
        if (results.GetArrayLength() != Math.Min(Rows, count)) return $"{results.GetArrayLength()} results shown of {count}";
        string? previous = null;
        foreach (var d in results.EnumerateArray())
        {
            if (!matches(d)) return $"result {d.GetProperty("name").GetString()} does not match the filter";
            var modified = d.GetProperty("metadata_modified").GetString();
            if (previous is not null && string.CompareOrdinal(modified, previous) > 0) return "results are not sorted by metadata_modified desc";
            previous = modified;
        }
        return null;
    }

    static bool HasTag(JsonElement d, string tag) => d.GetProperty("tags").EnumerateArray().Any(t => t.GetProperty("name").GetString() == tag);

    static bool HasFormat(JsonElement d, string format) =>
        d.GetProperty("resources").EnumerateArray().Any(r => r.GetProperty("format").GetString() == format);

    /// <summary>A wrong answer: counted, and the first few kept and shown.</summary>
    void Mismatch(string message, Measured? into = null)
    {
        if (into is not null) into.Mismatches++;
        mismatches++;
        Problem(message);
    }

    void Problem(string message)
    {
        if (mismatchSamples.Count < 20) mismatchSamples.Add(message);
        if (mismatchSamples.Count <= 5) Log($"  WRONG: {message}");
    }

    // ---- Helpers ---------------------------------------------------------------------------------

    static JsonObject Percentiles(double[] ms)
    {
        if (ms.Length == 0) return new JsonObject { ["p50"] = null, ["p95"] = null, ["p99"] = null, ["mean"] = null, ["max"] = null };
        return new JsonObject
        {
            ["p50"] = Percentile(ms, 50), ["p95"] = Percentile(ms, 95), ["p99"] = Percentile(ms, 99),
            ["mean"] = Math.Round(ms.Average(), 3), ["max"] = Math.Round(ms.Max(), 3),
        };
    }

    /// <summary>Nearest-rank percentile.</summary>
    static double? Percentile(double[] values, double p)
    {
        if (values.Length == 0) return null;
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return Math.Round(sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)], 3);
    }

    static bool Succeeded(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.TryGetProperty("success", out var s) && s.ValueKind == JsonValueKind.True;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    static async Task<string> Snippet(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length > 300 ? text[..300] : text;
    }

    static void Log(string message) => Console.Error.WriteLine(message);
}
