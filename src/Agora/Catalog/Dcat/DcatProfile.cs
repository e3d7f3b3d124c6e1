using System.Globalization;
using Agora.Storage;

namespace Agora.Catalog.Dcat;

/// <summary>Agora's catalogue as DCAT-AP 3, mapped as ckanext-dcat's <c>euro_dcat_ap_3</c> profile maps a CKAN
/// site (profiles/euro_dcat_ap_base.py, euro_dcat_ap_2.py): the same URIs, properties and value types, so
/// harvesters that read CKAN's DCAT read Agora's.</summary>
public static class DcatProfile
{
    static readonly Iri A = Vocab.Type;

    /// <summary>ckanext-dcat's default URIs: {site}/dataset/{id}, {site}/dataset/{id}/resource/{rid}, {site}/organization/{id}.</summary>
    public static Iri DatasetUri(string site, Dataset d) => new($"{site}/dataset/{d.Id}");

    public static Iri DistributionUri(string site, Dataset d, Resource r) => new($"{site}/dataset/{d.Id}/resource/{r.Id}");

    public static Iri Catalog(RdfGraph g, string site, AgoraOptions.CatalogOptions options, DateTime? modified)
    {
        var catalog = Rdf.Iri(site) ?? new Iri(site);
        g.Add(catalog, A, Vocab.Dcat("Catalog"));
        g.Add(catalog, Vocab.Dct("title"), options.Title);
        g.Add(catalog, Vocab.Dct("description"), options.Description);
        g.Add(catalog, Vocab.Foaf("homepage"), Rdf.Iri(options.Homepage) ?? new Iri(site + "/"));
        g.Add(catalog, Vocab.Dct("language"), EuVocabularies.Language(options.Language));
        if (modified is { } m) g.Add(catalog, Vocab.Dct("modified"), Rdf.DateTime(m));
        var publisher = g.NewBlank();
        g.Add(catalog, Vocab.Dct("publisher"), publisher);
        g.Add(publisher, A, Vocab.Foaf("Agent"));
        g.Add(publisher, Vocab.Foaf("name"), string.IsNullOrWhiteSpace(options.Publisher) ? options.Title : options.Publisher);
        return catalog;
    }

    public static Iri Dataset(RdfGraph g, string site, Dataset d)
    {
        var dataset = DatasetUri(site, d);
        g.Add(dataset, A, Vocab.Dcat("Dataset"));
        g.Add(dataset, Vocab.Dct("title"), string.IsNullOrEmpty(d.Title) ? d.Name : d.Title);
        g.Add(dataset, Vocab.Dct("description"), d.Notes);
        var landingPage = new Iri($"{site}/dataset/{Uri.EscapeDataString(d.Name)}");
        g.Add(dataset, Vocab.Dcat("landingPage"), landingPage);
        g.Add(landingPage, A, Vocab.Foaf("Document"));
        g.Add(dataset, Vocab.Dct("identifier"), d.Id.ToString());
        g.Add(dataset, Vocab.Owl("versionInfo"), d.Version);
        // CKAN's url field is the dataset's source or home elsewhere; the landing page is Agora's own.
        g.Add(dataset, Vocab.Foaf("page"), Rdf.Iri(d.Url));
        foreach (var tag in d.Tags.OrderBy(t => t.Name, StringComparer.Ordinal)) g.Add(dataset, Vocab.Dcat("keyword"), tag.Name);
        g.Add(dataset, Vocab.Dct("issued"), Rdf.DateTime(d.CreatedAt));
        g.Add(dataset, Vocab.Dct("modified"), Rdf.DateTime(d.ModifiedAt));
        g.Add(dataset, Vocab.Dct("accessRights"), EuVocabularies.AccessRight(d.Visibility));

        var licence = Licence.Find(d.LicenseId) is { Url.Length: > 0 } l ? Rdf.Iri(l.Url) : null;
        if (licence is not null)
        {
            g.Add(dataset, Vocab.Dct("license"), licence);
            g.Add(licence, A, Vocab.Dct("LicenseDocument"));
        }

        Publisher(g, site, dataset, d);
        ContactPoint(g, dataset, d);
        Extras(g, dataset, d);
        foreach (var resource in d.Resources.OrderBy(r => r.Position)) Distribution(g, site, dataset, d, resource, licence);
        return dataset;
    }

    static void Publisher(RdfGraph g, string site, Iri dataset, Dataset d)
    {
        if (d.OwnerOrg is not { } org) return;
        var publisher = new Iri($"{site}/organization/{org.Id}");
        g.Add(dataset, Vocab.Dct("publisher"), publisher);
        g.Add(publisher, A, Vocab.Foaf("Agent"));
        g.Add(publisher, Vocab.Foaf("name"), org.Name);
        g.Add(publisher, Vocab.Foaf("homepage"), Rdf.Iri(org.Website));
    }

