using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Agora.Catalog.Dcat;
using static Agora.Tests.RdfDocument;
using static Agora.Tests.DcatHttp;

namespace Agora.Tests;

static class DcatHttp
{
    public static readonly Dictionary<string, string> ContentTypes = new()
    {
        ["ttl"] = "text/turtle", ["jsonld"] = "application/ld+json", ["rdf"] = "application/rdf+xml", ["xml"] = "application/rdf+xml",
    };

    /// <summary>GETs an RDF document, checks its content type and parses it with the real parser for that format.</summary>
    public static async Task<RdfDocument> GetRdfAsync(this HttpClient client, string path, string format)
    {
        var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {text}");
        Assert.Equal(ContentTypes[format], response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        return await RdfDocument.ParseAsync(text, format);
    }

    public static async Task<string> OrganisationAsync(this AgoraFactory agora, string name)
    {
        var response = await agora.Admin().PostAsJsonAsync("/api/v1/organisations", new { name, kind = "public-agency", level = "municipal" });
        return (await response.JsonAsync(HttpStatusCode.Created)).GetProperty("slug").GetString()!;
    }

    public static RdfTerm Node(string value) => new(value, IsIri: true);

    public static RdfTerm Plain(string value) => new(value);

    public static RdfTerm TypedLit(string value, string xsdType) => new(value, Datatype: Xsd + xsdType);
}

public sealed class DcatTests(AgoraFactory agora) : IClassFixture<AgoraFactory>
{
    const string Site = "http://localhost";

    // Everything a serialiser can get wrong: quotes of each kind, backslashes, Turtle's long-string
    // delimiter, XML markup and CDATA ends, newlines (CR LF too), tabs, non-ASCII beyond the BMP.
    const string NastyTitle = "Quotes \"double\" and 'single', a back\\slash, \"\"\" triple, <b>tag</b> & ]]> \t tab — Ünïcödé 日本語 🚀";
    const string NastyNotes = "Line one\nLine two\r\nA literal \\n, not a newline\n\"\"\"\n@prefix x: <http://evil.example/> .\n</dct:description><!-- --> {\"@id\": \"x\"}\n'''";

    [Fact]
    public async Task A_nasty_title_notes_and_url_come_out_exactly_and_the_three_formats_give_the_same_triples()
    {
        var org = await agora.OrganisationAsync("Nasty Names & <Co>");
        var created = await agora.Admin().OkAsync("package_create", new
        {
            name = "dcat-nasty", title = NastyTitle, notes = NastyNotes, owner_org = org, author = "Zoë \"the\" O'Brien\\",
            url = "https://example.org/über uns/\"source\"",
            resources = new[] { new { name = "Data \"2024\"\n<v1>", url = "https://example.org/files/my data \"2024\"<v1>{x}|^`.csv?q=a b&ü=1", description = NastyNotes } },
        });
        var id = created.GetProperty("id").GetString()!;
        var resourceId = created.GetProperty("resources")[0].GetProperty("id").GetString()!;

        var documents = new Dictionary<string, RdfDocument>();
        foreach (var format in new[] { "ttl", "jsonld", "rdf" })
            documents[format] = await agora.Anonymous().GetRdfAsync($"/dataset/dcat-nasty.{format}", format);

        foreach (var (format, doc) in documents)
        {
            var dataset = $"{Site}/dataset/{id}";
            Assert.True(doc.Single(dataset, Dct + "title") == Plain(NastyTitle), format);
            Assert.True(doc.Single(dataset, Dct + "description") == Plain(NastyNotes), format);
            Assert.Equal(Node("https://example.org/über%20uns/%22source%22"), doc.Single(dataset, Foaf + "page"));
            var contact = doc.Single(dataset, Dcat + "contactPoint");
            Assert.Equal(Plain("Zoë \"the\" O'Brien\\"), doc.Single(contact, Vcard + "fn"));
            var distribution = $"{Site}/dataset/{id}/resource/{resourceId}";
            Assert.Equal(Plain("Data \"2024\"\n<v1>"), doc.Single(distribution, Dct + "title"));
            Assert.Equal(Plain(NastyNotes), doc.Single(distribution, Dct + "description"));
            Assert.Equal(Node("https://example.org/files/my%20data%20%222024%22%3Cv1%3E%7Bx%7D%7C%5E%60.csv?q=a%20b&ü=1"), doc.Single(distribution, Dcat + "accessURL"));
        }
        Assert.Equal(documents["ttl"].Canonical, documents["jsonld"].Canonical);
        Assert.Equal(documents["ttl"].Canonical, documents["rdf"].Canonical);
    }

