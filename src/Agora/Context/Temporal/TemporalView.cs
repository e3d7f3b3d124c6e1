using System.Globalization;
using System.Text.Json.Nodes;
using Agora.Context.JsonLd;

namespace Agora.Context.Temporal;

/// <summary>Builds the temporal representations of an entity (§4.5.7 normalized, §4.5.9 simplified
/// "temporalValues", §4.5.19 aggregated) in expanded form; the caller compacts them.</summary>
public static class TemporalView
{
    public const string InstancePrefix = "urn:ngsi-ld:attribute:instance:";

    /// <summary>Times as the ETSI expectations write them: UTC, fractions only when there are some.</summary>
    public static string Format(DateTime t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture);

    public static JsonObject Entity(string id, JsonObject? current)
    {
        var entity = new JsonObject { ["id"] = id };
        // History outlives the entity; a deleted entity's type is no longer known.
        if (current?["type"] is { } type) entity["type"] = type.DeepClone();
        return entity;
    }

    /// <summary>Normalized: each attribute an array of its instances, each with its instanceId.</summary>
    public static void AddNormalized(JsonObject entity, IEnumerable<HistoryInstance> instances, bool sysAttrs)
    {
        foreach (var attribute in instances.GroupBy(i => i.Name))
        {
            var list = new JsonArray();
            foreach (var row in attribute)
            {
                var instance = EntityStore.Parse(row.Json);
                if (!sysAttrs) EntityDoc.StripSystemAttributes(instance);
                instance["instanceId"] = InstancePrefix + row.Seq;
                list.Add(instance);
            }
            entity[attribute.Key] = list;
        }
    }

    /// <summary>Simplified (temporalValues): per attribute and datasetId, the pairs [value, time].</summary>
    public static void AddTemporalValues(JsonObject entity, IEnumerable<HistoryInstance> instances, TemporalQuery query)
    {
        foreach (var attribute in instances.GroupBy(i => i.Name))
        {
            var groups = new List<JsonObject>();
            foreach (var dataset in attribute.GroupBy(i => i.DatasetId))
            {
                var kind = dataset.Last().Kind;
                var pairs = new JsonArray();
                foreach (var row in dataset)
                {
                    var instance = EntityStore.Parse(row.Json);
                    var time = query.ByObservedAt && instance["observedAt"] is JsonValue o && o.TryGetValue<string>(out var observed) ? observed : Format(row.Time);
                    pairs.Add(new JsonArray(EntityView.SimpleValue(instance), time));
                }
                var group = new JsonObject { ["type"] = kind, [ValuesMember(kind)] = pairs };
                if (dataset.Key.Length > 0) group["datasetId"] = dataset.Key;
                groups.Add(group);
            }
            entity[attribute.Key] = groups.Count == 1 ? groups[0] : new JsonArray(groups.ToArray<JsonNode?>());
        }
    }

    static string ValuesMember(string kind) => kind switch
    {
        "Relationship" => "objects",
        "LanguageProperty" => "languageMaps",
        "VocabProperty" => "vocabs",
        "JsonProperty" => "jsons",
        "ListProperty" => "valueLists",
        "ListRelationship" => "objectLists",
        _ => "values",
    };

    /// <summary>Aggregated: per attribute and datasetId, for each method the triples [value, start, end]
    /// of the buckets that had instances. Methods that do not apply to the values (the sum of text)
    /// leave their bucket out.</summary>
    public static void AddAggregated(JsonObject entity, IEnumerable<HistoryBucket> buckets, TemporalQuery query, IReadOnlyDictionary<string, string> kinds)
    {
        foreach (var attribute in buckets.GroupBy(b => b.Name))
        {
            var groups = new List<JsonObject>();
            foreach (var dataset in attribute.GroupBy(b => b.DatasetId))
            {
                var group = new JsonObject { ["type"] = kinds.GetValueOrDefault(attribute.Key, "Property") };
                foreach (var method in query.AggrMethods)
                {
                    var triples = new JsonArray();
                    foreach (var (bucket, (start, end)) in dataset.Select(b => (b, Range(b, query))).OrderBy(x => x.Item2.Start))
                        if (Value(bucket, method) is { } value)
                            triples.Add(new JsonArray(value, Format(start), Format(end)));
                    group[method] = triples;
                }
                if (dataset.Key.Length > 0) group["datasetId"] = dataset.Key;
                groups.Add(group);
            }
            entity[attribute.Key] = groups.Count == 1 ? groups[0] : new JsonArray(groups.ToArray<JsonNode?>());
        }
    }

    static JsonNode? Value(HistoryBucket b, string method) => method switch
    {
        "totalCount" => b.Count,
        "distinctCount" => b.Distinct,
        "sum" => b.NumCount > 0 ? b.Sum : null,
        "avg" => b.NumCount > 0 ? b.Sum / b.NumCount : null,
        "min" => b.NumCount > 0 ? b.MinNum : b.MinText,
        "max" => b.NumCount > 0 ? b.MaxNum : b.MaxText,
        "sumsq" => b.NumCount > 0 ? b.SumSq : null,
        // The population standard deviation of the bucket's numbers.
        "stddev" => b.NumCount > 0 ? Math.Sqrt(Math.Max(0, b.SumSq!.Value / b.NumCount - Math.Pow(b.Sum!.Value / b.NumCount, 2))) : null,
        _ => null,
    };

    static (DateTime Start, DateTime End) Range(HistoryBucket b, TemporalQuery query)
    {
        if (query.AggrPeriod is not null) return TemporalHistory.BucketBounds(query, b.Bucket);
        // One bucket over the whole window: its bounds where the query gave them, else the instances'.
        return query.TimeRel switch
        {
            TimeRel.Between => (query.TimeAt!.Value, query.EndTimeAt!.Value),
            TimeRel.After => (query.TimeAt!.Value, b.Last),
            TimeRel.Before => (b.First, query.TimeAt!.Value),
            _ => (b.First, b.Last),
        };
    }
}