    /// <summary>As ckanext-dcat: a vCard from the maintainer, else the author (a vcard:Organization, which
    /// DCAT-AP 3 reads as the vcard:Kind it asks for; both types are given).</summary>
    static void ContactPoint(RdfGraph g, Iri dataset, Dataset d)
    {
        var name = !string.IsNullOrWhiteSpace(d.Maintainer) ? d.Maintainer : d.Author;
        var email = !string.IsNullOrWhiteSpace(d.MaintainerEmail) ? d.MaintainerEmail : d.AuthorEmail;
        if (string.IsNullOrWhiteSpace(name) && string.IsNullOrWhiteSpace(email)) return;
        var contact = g.NewBlank();
        g.Add(dataset, Vocab.Dcat("contactPoint"), contact);
        g.Add(contact, A, Vocab.Vcard("Kind"));
        g.Add(contact, A, Vocab.Vcard("Organization"));
        g.Add(contact, Vocab.Vcard("fn"), name);
        if (!string.IsNullOrWhiteSpace(email))
            g.Add(contact, Vocab.Vcard("hasEmail"), Rdf.Iri("mailto:" + email.Trim().Replace("mailto:", "", StringComparison.OrdinalIgnoreCase)));
    }

    static void Extras(RdfGraph g, Iri dataset, Dataset d)
    {
        string? Extra(string key) => d.Extras.FirstOrDefault(e => e.Key == key)?.Value is { } v && !string.IsNullOrWhiteSpace(v) ? v : null;

        if (Extra(DcatExtras.Theme) is { } themes)
            foreach (var item in DcatExtras.ReadList(themes) ?? [])
                g.Add(dataset, Vocab.Dcat("theme"), EuVocabularies.Concept(item, EuVocabularies.Themes, EuVocabularies.ThemeBase));

        if (Extra(DcatExtras.Frequency) is { } frequency
            && EuVocabularies.Concept(frequency, EuVocabularies.Frequencies, EuVocabularies.FrequencyBase) is { } frequencyIri)
        {
            g.Add(dataset, Vocab.Dct("accrualPeriodicity"), frequencyIri);
            g.Add(frequencyIri, A, Vocab.Dct("Frequency"));
        }

        var start = Extra(DcatExtras.TemporalStart);
        var end = Extra(DcatExtras.TemporalEnd);
        if (start is not null || end is not null)
        {
            var period = g.NewBlank();
            g.Add(dataset, Vocab.Dct("temporal"), period);
            g.Add(period, A, Vocab.Dct("PeriodOfTime"));
            g.Add(period, Vocab.Dcat("startDate"), DateLiteral(start));
            g.Add(period, Vocab.Dcat("endDate"), DateLiteral(end));
        }

        if (Extra(DcatExtras.Spatial) is { } spatial && GeoJson.Parse(spatial, out _) is { } geometry)
        {
            var location = g.NewBlank();
            g.Add(dataset, Vocab.Dct("spatial"), location);
            g.Add(location, A, Vocab.Dct("Location"));
            Geometry(g, location, Vocab.Locn("geometry"), geometry);
            if (geometry.BoundingBox() is { } box) Geometry(g, location, Vocab.Dcat("bbox"), box);
        }
    }

    /// <summary>GeoJSON, and WKT "because GeoDCAT-AP says so", as ckanext-dcat adds both.</summary>
    static void Geometry(RdfGraph g, RdfNode location, Iri predicate, GeoJson geometry)
    {
        g.Add(location, predicate, Rdf.Typed(geometry.ToString(), Vocab.GeoJson));
        g.Add(location, predicate, Rdf.Typed(geometry.ToWkt(), Vocab.Gsp("wktLiteral")));
    }