    [Fact]
    public async Task The_writers_replace_characters_no_format_can_carry_and_still_agree()
    {
        var graph = new RdfGraph();
        var subject = Rdf.Iri("http://example.org/a b")!;
        graph.Add(subject, Vocab.Dct("title"), Rdf.Text("bell \u0007, lone \ud800 surrogate, NUL \0 end"));
        graph.Add(subject, Vocab.Dct("description"), Rdf.Text("ok \U0001F680"));
        graph.Add(subject, new Iri("http://example.org/vocab/with.dot-and_1"), Rdf.Typed("5", Vocab.Xsd("integer")));
        graph.Add(subject, Vocab.Foaf("page"), Rdf.Iri("https://example.org/non\u00a0breaking\u2028line\ufeff/ü?a=1&b=%zz"));
        var canonical = new List<string>();
        foreach (var (format, rdfFormat) in new[] { ("ttl", RdfFormat.Turtle), ("jsonld", RdfFormat.JsonLd), ("rdf", RdfFormat.RdfXml) })
        {
            var doc = await RdfDocument.ParseAsync(RdfWriters.Write(graph, rdfFormat), format);
            Assert.Equal(Plain("bell \ufffd, lone \ufffd surrogate, NUL \ufffd end"), doc.Single("http://example.org/a%20b", Dct + "title"));
            Assert.Equal(Plain("ok \U0001F680"), doc.Single("http://example.org/a%20b", Dct + "description"));
            Assert.Equal(TypedLit("5", "integer"), doc.Single("http://example.org/a%20b", "http://example.org/vocab/with.dot-and_1"));
            Assert.Equal(Node("https://example.org/non%C2%A0breaking%E2%80%A8line%EF%BB%BF/ü?a=1&b=%25zz"), doc.Single("http://example.org/a%20b", Foaf + "page"));
            canonical.Add(doc.Canonical);
        }
        Assert.All(canonical, c => Assert.Equal(canonical[0], c));
    }

