using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Agora.Storage;
using Microsoft.EntityFrameworkCore;

namespace Agora.Context.Temporal;

/// <summary>One stored attribute instance as a temporal answer shows it.</summary>
public sealed record HistoryInstance(string EntityId, string Name, string DatasetId, long Seq, string Kind, string Json, DateTime Time);

/// <summary>One bucket of one attribute (and datasetId) of one entity, aggregated by the database.</summary>
public sealed record HistoryBucket(
    string EntityId, string Name, string DatasetId, long Bucket, long Count, long Distinct, double? Sum, long NumCount,
    double? SumSq, double? MinNum, double? MaxNum, string? MinText, string? MaxText, DateTime First, DateTime Last);

/// <summary>Reads <c>ngsi_history</c> for the Temporal API. Both queries start from the index
/// (tenant, entity_id, name, observed_at|recorded_at), and both leave the work to the database:
/// <c>lastN</c> and the per-attribute cap with LIMIT per attribute, aggregation over buckets of whole
/// periods counted from the window's start (on SQLite by observedAt bucket by bucket, each an index range;
/// otherwise a GROUP BY over computed buckets: integer arithmetic on julianday in SQLite, which stores times
/// as text, on epoch microseconds in PostgreSQL). Deleted instances (the
/// rows written when an attribute was deleted) are left out: they have no value to show.</summary>
public static class TemporalHistory
{
    // Buckets of queries without a window are counted from here (midnight UTC, so P1D buckets are days).
    static readonly DateTime DefaultOrigin = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Each attribute's first (or, with lastN, last) <paramref name="perAttribute"/> instances in
    /// time. They come straight from the index on the attribute's time, attribute by attribute, so an
    /// attribute with 100,000 instances costs what its 100 newest do (numbering them all with a window
    /// function took 250–370 ms). Instances never observed are placed at the time they were stored, so
    /// without a window the candidates are the first observed ones and the first never observed.</summary>
    public static async Task<List<HistoryInstance>> InstancesAsync(AgoraDbContext db, string tenant, IReadOnlyList<string> entityIds,
        TemporalQuery query, int perAttribute, CancellationToken ct)
    {
        var postgres = db.Database.IsNpgsql();
        var parameters = new Dictionary<string, object?> { ["@tenant"] = tenant, ["@cap"] = perAttribute };
        var pairs = PairsCte(entityIds, query, parameters);
        var own = "h.tenant = @tenant AND h.entity_id = p.entity_id AND h.name = p.name AND NOT h.deleted" + TimeFilter(query, parameters);
        var direction = query.LastN is null ? "ASC" : "DESC";
        // SQLite: a unary + keeps the never-observed pick on the observed_at index (its NULL range) rather
        // than walking the recorded_at index through every instance; PostgreSQL has no unary + on times.
        var plus = postgres ? "" : "+";
        List<(string Condition, string Order)> picks = query.ByObservedAt && query.TimeRel == TimeRel.None
            ? [(" AND h.observed_at IS NOT NULL", $"h.observed_at {direction}, h.seq {direction}"),
               (" AND h.observed_at IS NULL", $"{plus}h.recorded_at {direction}, {plus}h.seq {direction}")]
            : [("", $"h.{query.TimeColumn} {direction}, h.seq {direction}")];
        // PostgreSQL joins each attribute to its picks laterally; SQLite, which has no LATERAL, looks the
        // picked keys up (a correlated IN, which it runs per attribute through the index).
        var candidates = postgres
            ? "CROSS JOIN LATERAL (" + string.Join(" UNION ALL ", picks.Select(k =>
                $"(SELECT h.entity_id, h.name, h.dataset_id, h.seq, h.kind, h.json, h.observed_at, h.recorded_at FROM ngsi_history h WHERE {own}{k.Condition} ORDER BY {k.Order} LIMIT @cap)")) + ") x"
            : "JOIN ngsi_history x ON " + string.Join(" OR ", picks.Select(k =>
                $"x.seq IN (SELECT h.seq FROM ngsi_history h WHERE {own}{k.Condition} ORDER BY {k.Order} LIMIT @cap)"));
        var time = TimeExpression(query).Replace("h.", "x.");
        var sql = $"""
            {pairs}
            SELECT entity_id, name, dataset_id, seq, kind, json, t FROM (
              SELECT x.entity_id, x.name, x.dataset_id, x.seq, x.kind, x.json, {time} AS t,
                     ROW_NUMBER() OVER (PARTITION BY x.entity_id, x.name ORDER BY {time} {direction}, x.seq {direction}) AS rn
              FROM pairs p {candidates}
            ) y WHERE rn <= @cap ORDER BY entity_id, name, t, seq
            """;
        await using var command = await ContextSql.CommandAsync(db, sql, parameters, ct);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<HistoryInstance>();
        while (await reader.ReadAsync(ct))
            rows.Add(new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetString(4),
                reader.GetString(5), Utc(reader.GetDateTime(6))));
        return rows;
    }

    // The (entity, attribute) pairs asked for, as the start of a WITH clause naming them "pairs": every one named
    // when attrs is given, else those with history, found name after name with one index probe each (a loose
    // index scan) rather than by reading every instance.
    static string PairsCte(IReadOnlyList<string> entityIds, TemporalQuery query, Dictionary<string, object?> parameters)
    {
        var ids = ContextSql.Names(entityIds, "e", parameters);
        if (query.Attrs is { Count: > 0 } attrs)
        {
            var names = ContextSql.Names(attrs, "a", parameters);
            return "WITH pairs (entity_id, name) AS (VALUES " + string.Join(", ", ids.SelectMany(e => names.Select(a => $"({e}, {a})"))) + ")";
        }
        const string next = "SELECT MIN(h.name) FROM ngsi_history h WHERE h.tenant = @tenant AND h.entity_id = ";
        return $"""
            WITH RECURSIVE ids (id) AS (VALUES {string.Join(", ", ids.Select(e => $"({e})"))}),
                 walk (entity_id, name) AS (SELECT id, ({next}id) FROM ids
                                            UNION ALL SELECT entity_id, ({next}walk.entity_id AND h.name > walk.name) FROM walk WHERE name IS NOT NULL),
                 pairs (entity_id, name) AS (SELECT entity_id, name FROM walk WHERE name IS NOT NULL)
            """;
    }

    public static async Task<List<HistoryBucket>> AggregateAsync(AgoraDbContext db, string tenant, IReadOnlyList<string> entityIds,
        TemporalQuery query, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql() && query.AggrPeriod is not null && query.ByObservedAt && !query.AggrMethods.Contains("distinctCount")
            && await BucketwiseAsync(db, tenant, entityIds, query, ct) is { } observed)
        {
            if (query.TimeRel != TimeRel.None) return observed;
            // Without a window, instances never observed count at the time they were stored. They are few where devices
            // send observedAt, and grouped the usual way (from the same index, where they come first).
            var stored = await GroupedAsync(db, tenant, entityIds, query, neverObserved: true, ct);
            return stored.Count == 0 ? observed : Merge(observed, stored);
        }
        return await GroupedAsync(db, tenant, entityIds, query, neverObserved: false, ct);
    }

    /// <summary>Aggregation with a GROUP BY over computed buckets: every instance is read, its bucket computed and
    /// sorted into place. PostgreSQL's way; SQLite's for what the bucket-by-bucket way does not cover.</summary>
    static async Task<List<HistoryBucket>> GroupedAsync(AgoraDbContext db, string tenant, IReadOnlyList<string> entityIds,
        TemporalQuery query, bool neverObserved, CancellationToken ct)
    {
        var postgres = db.Database.IsNpgsql();
        var parameters = new Dictionary<string, object?>();
        var where = Where(tenant, entityIds, query, parameters) + (neverObserved ? " AND h.observed_at IS NULL" : "");
        var time = TimeExpression(query);
        var bucket = "0";
        if (query.AggrPeriod is { } period)
        {
            var (origin, backwards) = Origin(query);
            parameters["@origin"] = origin;
            // Whole units between the origin and the instance: milliseconds in SQLite (julianday's own
            // precision), microseconds in PostgreSQL. Backwards (timerel=before) buckets end at timeAt.
            var (from, to) = backwards ? ("@origin", time) : (time, "@origin");
            string units;
            if (postgres)
            {
                units = $"CAST(floor(extract(epoch from ({from} - {to})) * 1000000) AS bigint)";
                parameters["@period"] = period.Ticks / 10;
            }
            else
            {
                units = $"CAST(ROUND((julianday({from}) - julianday({to})) * 86400000.0) AS INTEGER)";
                parameters["@period"] = (long)period.TotalMilliseconds;
            }
            bucket = backwards ? $"(({units} - 1) / @period)" : $"({units} / @period)";
        }
        // Only what the methods need: COUNT(DISTINCT) alone costs more than all the rest (a sort per bucket).
        var methods = query.AggrMethods;
        var distinct = !methods.Contains("distinctCount") ? "0"
            : postgres ? "COUNT(DISTINCT COALESCE(CAST(h.num AS text), h.text, CAST(h.bool AS text)))" : "COUNT(DISTINCT COALESCE(h.num, h.text, h.bool))";
        var squares = methods.Contains("stddev") || methods.Contains("sumsq") ? "SUM(h.num * h.num)" : "NULL";
        var (minNum, maxNum) = methods.Contains("min") || methods.Contains("max") ? ("MIN(h.num)", "MAX(h.num)") : ("NULL", "NULL");
        var (minText, maxText) = methods.Contains("min") || methods.Contains("max") ? ("MIN(h.text)", "MAX(h.text)") : ("NULL", "NULL");
        var sql = $"""
            SELECT h.entity_id, h.name, h.dataset_id, {bucket} AS b, COUNT(*), {distinct}, SUM(h.num), COUNT(h.num),
                   {squares}, {minNum}, {maxNum}, {minText}, {maxText}, MIN({time}), MAX({time})
            FROM ngsi_history h WHERE {where}
            GROUP BY h.entity_id, h.name, h.dataset_id, b ORDER BY h.entity_id, h.name, h.dataset_id, b
            """;
        await using var command = await ContextSql.CommandAsync(db, sql, parameters, ct);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<HistoryBucket>();
        double? D(int i) => reader.IsDBNull(i) ? null : Convert.ToDouble(reader.GetValue(i));
        string? S(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        while (await reader.ReadAsync(ct))
            rows.Add(new(reader.GetString(0), reader.GetString(1), reader.GetString(2), Convert.ToInt64(reader.GetValue(3)),
                Convert.ToInt64(reader.GetValue(4)), Convert.ToInt64(reader.GetValue(5)), D(6), Convert.ToInt64(reader.GetValue(7)),
                D(8), D(9), D(10), S(11), S(12), Utc(reader.GetDateTime(13)), Utc(reader.GetDateTime(14))));
        return rows;
    }

    // Above this many buckets per attribute, a bucket-by-bucket query costs more than sorting the instances.
    const int MaxBuckets = 10_000;

    /// <summary>SQLite's aggregation by observedAt, bucket by bucket: each bucket is a range of the covering index
    /// (tenant, entity_id, name, observed_at, seq, recorded_at, deleted, dataset_id, num, text), aggregated where it
    /// lies. A GROUP BY over computed buckets instead sorts every instance (and parses every time with julianday):
    /// 150–210 ms for 100,000 instances, against tens of ms this way. Times are compared as the text SQLite stores
    /// them, so the bounds are formatted the same way. Null (use the GROUP BY) when there would be too many buckets,
    /// or for attributes with datasetIds (rare; one GROUP BY handles them).</summary>
    static async Task<List<HistoryBucket>?> BucketwiseAsync(AgoraDbContext db, string tenant, IReadOnlyList<string> entityIds,
        TemporalQuery query, CancellationToken ct)
    {
        var period = query.AggrPeriod!.Value;
        var parameters = new Dictionary<string, object?> { ["@tenant"] = tenant };
        var pairs = PairsCte(entityIds, query, parameters);
        var own = "h.tenant = @tenant AND h.entity_id = p.entity_id AND h.name = p.name AND NOT h.deleted";
        var window = own + TimeFilter(query, parameters);
        string Edge(string direction) =>
            $"(SELECT h.observed_at FROM ngsi_history h WHERE {window} AND h.observed_at IS NOT NULL ORDER BY h.observed_at {direction} LIMIT 1)";
        var edges = $"SELECT {Edge("ASC")} AS lo, {Edge("DESC")} AS hi FROM pairs p";
        DateTime first, last;
        await using (var command = await ContextSql.CommandAsync(db, $"{pairs} SELECT MIN(lo), MAX(hi) FROM ({edges})", parameters, ct))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            if (reader.IsDBNull(0)) return [];
            (first, last) = (reader.GetDateTime(0), reader.GetDateTime(1));
        }

        var (origin, backwards) = Origin(query);
        long Index(DateTime t) => backwards ? (origin - t - TimeSpan.FromTicks(1)).Ticks / period.Ticks : (t - origin).Ticks / period.Ticks;
        var (from, to) = backwards ? (Index(last), Index(first)) : (Index(first), Index(last));
        if (to - from + 1 > MaxBuckets) return null;
        var bounds = new JsonArray();
        for (var b = from; b <= to; b++)
        {
            var (start, end) = BucketBounds(query, b);
            // Each bucket's range is cut to the window here: with both in the query, SQLite would range the index on the
            // window's bounds, not the bucket's, and read the whole window for every bucket.
            if (query.TimeRel is TimeRel.After or TimeRel.Between && start < query.TimeAt) start = query.TimeAt.Value;
            if (query.TimeRel is TimeRel.Before && end > query.TimeAt) end = query.TimeAt.Value;
            if (query.TimeRel is TimeRel.Between && end > query.EndTimeAt) end = query.EndTimeAt.Value;
            bounds.Add(new JsonArray(b, StoredText(start), StoredText(end)));
        }
        parameters["@bounds"] = bounds.ToJsonString();

        var methods = query.AggrMethods;
        var squares = methods.Contains("stddev") || methods.Contains("sumsq") ? "SUM(h.num * h.num)" : "NULL";
        var minMax = methods.Contains("min") || methods.Contains("max");
        var sql = $"""
            {pairs},
                 k (b, lo, hi) AS (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]') FROM json_each(@bounds))
            SELECT p.entity_id, p.name, k.b, (SELECT json_array(COUNT(*), MAX(h.dataset_id), SUM(h.num), COUNT(h.num), {squares},
                   {(minMax ? "MIN(h.num), MAX(h.num), MIN(h.text), MAX(h.text)" : "NULL, NULL, NULL, NULL")})
                   FROM ngsi_history h WHERE {own} AND h.observed_at >= k.lo AND h.observed_at < k.hi)
            FROM pairs p CROSS JOIN k ORDER BY p.entity_id, p.name, k.b
            """;
        await using var aggregate = await ContextSql.CommandAsync(db, sql, parameters, ct);
        await using var results = await aggregate.ExecuteReaderAsync(ct);
        var buckets = new List<HistoryBucket>();
        while (await results.ReadAsync(ct))
        {
            var a = JsonNode.Parse(results.GetString(3))!.AsArray();
            var count = a[0]!.GetValue<long>();
            if (count == 0) continue;
            // Only the default instance (datasetId "") is aggregated here; any other, the GROUP BY does.
            if (a[1]!.GetValue<string>().Length > 0) return null;
            double? D(int i) => a[i] is { } v ? v.GetValue<double>() : null;
            string? S(int i) => a[i]?.GetValue<string>();
            // A bucket's first and last times are only shown for a query without a period; its bounds stand in.
            var b = results.GetInt64(2);
            var (start, end) = BucketBounds(query, b);
            buckets.Add(new(results.GetString(0), results.GetString(1), "", b, count, 0, D(2), a[3]!.GetValue<long>(),
                D(4), D(5), D(6), S(7), S(8), start, end));
        }
        return buckets;
    }

    // The buckets of both lists, those of one attribute, datasetId and period combined, in the order GROUP BY gives.
    static List<HistoryBucket> Merge(List<HistoryBucket> a, List<HistoryBucket> b) =>
        a.Concat(b).GroupBy(x => (x.EntityId, x.Name, x.DatasetId, x.Bucket))
            .Select(g => g.Aggregate((x, y) => x with
            {
                Count = x.Count + y.Count, Sum = Add(x.Sum, y.Sum), NumCount = x.NumCount + y.NumCount, SumSq = Add(x.SumSq, y.SumSq),
                MinNum = Pick(x.MinNum, y.MinNum, Math.Min), MaxNum = Pick(x.MaxNum, y.MaxNum, Math.Max),
                MinText = Pick(x.MinText, y.MinText, (p, q) => string.CompareOrdinal(p, q) <= 0 ? p : q),
                MaxText = Pick(x.MaxText, y.MaxText, (p, q) => string.CompareOrdinal(p, q) >= 0 ? p : q),
                First = x.First < y.First ? x.First : y.First, Last = x.Last > y.Last ? x.Last : y.Last,
            }))
            .OrderBy(x => x.EntityId, StringComparer.Ordinal).ThenBy(x => x.Name, StringComparer.Ordinal)
            .ThenBy(x => x.DatasetId, StringComparer.Ordinal).ThenBy(x => x.Bucket).ToList();

    static double? Add(double? x, double? y) => x is null ? y : y is null ? x : x + y;

    static T? Pick<T>(T? x, T? y, Func<T, T, T> choose) where T : class => x is null ? y : y is null ? x : choose(x, y);

    static double? Pick(double? x, double? y, Func<double, double, double> choose) => x is null ? y : y is null ? x : choose(x.Value, y.Value);

    // A time as SQLite holds it (Microsoft.Data.Sqlite's format), so that text comparisons order times.
    static string StoredText(DateTime t) => t.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture);

    /// <summary>When bucket <paramref name="bucket"/> of an aggregation with a period starts and ends.</summary>
    public static (DateTime Start, DateTime End) BucketBounds(TemporalQuery query, long bucket)
    {
        var period = query.AggrPeriod!.Value;
        var (origin, backwards) = Origin(query);
        return backwards ? (origin - period * (bucket + 1), origin - period * bucket) : (origin + period * bucket, origin + period * (bucket + 1));
    }

    /// <summary>Where buckets are counted from, and whether backwards (timerel=before ends at timeAt).</summary>
    public static (DateTime Origin, bool Backwards) Origin(TemporalQuery query) => query.TimeRel switch
    {
        TimeRel.Before => (query.TimeAt!.Value, true),
        TimeRel.After or TimeRel.Between => (query.TimeAt!.Value, false),
        _ => (DefaultOrigin, false),
    };

    // Without a window, instances that were never observed still belong to the history: they are
    // placed at the time they were stored.
    static string TimeExpression(TemporalQuery query) =>
        !query.ByObservedAt ? "h.recorded_at" : query.TimeRel == TimeRel.None ? "COALESCE(h.observed_at, h.recorded_at)" : "h.observed_at";

    static string Where(string tenant, IReadOnlyList<string> entityIds, TemporalQuery query, Dictionary<string, object?> parameters)
    {
        parameters["@tenant"] = tenant;
        var where = new StringBuilder("h.tenant = @tenant");
        where.Append($" AND h.entity_id IN ({ContextSql.List(entityIds, "e", parameters)})");
        if (query.Attrs is { Count: > 0 } attrs) where.Append($" AND h.name IN ({ContextSql.List(attrs, "a", parameters)})");
        where.Append(" AND NOT h.deleted");
        return where.Append(TimeFilter(query, parameters)).ToString();
    }

    // The window (timerel) on the query's time column, as " AND …" (empty without one).
    static string TimeFilter(TemporalQuery query, Dictionary<string, object?> parameters)
    {
        var column = "h." + query.TimeColumn;
        switch (query.TimeRel)
        {
            case TimeRel.Before:
                parameters["@timeAt"] = query.TimeAt;
                return $" AND {column} < @timeAt";
            case TimeRel.After:
                parameters["@timeAt"] = query.TimeAt;
                return $" AND {column} >= @timeAt";
            case TimeRel.Between:
                parameters["@timeAt"] = query.TimeAt;
                parameters["@endTimeAt"] = query.EndTimeAt;
                return $" AND {column} >= @timeAt AND {column} < @endTimeAt";
            default:
                return "";
        }
    }

    static DateTime Utc(DateTime t) => DateTime.SpecifyKind(t, DateTimeKind.Utc);
}
