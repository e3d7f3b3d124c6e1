using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Agora.Harvest;

/// <summary>Reads a DCAT (DCAT-AP) catalogue published as JSON-LD, page by page along Hydra's
/// next-page links, and maps its datasets as ckanext-dcat's RDF harvester and euro_dcat_ap
/// profile do: the dataset's IRI (else its dct:identifier) is the guid, distributions become
/// resources linking to the remote files.</summary>
public static partial class DcatHarvester
{
    const string Dcat = "http://www.w3.org/ns/dcat#";
    const string Dct = "http://purl.org/dc/terms/";
    const string Foaf = "http://xmlns.com/foaf/0.1/";
    const string Vcard = "http://www.w3.org/2006/vcard/ns#";
    const string Hydra = "http://www.w3.org/ns/hydra/core#";
    const string Schema = "http://schema.org/";
    const string Owl = "http://www.w3.org/2002/07/owl#";
    const string Adms = "http://www.w3.org/ns/adms#";
    const string Locn = "http://www.w3.org/ns/locn#";
    const string Rdfs = "http://www.w3.org/2000/01/rdf-schema#";
    const string Skos = "http://www.w3.org/2004/02/skos/core#";
    public const int MaxPages = 10_000;

    [GeneratedRegex(@"[^\w \-.]")]
    private static partial Regex NotTagCharacter();

    public static async Task<List<RemoteDataset>> GatherAsync(HttpClient http, string sourceUrl, CancellationToken ct)
    {
        var found = new Dictionary<string, RemoteDataset>(StringComparer.Ordinal);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        string? url = sourceUrl;
        string? previous = null;
        while (url is not null)
        {
            if (!visited.Add(url)) break; // a next page pointing back is the end, not a loop
            if (visited.Count > MaxPages) throw new HarvestSourceException($"The DCAT catalogue has more than {MaxPages} pages; stopped.");
            var document = await SourceHttp.GetJsonAsync(http, url, "application/ld+json, application/json;q=0.5", "the DCAT catalogue", ct);
            // As ckanext-dcat: a "next" page with the same content means the catalogue ignores paging.
            var content = document.ToJsonString();
            if (content == previous) break;
            previous = content;
            var graph = JsonLdGraph.Parse(document);
            foreach (var node in graph.OfType(Dcat + "Dataset"))
            {
                var remote = ToRemote(graph, node);
                found.TryAdd(remote.RemoteId, remote);
            }
            url = NextPage(graph, url);
        }
        return [.. found.Values];
    }

    static string? NextPage(JsonLdGraph graph, string current)
    {
        foreach (var node in graph.Nodes.Values)
        {
            var next = node.First(Hydra + "nextPage") ?? node.First(Hydra + "next");
            if (next?.Text is { Length: > 0 } link)
                return Uri.TryCreate(new Uri(current), link, out var absolute) && absolute.Scheme is "http" or "https" ? absolute.ToString() : null;
        }
        return null;
    }