    [Fact]
    public async Task A_dataset_maps_to_the_dcat_ap_3_properties_as_ckanext_dcat_writes_them()
    {
        var org = await agora.OrganisationAsync("Aldport Mapping Office");
        var created = await agora.Admin().OkAsync("package_create", new
        {
            name = "dcat-full", title = "Traffic counts", notes = "Counts.", owner_org = org, version = "2.1",
            maintainer = "Data Office", maintainer_email = "data@aldport.example", author = "Someone", author_email = "someone@aldport.example",
            license_id = "CC-BY-4.0", tags = new[] { new { name = "traffic" }, new { name = "mobility" } },
            extras = new[]
            {
                new { key = "theme", value = "[\"TRAN\", \"http://publications.europa.eu/resource/authority/data-theme/ENVI\"]" },
                new { key = "frequency", value = "monthly" },
                new { key = "temporal_start", value = "2020-01-01" },
                new { key = "temporal_end", value = "2024-06-30T12:00:00+02:00" },
                new { key = "spatial", value = "{\"type\": \"Polygon\", \"coordinates\": [[[10.1, 56.1], [10.3, 56.1], [10.3, 56.2], [10.1, 56.2], [10.1, 56.1]]]}" },
            },
            resources = new[] { new { name = "Counts", url = "https://example.org/counts.csv", format = "CSV", mimetype = "text/csv", size = 1234, hash = "md5:0123456789abcdef0123456789abcdef" } },
        });
        var id = created.GetProperty("id").GetString()!;
        var orgId = created.GetProperty("owner_org").GetString()!;
        var link = created.GetProperty("resources")[0].GetProperty("id").GetString()!;

        var bytes = "a,b\n1,2\n"u8.ToArray();
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var form = new MultipartFormDataContent { { new StringContent("dcat-full"), "package_id" }, { new StringContent("Upload"), "name" }, { new StringContent("sha256:" + sha), "hash" } };
        form.Add(new ByteArrayContent(bytes), "upload", "Counts 2026.csv");
        var upload = (await (await agora.Admin().PostAsync("/api/3/action/resource_create", form)).JsonAsync()).GetProperty("result");
        var uploadId = upload.GetProperty("id").GetString()!;

        var doc = await agora.Anonymous().GetRdfAsync("/dataset/dcat-full.ttl", "ttl");
        var d = $"{Site}/dataset/{id}";
        Assert.Contains(Node(Dcat + "Dataset"), doc.Objects(d, RdfType));
        Assert.Equal(Plain("Traffic counts"), doc.Single(d, Dct + "title"));
        Assert.Equal(Plain(id), doc.Single(d, Dct + "identifier"));
        Assert.Equal(Plain("2.1"), doc.Single(d, Owl + "versionInfo"));
        Assert.Equal(Xsd + "dateTime", doc.Single(d, Dct + "issued").Datatype);
        Assert.Equal(Xsd + "dateTime", doc.Single(d, Dct + "modified").Datatype);
        Assert.Equal(Node($"{Site}/dataset/dcat-full"), doc.Single(d, Dcat + "landingPage"));
        Assert.Equal(new[] { "mobility", "traffic" }, doc.Objects(d, Dcat + "keyword").Select(k => k.Value).Order().ToArray());

        var publisher = doc.Single(d, Dct + "publisher");
        Assert.Equal(Node($"{Site}/organization/{orgId}"), publisher);
        Assert.Contains(Node(Foaf + "Agent"), doc.Objects(publisher, RdfType));
        Assert.Equal(Plain("Aldport Mapping Office"), doc.Single(publisher, Foaf + "name"));

        var contact = doc.Single(d, Dcat + "contactPoint");
        Assert.Contains(Node(Vcard + "Kind"), doc.Objects(contact, RdfType));
        Assert.Equal(Plain("Data Office"), doc.Single(contact, Vcard + "fn"));
        Assert.Equal(Node("mailto:data@aldport.example"), doc.Single(contact, Vcard + "hasEmail"));

        Assert.Equal(Node("https://creativecommons.org/licenses/by/4.0/"), doc.Single(d, Dct + "license"));
        Assert.Equal(Node(EuVocabularies.AccessRightBase + "PUBLIC"), doc.Single(d, Dct + "accessRights"));
        Assert.Equal(new[] { EuVocabularies.ThemeBase + "ENVI", EuVocabularies.ThemeBase + "TRAN" }, doc.Objects(d, Dcat + "theme").Select(t => t.Value).Order().ToArray());
        Assert.Equal(Node(EuVocabularies.FrequencyBase + "MONTHLY"), doc.Single(d, Dct + "accrualPeriodicity"));

        var period = doc.Single(d, Dct + "temporal");
        Assert.Contains(Node(Dct + "PeriodOfTime"), doc.Objects(period, RdfType));
        Assert.Equal(TypedLit("2020-01-01T00:00:00", "dateTime"), doc.Single(period, Dcat + "startDate"));
        Assert.Equal(TypedLit("2024-06-30T12:00:00+02:00", "dateTime"), doc.Single(period, Dcat + "endDate"));

        var location = doc.Single(d, Dct + "spatial");
        Assert.Contains(Node(Dct + "Location"), doc.Objects(location, RdfType));
        var geometry = doc.Objects(location, Locn + "geometry").ToList();
        var geoJson = Assert.Single(geometry, g => g.Datatype == Vocab.GeoJson.Value);
        Assert.Equal("Polygon", JsonDocument.Parse(geoJson.Value).RootElement.GetProperty("type").GetString());
        Assert.Equal("POLYGON ((10.1000 56.1000, 10.3000 56.1000, 10.3000 56.2000, 10.1000 56.2000, 10.1000 56.1000))",
            Assert.Single(geometry, g => g.Datatype == "http://www.opengis.net/ont/geosparql#wktLiteral").Value);
        Assert.Equal(2, doc.Objects(location, Dcat + "bbox").Count());

        Assert.Equal(2, doc.Objects(d, Dcat + "distribution").Count());
        var linked = $"{Site}/dataset/{id}/resource/{link}";
        Assert.Contains(Node(linked), doc.Objects(d, Dcat + "distribution"));
        Assert.Equal(Node("https://example.org/counts.csv"), doc.Single(linked, Dcat + "accessURL"));
        Assert.Empty(doc.Objects(linked, Dcat + "downloadURL"));
        Assert.Equal(Plain("CSV"), doc.Single(linked, Dct + "format"));
        Assert.Equal(Plain("text/csv"), doc.Single(linked, Dcat + "mediaType"));
        Assert.Equal(TypedLit("1234", "nonNegativeInteger"), doc.Single(linked, Dcat + "byteSize"));
        Assert.Equal(Node("https://creativecommons.org/licenses/by/4.0/"), doc.Single(linked, Dct + "license"));
        var md5 = doc.Single(linked, Spdx + "checksum");
        Assert.Equal(TypedLit("0123456789abcdef0123456789abcdef", "hexBinary"), doc.Single(md5, Spdx + "checksumValue"));
        Assert.Equal(Node(Spdx + "checksumAlgorithm_md5"), doc.Single(md5, Spdx + "algorithm"));

        var uploaded = $"{Site}/dataset/{id}/resource/{uploadId}";
        var download = Node($"{Site}/dataset/{id}/resource/{uploadId}/download/counts-2026.csv");
        Assert.Equal(download, doc.Single(uploaded, Dcat + "downloadURL"));
        Assert.Equal(download, doc.Single(uploaded, Dcat + "accessURL"));
        Assert.Equal(TypedLit(bytes.Length.ToString(), "nonNegativeInteger"), doc.Single(uploaded, Dcat + "byteSize"));
        var checksum = doc.Single(uploaded, Spdx + "checksum");
        Assert.Equal(TypedLit(sha, "hexBinary"), doc.Single(checksum, Spdx + "checksumValue"));
        Assert.Equal(Node(Spdx + "checksumAlgorithm_sha256"), doc.Single(checksum, Spdx + "algorithm"));
        Assert.Equal(Xsd + "dateTime", doc.Single(uploaded, Dct + "issued").Datatype);

        // The download URL the document names is the one Agora serves the file at.
        var file = await agora.Anonymous().GetAsync(new Uri(download.Value).PathAndQuery);
        Assert.Equal(bytes, await file.Content.ReadAsByteArrayAsync());

        // By id as well as by name, and .xml is RDF/XML too.
        var byId = await agora.Anonymous().GetRdfAsync($"/dataset/{id}.xml", "xml");
        Assert.Equal(doc.Canonical, byId.Canonical);
    }

