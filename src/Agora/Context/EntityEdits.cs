using System.Text.Json.Nodes;
using Agora.Context.JsonLd;

namespace Agora.Context;

public sealed record NotUpdated(string Name, string Reason);

public sealed class UpdateReport
{
    public List<string> Updated { get; } = [];
    public List<NotUpdated> NotUpdated { get; } = [];
}

/// <summary>The entity operations of §5.6 as changes to an expanded document. Instances are matched
/// by attribute name and datasetId; each written instance gets fresh system attributes (keeping its
/// createdAt) and is recorded in <see cref="EntityEdit"/> for typed rows, history and notifications.</summary>
public static class EntityEdits
{
    public const string NullValue = "urn:ngsi-ld:null";

    /// <summary>Append Attributes (POST …/attrs): adds or replaces; with noOverwrite, existing ones stay.</summary>
    public static UpdateReport Append(JsonObject doc, JsonObject fragment, bool noOverwrite, EntityEdit edit)
    {
        var report = new UpdateReport();
        foreach (var (name, value) in fragment)
        {
            if (!EntityDoc.IsAttribute(name)) { SetScope(doc, name, value, edit); continue; }
            var current = EntityDoc.Instances(doc[name]);
            var written = false;
            foreach (var instance in EntityDoc.Instances(value))
            {
                var index = current.FindIndex(i => EntityDoc.DatasetId(i) == EntityDoc.DatasetId(instance));
                if (index >= 0 && noOverwrite) continue;
                var copy = (JsonObject)instance.DeepClone();
                EntityDoc.Stamp(copy, edit.Now, index >= 0 ? current[index]["createdAt"]?.GetValue<string>() : null);
                if (index >= 0) current[index] = copy; else current.Add(copy);
                written = true;
            }
            if (written)
            {
                EntityDoc.SetInstances(doc, name, current);
                edit.Touched.Add(name);
                report.Updated.Add(name);
            }
            else report.NotUpdated.Add(new(name, "The attribute exists and noOverwrite was asked."));
        }
        return report;
    }

    /// <summary>Update Attributes (PATCH …/attrs): replaces existing instances only.</summary>
    public static UpdateReport Update(JsonObject doc, JsonObject fragment, EntityEdit edit)
    {
        var report = new UpdateReport();
        foreach (var (name, value) in fragment)
        {
            if (!EntityDoc.IsAttribute(name)) { SetScope(doc, name, value, edit); continue; }
            var current = EntityDoc.Instances(doc[name]);
            var missing = false;
            foreach (var instance in EntityDoc.Instances(value))
            {
                var index = current.FindIndex(i => EntityDoc.DatasetId(i) == EntityDoc.DatasetId(instance));
                if (index < 0) { missing = true; continue; }
                var copy = (JsonObject)instance.DeepClone();
                EntityDoc.Stamp(copy, edit.Now, current[index]["createdAt"]?.GetValue<string>());
                current[index] = copy;
                edit.Touched.Add(name);
            }
            if (edit.Touched.Contains(name)) { EntityDoc.SetInstances(doc, name, current); report.Updated.Add(name); }
            if (missing) report.NotUpdated.Add(new(name, "The entity has no such attribute (with that datasetId)."));
        }
        return report;
    }

    /// <summary>Partial Attribute Update (PATCH …/attrs/{attr}): the members given replace those of
    /// the instance; the others stay. False when there is no such instance.</summary>
    public static bool Patch(JsonObject doc, string name, string compactName, JsonObject patch, LdContext context, EntityEdit edit)
    {
        var current = EntityDoc.Instances(doc[name]);
        var datasetId = patch["datasetId"] is JsonValue d && d.TryGetValue<string>(out var s) ? s : "";
        var index = current.FindIndex(i => EntityDoc.DatasetId(i) == datasetId);
        if (index < 0) return false;
        // Read the patch as an instance of the attribute's own type, so {"value": 5} patches a Property
        // and {"object": …} a Relationship without the client repeating the type.
        var merged = (JsonObject)NgsiLdDocument.CompactAttributes(new JsonObject { [name] = current[index].DeepClone() }, context)[compactName]!.DeepClone();
        foreach (var (member, value) in patch)
            if (member is not "@context") merged[member] = value?.DeepClone();
        var normalized = NgsiLdDocument.ExpandAttributes(NgsiLdInput.Attributes(new JsonObject { [compactName] = merged }), context);
        var instance = EntityDoc.Instances(normalized[name]).Single();
        EntityDoc.Stamp(instance, edit.Now, current[index]["createdAt"]?.GetValue<string>());
        current[index] = instance;
        EntityDoc.SetInstances(doc, name, current);
        edit.Touched.Add(name);
        return true;
    }