    public static RemoteDataset ToRemote(JsonLdGraph graph, LdNode d)
    {
        string? Text(LdNode node, string iri) => node.First(iri)?.Text is { } t && t.Trim().Length > 0 ? t.Trim() : null;
        string? Label(LdValue? value) => graph.Node(value) is { } n
            ? Text(n, Skos + "prefLabel") ?? Text(n, Rdfs + "label") ?? Text(n, Foaf + "name") ?? (n.IsBlank ? null : n.Id)
            : value?.Text;

        // As ckanext-dcat's _get_guid: the dataset's IRI, else its identifier, else its title.
        var guid = (d.IsBlank ? null : d.Id) ?? Text(d, Dct + "identifier") ?? Text(d, Dct + "title") ?? Guid.NewGuid().ToString();
        var title = Text(d, Dct + "title");
        var package = new JsonObject { ["title"] = title, ["notes"] = Text(d, Dct + "description") };
        if (title is null) package.Remove("title");
        if (package["notes"] is null) package.Remove("notes");
        package["name"] = title ?? guid;
        if (d.First(Dcat + "landingPage") is { } landing && (landing.Id ?? landing.Literal) is { } landingUrl) package["url"] = landingUrl;
        if ((Text(d, Owl + "versionInfo") ?? Text(d, Dcat + "version") ?? Text(d, Adms + "version")) is { } version) package["version"] = version;
        if (License(graph, d) is { } licence) package["license_id"] = licence;

        var tags = d.All(Dcat + "keyword").Select(k => k.Literal).OfType<string>()
            .Select(k => NotTagCharacter().Replace(k.Trim(), "-")).Where(k => k.Length is >= 2 and <= 100).Distinct();
        package["tags"] = new JsonArray(tags.Select(t => (JsonNode)new JsonObject { ["name"] = t }).ToArray());

        if (graph.Node(d.First(Dcat + "contactPoint")) is { } contact)
        {
            if (Text(contact, Vcard + "fn") is { } fn) package["maintainer"] = fn;
            if ((contact.First(Vcard + "hasEmail")?.Text) is { } email) package["maintainer_email"] = email.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? email[7..] : email;
        }

        var extras = new JsonArray();
        void Extra(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value)) extras.Add(new JsonObject { ["key"] = key, ["value"] = value });
        }
        Extra("identifier", Text(d, Dct + "identifier"));
        if (!d.IsBlank) Extra("uri", d.Id);
        Extra("issued", Text(d, Dct + "issued"));
        Extra("modified", Text(d, Dct + "modified"));
        // As ckanext-dcat stores list values: a JSON list.
        var themes = d.All(Dcat + "theme").Select(t => t.Id ?? t.Literal).OfType<string>().ToList();
        if (themes.Count > 0) Extra("theme", new JsonArray(themes.Select(t => (JsonNode)t).ToArray()).ToJsonString());
        Extra("frequency", d.First(Dct + "accrualPeriodicity") is { } f ? f.Id ?? f.Literal : null);
        if (graph.Node(d.First(Dct + "temporal")) is { } temporal)
        {
            Extra("temporal_start", Text(temporal, Dcat + "startDate") ?? Text(temporal, Schema + "startDate"));
            Extra("temporal_end", Text(temporal, Dcat + "endDate") ?? Text(temporal, Schema + "endDate"));
        }
        if (d.First(Dct + "spatial") is { } spatial)
        {
            var place = graph.Node(spatial);
            if (place is not null && !place.IsBlank) Extra("spatial_uri", place.Id);
            else if (place is null && spatial.Id is { } spatialIri) Extra("spatial_uri", spatialIri);
            var geometry = place is null ? null : (place.All(Locn + "geometry").Concat(place.All(Dcat + "bbox")))
                .Select(g => g.Literal).FirstOrDefault(g => g is not null && g.TrimStart().StartsWith('{'));
            Extra("spatial", geometry);
            if (place is not null) Extra("spatial_text", Text(place, Skos + "prefLabel") ?? Text(place, Rdfs + "label"));
        }
        package["extras"] = extras;

        package["resources"] = new JsonArray(d.All(Dcat + "distribution").Select(graph.Node).OfType<LdNode>()
            .Select(dist => (JsonNode)Resource(graph, dist, Label)).ToArray());

        RemoteOrganisation? org = null;
        if (graph.Node(d.First(Dct + "publisher")) is { } publisher && Text(publisher, Foaf + "name") is { } publisherName)
            org = new RemoteOrganisation(publisherName, publisherName, null);
        var remoteUrl = package["url"]?.ToString() ?? (d.IsBlank ? null : d.Id);
        return new RemoteDataset(guid, title ?? guid, package, org, remoteUrl);
    }

    static JsonObject Resource(JsonLdGraph graph, LdNode dist, Func<LdValue?, string?> label)
    {
        string? Link(string iri) => dist.First(iri) is { } v ? v.Id ?? v.Literal : null;
        var resource = new JsonObject { ["url"] = Link(Dcat + "downloadURL") ?? Link(Dcat + "accessURL") ?? "" };
        if (dist.First(Dct + "title")?.Text is { } name) resource["name"] = name;
        if (dist.First(Dct + "description")?.Text is { } description) resource["description"] = description;
        var mediaType = dist.First(Dcat + "mediaType") is { } m ? label(m) : null;
        if (mediaType is not null)
        {
            // IANA's register IRIs name the type in their last two segments.
            const string iana = "https://www.iana.org/assignments/media-types/";
            resource["mimetype"] = mediaType.StartsWith(iana, StringComparison.OrdinalIgnoreCase) ? mediaType[iana.Length..]
                : mediaType.StartsWith("http://www.iana.org/assignments/media-types/", StringComparison.OrdinalIgnoreCase) ? mediaType[43..] : mediaType;
        }
        if (dist.First(Dct + "format") is { } format && label(format) is { } formatText)
            resource["format"] = formatText.Contains("://", StringComparison.Ordinal) ? formatText.TrimEnd('/').Split('/')[^1] : formatText;
        if (dist.First(Dcat + "byteSize")?.Literal is { } size
            && decimal.TryParse(size, NumberStyles.Float, CultureInfo.InvariantCulture, out var bytes) && bytes >= 0 && bytes <= long.MaxValue)
            resource["size"] = (long)bytes;
        return resource;
    }

    /// <summary>The licence as one of Agora's ids when its IRI is one of theirs, else the IRI itself (as ckanext-dcat keeps it).</summary>
    static string? License(JsonLdGraph graph, LdNode d)
    {
        var value = d.First(Dct + "license") ?? graph.Node(d.First(Dcat + "distribution"))?.First(Dct + "license");
        var iri = value?.Id ?? value?.Literal;
        if (iri is null || iri.StartsWith("_:", StringComparison.Ordinal)) return null;
        static string Norm(string u) => u.Replace("https://", "http://", StringComparison.OrdinalIgnoreCase).TrimEnd('/');
        var known = Catalog.Licence.All.FirstOrDefault(l => l.Url.Length > 0 && Norm(l.Url) == Norm(iri))
            ?? Catalog.Licence.All.FirstOrDefault(l => string.Equals(l.Id, iri, StringComparison.OrdinalIgnoreCase))
            ?? Catalog.Licence.All.FirstOrDefault(l => iri.TrimEnd('/').EndsWith("/" + l.Id, StringComparison.OrdinalIgnoreCase));
        return known?.Id ?? (iri.Length <= 100 ? iri : null);
    }
}