    [Fact]
    public async Task A_brokered_dataset_is_listed_with_restricted_access_rights()
    {
        var org = await agora.OrganisationAsync("Broker Ltd");
        await agora.Admin().OkAsync("package_create", new { name = "dcat-brokered", owner_org = org, visibility = "brokered", tags = new[] { new { name = "dcat-brokered" } } });
        var doc = await agora.Anonymous().GetRdfAsync("/dataset/dcat-brokered.jsonld", "jsonld");
        var dataset = Assert.Single(doc.SubjectsOfType(Dcat + "Dataset"));
        Assert.Equal(Node(EuVocabularies.AccessRightBase + "RESTRICTED"), doc.Single(dataset, Dct + "accessRights"));

        var catalog = await agora.Anonymous().GetRdfAsync("/catalog.ttl?fq=tags:dcat-brokered", "ttl");
        Assert.Equal(dataset, Assert.Single(catalog.Objects(Site, Dcat + "dataset")));
        Assert.Equal(Node(EuVocabularies.AccessRightBase + "RESTRICTED"), catalog.Single(dataset, Dct + "accessRights"));
    }

    [Fact]
    public async Task A_private_dataset_is_not_found_but_by_members_and_never_in_the_catalogue()
    {
        var org = await agora.OrganisationAsync("Secretive Agency");
        var member = await agora.CreateUserAsync("dcat-member");
        var outsider = await agora.CreateUserAsync("dcat-outsider");
        (await agora.Admin().PutAsJsonAsync($"/api/v1/organisations/{org}/members/dcat-member", new { role = "member" })).EnsureSuccessStatusCode();
        var created = await agora.Admin().OkAsync("package_create", new { name = "dcat-private", owner_org = org, @private = true, tags = new[] { new { name = "dcat-secret" } } });
        var id = created.GetProperty("id").GetString()!;

        foreach (var client in new[] { agora.Anonymous(), outsider.Client })
            foreach (var path in new[] { "/dataset/dcat-private.ttl", $"/dataset/{id}.jsonld", "/dataset/dcat-private.rdf" })
                await (await client.GetAsync(path)).AssertProblemAsync(HttpStatusCode.NotFound);

        var asMember = await member.Client.GetRdfAsync("/dataset/dcat-private.ttl", "ttl");
        Assert.Equal(Node(EuVocabularies.AccessRightBase + "NON_PUBLIC"), asMember.Single($"{Site}/dataset/{id}", Dct + "accessRights"));
        await agora.Admin().GetRdfAsync($"/dataset/{id}.rdf", "rdf");

        foreach (var client in new[] { agora.Anonymous(), member.Client, agora.Admin() })
            foreach (var query in new[] { "fq=tags:dcat-secret", "q=dcat-private", "" })
            {
                var catalog = await client.GetRdfAsync("/catalog.ttl?" + query, "ttl");
                Assert.DoesNotContain(catalog.Triples, t => t.Subject.Value.Contains(id) || t.Object.Value.Contains(id));
            }
    }

    [Fact]
    public async Task A_deleted_dataset_is_not_found_even_for_a_system_administrator()
    {
        var org = await agora.OrganisationAsync("Deleting Dept");
        var created = await agora.Admin().OkAsync("package_create", new { name = "dcat-deleted", owner_org = org, tags = new[] { new { name = "dcat-deleted" } } });
        await agora.Admin().OkAsync("package_delete", new { id = "dcat-deleted" });
        await (await agora.Admin().GetAsync($"/dataset/{created.GetProperty("id").GetString()}.ttl")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await agora.Admin().GetAsync("/dataset/no-such-dataset.ttl")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await agora.Anonymous().GetAsync("/dataset/dcat-deleted.html")).AssertProblemAsync(HttpStatusCode.NotFound);
        var catalog = await agora.Admin().GetRdfAsync("/catalog.ttl?fq=tags:dcat-deleted", "ttl");
        Assert.Empty(catalog.Objects(Site, Dcat + "dataset"));
    }