    /// <summary>Delete Attribute: the default instance, the one with datasetId, or all of them.</summary>
    public static bool Delete(JsonObject doc, string name, string datasetId, bool deleteAll, EntityEdit edit)
    {
        var current = EntityDoc.Instances(doc[name]);
        var gone = current.Where(i => deleteAll || EntityDoc.DatasetId(i) == datasetId).ToList();
        if (gone.Count == 0) return false;
        foreach (var instance in gone) edit.Deleted.Add((name, EntityDoc.DatasetId(instance)));
        EntityDoc.SetInstances(doc, name, current.Except(gone).ToList());
        edit.Touched.Add(name);
        return true;
    }

    /// <summary>Replace Entity (PUT): every attribute is the replacement's; id and createdAt stay.</summary>
    public static void Replace(JsonObject doc, JsonObject replacement, EntityEdit edit)
    {
        foreach (var name in EntityDoc.AttributeNames(doc))
        {
            if (!replacement.ContainsKey(name))
                foreach (var instance in EntityDoc.Instances(doc[name])) edit.Deleted.Add((name, EntityDoc.DatasetId(instance)));
            doc.Remove(name);
            edit.Touched.Add(name);
        }
        if (replacement["type"] is { } type && !JsonNode.DeepEquals(type, doc["type"]))
        {
            doc["type"] = type.DeepClone();
            edit.TypesChanged = true;
        }
        foreach (var (name, value) in replacement)
        {
            if (!EntityDoc.IsAttribute(name)) { if (name is not ("id" or "type")) SetScope(doc, name, value, edit); continue; }
            var instances = EntityDoc.Instances(value).Select(i => (JsonObject)i.DeepClone()).ToList();
            foreach (var instance in instances) EntityDoc.Stamp(instance, edit.Now);
            EntityDoc.SetInstances(doc, name, instances);
            edit.Touched.Add(name);
        }
    }

    /// <summary>Merge Entity (PATCH /entities/{id}, §5.6.17): attributes given are merged in (members
    /// replace members of the existing instance), new ones added, those set to urn:ngsi-ld:null deleted.</summary>
    public static void Merge(JsonObject doc, JsonObject fragment, IEnumerable<string> deletions, EntityEdit edit)
    {
        foreach (var name in deletions)
            if (doc.ContainsKey(name)) Delete(doc, name, "", deleteAll: true, edit);
        if (fragment["type"] is { } type)
        {
            var types = EntityDoc.Types(doc).Union(type is JsonArray a ? a.Select(t => t!.GetValue<string>()) : [type.GetValue<string>()]).ToList();
            if (types.Count != EntityDoc.Types(doc).Count)
            {
                doc["type"] = types.Count == 1 ? JsonValue.Create(types[0]) : new JsonArray(types.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray());
                edit.TypesChanged = true;
            }
        }
        foreach (var (name, value) in fragment)
        {
            if (!EntityDoc.IsAttribute(name)) { if (name is not ("id" or "type")) SetScope(doc, name, value, edit); continue; }
            var current = EntityDoc.Instances(doc[name]);
            foreach (var instance in EntityDoc.Instances(value))
            {
                var index = current.FindIndex(i => EntityDoc.DatasetId(i) == EntityDoc.DatasetId(instance));
                JsonObject merged;
                if (index >= 0 && current[index]["type"]?.ToString() == instance["type"]?.ToString())
                {
                    merged = (JsonObject)current[index].DeepClone();
                    foreach (var (member, v) in instance) merged[member] = v?.DeepClone();
                }
                else merged = (JsonObject)instance.DeepClone();
                EntityDoc.Stamp(merged, edit.Now, index >= 0 ? current[index]["createdAt"]?.GetValue<string>() : null);
                if (index >= 0) current[index] = merged; else current.Add(merged);
            }
            EntityDoc.SetInstances(doc, name, current);
            edit.Touched.Add(name);
        }
    }

    /// <summary>Merge-patch bodies delete an attribute by setting it to urn:ngsi-ld:null (or JSON null).</summary>
    public static (List<string> Deletions, JsonNode Remaining) SplitNulls(JsonNode body)
    {
        if (body is not JsonObject o) return ([], body);
        var rest = new JsonObject();
        var deletions = new List<string>();
        foreach (var (name, value) in o)
        {
            var isNull = value is null
                || value is JsonValue v && v.TryGetValue<string>(out var s) && s == NullValue
                || value is JsonObject a && (a["value"] ?? a["object"]) is JsonValue av && av.TryGetValue<string>(out var s2) && s2 == NullValue;
            if (isNull && EntityDoc.IsAttribute(name)) deletions.Add(name);
            else rest[name] = value?.DeepClone();
        }
        return (deletions, rest);
    }

    static void SetScope(JsonObject doc, string name, JsonNode? value, EntityEdit edit)
    {
        if (name is not ("scope" or EntityDoc.ScopeIri)) return;
        doc[name] = value?.DeepClone();
        edit.Touched.Add(name);
    }
}