    /// <summary>ckanext-dcat parses dates with dateutil and writes xsd:dateTime (2024-05-01 → 2024-05-01T00:00:00);
    /// what does not parse stays a plain literal.</summary>
    static Literal? DateLiteral(string? text)
    {
        if (text is null) return null;
        if (DcatExtras.ParseDate(text) is not { } value) return Rdf.Text(text);
        var formatted = DcatExtras.HasOffset(text)
            ? value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFzzz", CultureInfo.InvariantCulture)
            : value.DateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture);
        return Rdf.Typed(formatted, Vocab.Xsd("dateTime"));
    }

    static void Distribution(RdfGraph g, string site, Iri dataset, Dataset d, Resource r, Iri? licence)
    {
        var distribution = DistributionUri(site, d, r);
        g.Add(dataset, Vocab.Dcat("distribution"), distribution);
        g.Add(distribution, A, Vocab.Dcat("Distribution"));
        g.Add(distribution, Vocab.Dct("title"), r.Name);
        g.Add(distribution, Vocab.Dct("description"), r.Description);

        // DCAT-AP requires an access URL: an upload is reached through Agora's download route, a link where it points.
        if (r.UrlType == "upload")
        {
            var download = Rdf.Iri(CkanDicts.DownloadUrl(site, d.Id, r.Id, r.Url))!;
            g.Add(distribution, Vocab.Dcat("accessURL"), download);
            g.Add(distribution, Vocab.Dcat("downloadURL"), download);
        }
        else g.Add(distribution, Vocab.Dcat("accessURL"), Rdf.Iri(r.Url) ?? new Iri($"{site}/dataset/{Uri.EscapeDataString(d.Name)}"));

        // As ckanext-dcat: a media type (text/csv) as dcat:mediaType, a format label (CSV) as dct:format.
        var format = string.IsNullOrWhiteSpace(r.Format) ? null : r.Format;
        var mimetype = string.IsNullOrWhiteSpace(r.Mimetype) ? null : r.Mimetype;
        if (format is not null && (mimetype is null || mimetype == format))
        {
            if (format.Contains('/') && !format.StartsWith("http", StringComparison.Ordinal)) (mimetype, format) = (format, null);
            else mimetype = null;
        }
        g.Add(distribution, Vocab.Dcat("mediaType"), mimetype);
        g.Add(distribution, Vocab.Dct("format"), format);

        if (r.Size is { } size and >= 0)
            g.Add(distribution, Vocab.Dcat("byteSize"), Rdf.Typed(size.ToString(CultureInfo.InvariantCulture), Vocab.Xsd("nonNegativeInteger")));
        Checksum(g, distribution, r.Hash);
        if (licence is not null) g.Add(distribution, Vocab.Dct("license"), licence);
        g.Add(distribution, Vocab.Dct("issued"), Rdf.DateTime(r.CreatedAt));
        g.Add(distribution, Vocab.Dct("modified"), Rdf.DateTime(r.LastModified ?? r.ModifiedAt));
    }

    /// <summary>CKAN's hash, optionally prefixed with its algorithm (sha256:…), as an spdx:Checksum.</summary>
    static void Checksum(RdfGraph g, Iri distribution, string? hash)
    {
        if (string.IsNullOrWhiteSpace(hash)) return;
        var value = hash.Trim();
        string? algorithm = null;
        if (value.IndexOf(':') is var colon and > 0)
        {
            algorithm = value[..colon].Replace("-", "").ToLowerInvariant();
            value = value[(colon + 1)..];
        }
        algorithm ??= value.Length switch { 32 => "md5", 40 => "sha1", 64 => "sha256", 128 => "sha512", _ => null };
        var checksum = g.NewBlank();
        g.Add(distribution, Vocab.Spdx("checksum"), checksum);
        g.Add(checksum, A, Vocab.Spdx("Checksum"));
        var hex = value.Length % 2 == 0 && value.All(Uri.IsHexDigit);
        g.Add(checksum, Vocab.Spdx("checksumValue"), hex ? Rdf.Typed(value.ToLowerInvariant(), Vocab.Xsd("hexBinary")) : Rdf.Text(value));
        if (algorithm is "md5" or "sha1" or "sha224" or "sha256" or "sha384" or "sha512")
            g.Add(checksum, Vocab.Spdx("algorithm"), Vocab.Spdx("checksumAlgorithm_" + algorithm));
    }

    /// <summary>Hydra paging as ckanext-dcat writes it: the page's URL as a hydra:PagedCollection, links as
    /// literals, under both the deprecated (nextPage…) and the current (next…) names.</summary>
    public static void Paging(RdfGraph g, PagingInfo p)
    {
        var page = new Iri(p.Current);
        g.Add(page, A, Vocab.Hydra("PagedCollection"));
        foreach (var (link, names) in new[]
                 {
                     (p.Next, new[] { "nextPage", "next" }), (p.Previous, ["previousPage", "previous"]),
                     (p.First, ["firstPage", "first"]), (p.Last, ["lastPage", "last"]),
                 })
            if (link is not null)
                foreach (var name in names) g.Add(page, Vocab.Hydra(name), link);
        g.Add(page, Vocab.Hydra("totalItems"), Rdf.Integer(p.Count));
        g.Add(page, Vocab.Hydra("itemsPerPage"), Rdf.Integer(p.ItemsPerPage));
    }
}

public sealed record PagingInfo(int Count, int ItemsPerPage, string Current, string First, string Last, string? Next, string? Previous);