    [Fact]
    public async Task The_catalogue_describes_itself_and_its_three_formats_agree()
    {
        var org = await agora.OrganisationAsync("Agreeing Org");
        await agora.Admin().OkAsync("package_create", new { name = "dcat-agree", title = NastyTitle, notes = NastyNotes, owner_org = org, tags = new[] { new { name = "dcat-agree" } } });
        var canonical = new List<string>();
        foreach (var format in new[] { "ttl", "jsonld", "rdf", "xml" })
        {
            var doc = await agora.Anonymous().GetRdfAsync($"/catalog.{format}?fq=tags:dcat-agree", format);
            Assert.Contains(Node(Dcat + "Catalog"), doc.Objects(Site, RdfType));
            Assert.Equal(Plain("Agora"), doc.Single(Site, Dct + "title"));
            Assert.NotEmpty(doc.Single(Site, Dct + "description").Value);
            Assert.Equal(Node(Site + "/"), doc.Single(Site, Foaf + "homepage"));
            Assert.Equal(Node(EuVocabularies.LanguageBase + "ENG"), doc.Single(Site, Dct + "language"));
            Assert.Equal(Xsd + "dateTime", doc.Single(Site, Dct + "modified").Datatype);
            Assert.Equal(Plain("Agora"), doc.Single(doc.Single(Site, Dct + "publisher"), Foaf + "name"));
            var dataset = Assert.Single(doc.Objects(Site, Dcat + "dataset"));
            Assert.Equal(Plain(NastyTitle), doc.Single(dataset, Dct + "title"));
            canonical.Add(string.Join("\n", doc.Canonical.Replace($"catalog.{format}?", "catalog.X?").Split('\n').Order(StringComparer.Ordinal)));
        }
        Assert.All(canonical, c => Assert.Equal(canonical[0], c));
    }

    [Fact]
    public async Task Modified_since_leaves_out_datasets_changed_before_it()
    {
        var org = await agora.OrganisationAsync("Since Org");
        var old = await agora.Admin().OkAsync("package_create", new { name = "dcat-since-old", owner_org = org, tags = new[] { new { name = "dcat-since" } } });
        agora.Clock.Advance(TimeSpan.FromDays(2));
        var cutoff = agora.Clock.GetUtcNow().AddHours(-1);
        var recent = await agora.Admin().OkAsync("package_create", new { name = "dcat-since-new", owner_org = org, tags = new[] { new { name = "dcat-since" } } });

        async Task<string[]> IdsAsync(string since)
        {
            var doc = await agora.Anonymous().GetRdfAsync($"/catalog.ttl?fq=tags:dcat-since&modified_since={Uri.EscapeDataString(since)}", "ttl");
            return doc.Objects(Site, Dcat + "dataset").Select(d => d.Value[(d.Value.LastIndexOf('/') + 1)..]).Order().ToArray();
        }
        var recentId = recent.GetProperty("id").GetString()!;
        Assert.Equal(new[] { recentId }, await IdsAsync(cutoff.ToString("yyyy-MM-ddTHH:mm:ssZ")));
        Assert.Equal(new[] { recentId }, await IdsAsync(cutoff.ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-ddTHH:mm:sszzz")));
        Assert.Equal(new[] { old.GetProperty("id").GetString()!, recentId }.Order(), await IdsAsync("2000-01-01"));
        Assert.Empty(await IdsAsync(agora.Clock.GetUtcNow().AddDays(1).ToString("yyyy-MM-dd")));
    }

    [Theory]
    [InlineData("page=0", "Page param")]
    [InlineData("page=-3", "Page param")]
    [InlineData("page=abc", "Page param")]
    [InlineData("page=99999999999999", "Page param")]
    [InlineData("modified_since=yesterday", "modified date")]
    [InlineData("modified_since=2024-13-45", "modified date")]
    [InlineData("q=(air", "parenthesis")]
    [InlineData("fq=title:%22open", "quoted")]
    [InlineData("q=metadata_modified:[soon%20TO%20later]", "Invalid date")]
    public async Task Bad_parameters_are_400_problems(string query, string message)
    {
        foreach (var path in new[] { "/catalog.ttl", "/catalog.jsonld", "/catalog.rdf", "/catalog" })
        {
            var problem = await (await agora.Anonymous().GetAsync($"{path}?{query}")).AssertProblemAsync(HttpStatusCode.BadRequest);
            Assert.Contains(message, problem.GetProperty("detail").GetString());
        }
    }

    [Theory]
    [InlineData(null, "text/turtle")]
    [InlineData("text/turtle", "text/turtle")]
    [InlineData("application/ld+json", "application/ld+json")]
    [InlineData("application/rdf+xml", "application/rdf+xml")]
    [InlineData("text/html, application/rdf+xml;q=0.9, */*;q=0.8", "application/rdf+xml")]
    [InlineData("application/ld+json;q=0.5, text/turtle;q=0.9", "text/turtle")]
    [InlineData("*/*", "text/turtle")]
    public async Task The_catalogue_negotiates_its_format_from_accept(string? accept, string expected)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/catalog?fq=tags:none-at-all");
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        var response = await agora.Anonymous().SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Accept", response.Headers.Vary);
        var format = DcatHttp.ContentTypes.First(c => c.Value == expected).Key;
        var doc = await RdfDocument.ParseAsync(await response.Content.ReadAsStringAsync(), format);
        Assert.Contains(Node(Dcat + "Catalog"), doc.Objects(Site, RdfType));
    }

    [Fact]
    public async Task The_catalogue_refuses_an_accept_header_it_cannot_meet_and_unknown_formats()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/catalog");
        request.Headers.TryAddWithoutValidation("Accept", "text/html, application/json");
        await (await agora.Anonymous().SendAsync(request)).AssertProblemAsync(HttpStatusCode.NotAcceptable);
        await (await agora.Anonymous().GetAsync("/catalog.n3")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_dataset_page_still_answers_beside_its_rdf_documents()
    {
        var org = await agora.OrganisationAsync("Page Org");
        await agora.Admin().OkAsync("package_create", new { name = "dcat-page", owner_org = org });
        var page = await agora.Anonymous().GetAsync("/dataset/dcat-page");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("spatial", "{\"type\": \"Point\"", "Error decoding JSON")]
    [InlineData("spatial", "[1, 2]", "Invalid GeoJSON")]
    [InlineData("spatial", "{\"type\": \"Circle\", \"coordinates\": [1, 2]}", "Invalid GeoJSON")]
    [InlineData("spatial", "{\"type\": \"Point\", \"coordinates\": [\"ten\", 56]}", "Invalid GeoJSON")]
    [InlineData("spatial", "{\"type\": \"Point\", \"coordinates\": [200, 56]}", "longitude")]
    [InlineData("spatial", "{\"type\": \"Polygon\", \"coordinates\": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}", "ring")]
    [InlineData("temporal_start", "last spring", "ISO 8601")]
    [InlineData("temporal_end", "2024-02-30", "ISO 8601")]
    [InlineData("theme", "TRANSPORT", "Unknown theme")]
    [InlineData("theme", "[\"TRAN\", \"NOPE\"]", "Unknown theme \"NOPE\"")]
    [InlineData("theme", "[\"TRAN\"", "JSON list")]
    [InlineData("frequency", "fortnightly-ish", "Unknown frequency")]
    public async Task Package_create_refuses_a_bad_dcat_extra_naming_it(string key, string value, string message)
    {
        var org = await agora.OrganisationAsync("Extras Org " + Guid.NewGuid().ToString("N")[..6]);
        var error = await agora.Admin().FailsAsync("package_create",
            new { name = "dcat-bad-extra", owner_org = org, extras = new[] { new { key, value } } }, HttpStatusCode.Conflict, "Validation Error");
        Assert.Contains(message, error.GetProperty(key)[0].GetString());
        await agora.Admin().FailsAsync("package_show", new { id = "dcat-bad-extra" }, HttpStatusCode.NotFound, "Not Found Error");
    }

    [Fact]
    public async Task A_temporal_end_before_its_start_is_refused_on_create_and_patch()
    {
        var org = await agora.OrganisationAsync("Temporal Org");
        var error = await agora.Admin().FailsAsync("package_create", new
        {
            name = "dcat-backwards", owner_org = org,
            extras = new[] { new { key = "temporal_start", value = "2024-05-01" }, new { key = "temporal_end", value = "2024-04-30T23:59:59Z" } },
        }, HttpStatusCode.Conflict, "Validation Error");
        Assert.Contains("before its start", error.GetProperty("temporal_end")[0].GetString());

        await agora.Admin().OkAsync("package_create", new { name = "dcat-forwards", owner_org = org, extras = new[] { new { key = "temporal_start", value = "2024-05-01" } } });
        var patch = await agora.Admin().FailsAsync("package_patch", new
        {
            id = "dcat-forwards",
            extras = new[] { new { key = "temporal_start", value = "2024-05-01" }, new { key = "temporal_end", value = "2023" } },
        }, HttpStatusCode.Conflict, "Validation Error");
        Assert.True(patch.TryGetProperty("temporal_end", out _));
    }

    [Fact]
    public async Task Good_dcat_extras_in_their_several_spellings_are_kept_as_sent()
    {
        var org = await agora.OrganisationAsync("Good Extras Org");
        var extras = new[]
        {
            new { key = "spatial", value = "{\"type\": \"GeometryCollection\", \"geometries\": [{\"type\": \"Point\", \"coordinates\": [10.2, 56.1, 12]}, {\"type\": \"LineString\", \"coordinates\": [[10.2, 56.1], [10.3, 56.2]]}]}" },
            new { key = "temporal_start", value = "2019" },
            new { key = "temporal_end", value = "2019-06" },
            new { key = "theme", value = "tran, http://example.org/themes/harbour" },
            new { key = "frequency", value = "http://publications.europa.eu/resource/authority/frequency/WEEKLY" },
        };
        var created = await agora.Admin().OkAsync("package_create", new { name = "dcat-good-extras", owner_org = org, extras });
        Assert.Equal(extras.OrderBy(e => e.key, StringComparer.Ordinal).Select(e => e.value),
            created.GetProperty("extras").EnumerateArray().Select(e => e.GetProperty("value").GetString()));

        var doc = await agora.Anonymous().GetRdfAsync("/dataset/dcat-good-extras.ttl", "ttl");
        var d = $"{Site}/dataset/{created.GetProperty("id").GetString()}";
        Assert.Equal(new[] { "http://example.org/themes/harbour", EuVocabularies.ThemeBase + "TRAN" }, doc.Objects(d, Dcat + "theme").Select(t => t.Value).Order().ToArray());
        Assert.Equal(Node(EuVocabularies.FrequencyBase + "WEEKLY"), doc.Single(d, Dct + "accrualPeriodicity"));
        var period = doc.Single(d, Dct + "temporal");
        Assert.Equal(TypedLit("2019-01-01T00:00:00", "dateTime"), doc.Single(period, Dcat + "startDate"));
        Assert.Equal(TypedLit("2019-06-01T00:00:00", "dateTime"), doc.Single(period, Dcat + "endDate"));
        var location = doc.Single(d, Dct + "spatial");
        Assert.Contains(doc.Objects(location, Locn + "geometry"), g => g.Value == "GEOMETRYCOLLECTION (POINT (10.2000 56.1000 12.0000), LINESTRING (10.2000 56.1000, 10.3000 56.2000))");
        Assert.Contains(doc.Objects(location, Dcat + "bbox"), g => g.Value == "POLYGON ((10.2000 56.1000, 10.3000 56.1000, 10.3000 56.2000, 10.2000 56.2000, 10.2000 56.1000))");
    }

    [Fact]
    public async Task The_openapi_description_lists_the_dcat_endpoints()
    {
        var openapi = await (await agora.Anonymous().GetAsync("/openapi/v1.json")).JsonAsync();
        var paths = openapi.GetProperty("paths");
        foreach (var path in new[] { "/catalog.{format}", "/catalog", "/dataset/{id}.{format}" })
            Assert.True(paths.TryGetProperty(path, out var item), path);
        var content = paths.GetProperty("/catalog.{format}").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content");
        Assert.True(content.TryGetProperty("text/turtle", out _));
        Assert.True(content.TryGetProperty("application/rdf+xml", out _));
    }
}

/// <summary>An Agora with two datasets per catalogue page and a configured public address.</summary>
public sealed class DcatPagingFactory : AgoraFactory
{
    public const string PublicBase = "https://data.aldport.example";

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Agora:Catalog:DatasetsPerPage", "2");
        builder.UseSetting("Agora:PublicBaseUrl", PublicBase + "/");
        builder.UseSetting("Agora:Catalog:Title", "Aldport Open Data");
    }
}

public sealed class DcatPagingTests(DcatPagingFactory agora) : IClassFixture<DcatPagingFactory>
{
    const string Base = DcatPagingFactory.PublicBase;

    async Task<string[]> FiveDatasetsAsync()
    {
        var org = await agora.OrganisationAsync("Paging Org");
        var ids = new List<string>();
        for (var i = 1; i <= 5; i++)
        {
            agora.Clock.Advance(TimeSpan.FromMinutes(1)); // each newer than the one before
            var created = await agora.Admin().OkAsync("package_create", new { name = $"dcat-paging-{i}", owner_org = org, tags = new[] { new { name = "dcat-paging" } } });
            ids.Add(created.GetProperty("id").GetString()!);
        }
        ids.Reverse(); // newest first, as the catalogue lists them
        return ids.ToArray();
    }

    [Fact]
    public async Task Pages_link_first_last_next_and_previous_as_ckanext_dcat_does()
    {
        var ids = await FiveDatasetsAsync();
        string Page(int n) => $"{Base}/catalog.ttl?fq=tags%3Adcat-paging&page={n}";

        async Task<(RdfDocument Doc, string[] Datasets)> GetAsync(int page)
        {
            var doc = await agora.Anonymous().GetRdfAsync($"/catalog.ttl?fq=tags:dcat-paging&page={page}", "ttl");
            Assert.Contains(Node(Dcat + "Catalog"), doc.Objects(Base, RdfType));
            Assert.Equal(Plain("Aldport Open Data"), doc.Single(Base, Dct + "title"));
            var listed = doc.Objects(Base, Dcat + "dataset").Select(d => d.Value[(Base.Length + "/dataset/".Length)..]).ToArray();
            var collection = Page(page);
            Assert.Contains(Node(Hydra + "PagedCollection"), doc.Objects(collection, RdfType));
            Assert.Equal(TypedLit("5", "integer"), doc.Single(collection, Hydra + "totalItems"));
            Assert.Equal(TypedLit("2", "integer"), doc.Single(collection, Hydra + "itemsPerPage"));
            Assert.Equal(Plain(Page(1)), doc.Single(collection, Hydra + "firstPage"));
            Assert.Equal(Plain(Page(3)), doc.Single(collection, Hydra + "lastPage"));
            Assert.Equal(Plain(Page(1)), doc.Single(collection, Hydra + "first"));
            Assert.Equal(Plain(Page(3)), doc.Single(collection, Hydra + "last"));
            return (doc, listed);
        }

        var (first, onFirst) = await GetAsync(1);
        Assert.Equal(ids[..2].Order(), onFirst.Order()); // canonical N-Quads are sorted, so pages compare as sets
        Assert.Equal(Plain(Page(2)), first.Single(Page(1), Hydra + "nextPage"));
        Assert.Equal(Plain(Page(2)), first.Single(Page(1), Hydra + "next"));
        Assert.Empty(first.Objects(Page(1), Hydra + "previousPage"));

        var (middle, onMiddle) = await GetAsync(2);
        Assert.Equal(ids[2..4].Order(), onMiddle.Order());
        Assert.Equal(Plain(Page(3)), middle.Single(Page(2), Hydra + "nextPage"));
        Assert.Equal(Plain(Page(1)), middle.Single(Page(2), Hydra + "previousPage"));
        Assert.Equal(Plain(Page(1)), middle.Single(Page(2), Hydra + "previous"));

        var (last, onLast) = await GetAsync(3);
        Assert.Equal(new[] { ids[4] }, onLast);
        Assert.Empty(last.Objects(Page(3), Hydra + "nextPage"));
        Assert.Equal(Plain(Page(2)), last.Single(Page(3), Hydra + "previousPage"));

        // Beyond the end: no datasets, and the previous page is the last one.
        var (beyond, onBeyond) = await GetAsync(7);
        Assert.Empty(onBeyond);
        Assert.Equal(Plain(Page(3)), beyond.Single(Page(7), Hydra + "previousPage"));
        Assert.Empty(beyond.Objects(Page(7), Hydra + "nextPage"));
    }

    [Fact]
    public async Task Uris_use_the_configured_public_base_url()
    {
        var org = await agora.OrganisationAsync("Base Org");
        var created = await agora.Admin().OkAsync("package_create", new { name = "dcat-base", owner_org = org });
        var id = created.GetProperty("id").GetString()!;
        var doc = await agora.Anonymous().GetRdfAsync("/dataset/dcat-base.rdf", "rdf");
        Assert.Equal(Node($"{Base}/dataset/dcat-base"), doc.Single($"{Base}/dataset/{id}", Dcat + "landingPage"));
        Assert.DoesNotContain(doc.Triples, t => t.Subject.Value.StartsWith("http://localhost", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_page_far_beyond_the_end_is_empty_not_an_error()
    {
        await agora.Admin().OkAsync("package_create", new { name = "dcat-far", owner_org = await agora.OrganisationAsync("Far Org") });
        var doc = await agora.Anonymous().GetRdfAsync($"/catalog.rdf?page={int.MaxValue}", "rdf");
        Assert.Empty(doc.Objects(Base, Dcat + "dataset"));
        var page = Assert.Single(doc.SubjectsOfType(Hydra + "PagedCollection"));
        Assert.Empty(doc.Objects(page, Hydra + "nextPage"));
        Assert.NotEmpty(doc.Objects(page, Hydra + "previousPage"));
    }

    [Fact]
    public async Task An_empty_result_has_no_paging()
    {
        var doc = await agora.Anonymous().GetRdfAsync("/catalog.jsonld?q=nothing-matches-this", "jsonld");
        Assert.Empty(doc.SubjectsOfType(Hydra + "PagedCollection"));
        Assert.Empty(doc.Objects(Base, Dcat + "dataset"));
    }
}
