using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace Agora.Tests;

/// <summary>The catalogue's forms (create, edit and delete datasets and resources) and resource
/// pages with previews, used as a browser would: signed in with a cookie, posting with the page's
/// antiforgery token.</summary>
public sealed partial class CatalogueFormsTests(AgoraFactory agora) : IClassFixture<AgoraFactory>
{
    /// <summary>An organisation with an editor and a plain member, both signed in to the web UI.</summary>
    async Task<(string Org, HttpClient Editor, HttpClient Member, TestUser EditorUser)> OrganisationAsync(string prefix)
    {
        var editor = await agora.CreateUserAsync($"{prefix}-editor");
        var member = await agora.CreateUserAsync($"{prefix}-member");
        var org = (await (await agora.Admin().PostAsJsonAsync("/api/v1/organisations", new { name = $"{prefix} agency", kind = "company" }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("slug").GetString()!;
        (await agora.Admin().PutAsJsonAsync($"/api/v1/organisations/{org}/members/{prefix}-editor", new { role = "editor" })).EnsureSuccessStatusCode();
        (await agora.Admin().PutAsJsonAsync($"/api/v1/organisations/{org}/members/{prefix}-member", new { role = "member" })).EnsureSuccessStatusCode();
        return (org, await SignedInAsync(editor), await SignedInAsync(member), editor);
    }

    async Task<HttpClient> SignedInAsync(TestUser user)
    {
        var browser = agora.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(user.UserName, user.Password)).StatusCode);
        return browser;
    }

    static Dictionary<string, string> DatasetFields(string org, string title, string name = "") => new()
    {
        ["Form.Title"] = title, ["Form.Name"] = name, ["Form.Organisation"] = org, ["Form.Visibility"] = "public",
        ["Form.Licence"] = "CC-BY-4.0", ["Form.Notes"] = "Measured **hourly**.",
    };

    async Task<string> ShowAsync(HttpClient browser, string path)
    {
        var response = await browser.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {html}");
        return html;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    static async Task<string> TokenFromAsync(HttpClient browser, string page) =>
        AntiforgeryField().Match(await (await browser.GetAsync(page)).Content.ReadAsStringAsync()).Groups[1].Value;

    /// <summary>Posts a multipart form (as the resource forms are) with the antiforgery token of <paramref name="page"/>.</summary>
    static async Task<HttpResponseMessage> UploadAsync(HttpClient browser, string page, Dictionary<string, string> fields,
        string? fileName = null, byte[]? content = null, string? tokenFrom = null)
    {
        var form = new MultipartFormDataContent { { new StringContent(await TokenFromAsync(browser, tokenFrom ?? page)), "__RequestVerificationToken" } };
        foreach (var (key, value) in fields) form.Add(new StringContent(value), key);
        if (fileName is not null) form.Add(new ByteArrayContent(content!), "upload", fileName);
        return await browser.PostAsync(page, form);
    }

    /// <summary>Uploads a file as a new resource through the form; returns the resource page's address.</summary>
    static async Task<string> AddFileAsync(HttpClient browser, string dataset, string fileName, byte[] content, string? format = null)
    {
        var response = await UploadAsync(browser, $"/dataset/{dataset}/resource/new",
            new() { ["Form.Name"] = "", ["Form.Format"] = format ?? "" }, fileName, content);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response.Headers.Location!.OriginalString;
    }

    async Task<int> CountAsync(string name) => await agora.WithDbAsync(db => db.Datasets.CountAsync(d => d.Name == name));

    [Fact]
    public async Task Editor_creates_edits_and_deletes_a_dataset_through_the_forms()
    {
        var (org, editor, _, _) = await OrganisationAsync("uf-a");
        Assert.Contains($"value=\"{org}\"", await ShowAsync(editor, "/dataset/new"));

        var fields = DatasetFields(org, "Harbour noise levels");
        fields["Form.Visibility"] = "brokered";
        fields["Form.Tags"] = "noise, harbour";
        fields["Form.Version"] = "2.1";
        fields["Form.Author"] = "Noise Office";
        fields["Form.AuthorEmail"] = "noise@aldport.example";
        fields["Form.Theme"] = "ENVI";
        fields["Form.Frequency"] = "MONTHLY";
        fields["Form.TemporalStart"] = "2025-01-01";
        fields["Form.TemporalEnd"] = "2025-12-31";
        fields["Form.Spatial"] = """{"type": "Polygon", "coordinates": [[[10.1, 56.1], [10.3, 56.1], [10.3, 56.2], [10.1, 56.1]]]}""";
        fields["Form.Extras[0].Key"] = "sensor_count";
        fields["Form.Extras[0].Value"] = "14";
        var created = await editor.SubmitAsync("/dataset/new", fields);

        // The name is made from the title, and the next step is adding data.
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal("/dataset/harbour-noise-levels/resource/new", created.Headers.Location!.OriginalString);
        var shown = await agora.Admin().OkAsync("package_show", new { id = "harbour-noise-levels" });
        Assert.Equal("brokered", shown.GetProperty("visibility").GetString());
        Assert.Equal("CC-BY-4.0", shown.GetProperty("license_id").GetString());
        Assert.Equal(["harbour", "noise"], shown.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        var extras = shown.GetProperty("extras").EnumerateArray().ToDictionary(e => e.GetProperty("key").GetString()!, e => e.GetProperty("value").GetString());
        Assert.Equal("ENVI", extras["theme"]);
        Assert.Equal("MONTHLY", extras["frequency"]);
        Assert.Equal("2025-12-31", extras["temporal_end"]);
        Assert.Equal("14", extras["sensor_count"]);
        Assert.Contains("Polygon", extras["spatial"]);

        // A resource added through the API survives editing the metadata.
        await agora.Admin().OkAsync("resource_create", new { package_id = "harbour-noise-levels", url = "https://data.example/noise.csv", name = "Noise" });
        var edit = await ShowAsync(editor, "/dataset/harbour-noise-levels/edit");
        Assert.Contains("value=\"Harbour noise levels\"", edit);
        Assert.Contains("value=\"sensor_count\"", edit);
        Assert.Contains("<option value=\"ENVI\" selected=\"selected\">", edit);

        // On the edit form an empty name is an error, not a new name made from the title.
        fields["Form.Name"] = "";
        var unnamed = await editor.SubmitAsync("/dataset/harbour-noise-levels/edit", fields);
        Assert.Equal(HttpStatusCode.OK, unnamed.StatusCode);
        Assert.Contains("id=\"Form_Name-error\">Missing value</span>", await unnamed.Content.ReadAsStringAsync());

        fields["Form.Name"] = "harbour-noise";
        fields["Form.Title"] = "Harbour noise";
        fields["Form.Extras[0].Key"] = ""; // removes the extra
        fields["Form.Theme"] = "";
        var saved = await editor.SubmitAsync("/dataset/harbour-noise-levels/edit", fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/dataset/harbour-noise", saved.Headers.Location!.OriginalString);
        shown = await agora.Admin().OkAsync("package_show", new { id = "harbour-noise" });
        Assert.Equal("Harbour noise", shown.GetProperty("title").GetString());
        Assert.Equal(1, shown.GetProperty("resources").GetArrayLength());
        var keys = shown.GetProperty("extras").EnumerateArray().Select(e => e.GetProperty("key").GetString()).ToList();
        Assert.DoesNotContain("sensor_count", keys);
        Assert.DoesNotContain("theme", keys);
        Assert.Contains("frequency", keys);

        var page = await ShowAsync(editor, "/dataset/harbour-noise");
        Assert.Contains("href=\"/dataset/harbour-noise/edit\"", page);
        Assert.Contains("href=\"/dataset/harbour-noise/resource/new\"", page);

        Assert.Contains("Delete “Harbour noise”?", await ShowAsync(editor, "/dataset/harbour-noise/delete"));
        var deleted = await editor.SubmitAsync("/dataset/harbour-noise/delete", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal("deleted", (await agora.Admin().OkAsync("package_show", new { id = "harbour-noise" })).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Invalid_input_is_shown_next_to_the_fields_with_the_api_messages_and_nothing_is_stored()
    {
        var (org, editor, _, _) = await OrganisationAsync("uf-b");
        var fields = DatasetFields(org, "Bad things", "Bad Name!");
        fields["Form.AuthorEmail"] = "not-an-email";
        fields["Form.Spatial"] = """{"type": "Polygon", "coordinates": [[10, 56]]}""";
        fields["Form.TemporalStart"] = "last spring";
        fields["Form.Tags"] = "x";
        var response = await editor.SubmitAsync("/dataset/new", fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("role=\"alert\"", html); // the summary
        Assert.Contains("<span class=\"field-error\" id=\"Form_Name-error\">Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_</span>", html);
        Assert.Contains("<span class=\"field-error\" id=\"Form_AuthorEmail-error\">Email not-an-email is not a valid format</span>", html);
        Assert.Contains("id=\"Form_Spatial-error\">Error creating geometry:", html);
        Assert.Contains("id=\"Form_TemporalStart-error\">Date format incorrect", html);
        Assert.Contains("Tag \"x\" length is less than minimum 2", html);
        Assert.Contains("value=\"Bad things\"", html); // what was typed is kept
        Assert.Equal(0, await agora.WithDbAsync(db => db.Datasets.CountAsync(d => d.Title == "Bad things")));

        var broken = DatasetFields(org, "Broken shape", "broken-shape");
        broken["Form.Spatial"] = "{\"type\": \"Point\", ";
        html = WebUtility.HtmlDecode(await (await editor.SubmitAsync("/dataset/new", broken)).Content.ReadAsStringAsync());
        Assert.Contains("id=\"Form_Spatial-error\">Error decoding JSON object:", html);
        Assert.Equal(0, await CountAsync("broken-shape"));

        // The same name twice: the second is refused as package_create refuses it.
        Assert.Equal(HttpStatusCode.Redirect, (await editor.SubmitAsync("/dataset/new", DatasetFields(org, "Taken", "uf-b-taken"))).StatusCode);
        html = await (await editor.SubmitAsync("/dataset/new", DatasetFields(org, "Taken again", "uf-b-taken"))).Content.ReadAsStringAsync();
        Assert.Contains("id=\"Form_Name-error\">That URL is already in use.</span>", html);
        Assert.Equal(1, await CountAsync("uf-b-taken"));

        // The API gives the same errors for the same extras.
        var error = await agora.Admin().FailsAsync("package_create", new
        {
            name = "uf-b-api", owner_org = org, extras = new[] { new { key = "spatial", value = "{\"type\": \"Circle\"}" }, new { key = "temporal_end", value = "soon" } },
        }, HttpStatusCode.Conflict, "Validation Error");
        Assert.StartsWith("Error creating geometry:", error.GetProperty("spatial")[0].GetString());
        Assert.StartsWith("Date format incorrect", error.GetProperty("temporal_end")[0].GetString());
    }

    [Fact]
    public async Task Outsiders_members_and_anonymous_visitors_cannot_reach_or_post_the_forms()
    {
        var (org, editor, member, _) = await OrganisationAsync("uf-c");
        Assert.Equal(HttpStatusCode.Redirect, (await editor.SubmitAsync("/dataset/new", DatasetFields(org, "Guarded", "uf-c-guarded"))).StatusCode);
        var resource = (await agora.Admin().OkAsync("resource_create", new { package_id = "uf-c-guarded", url = "https://data.example/a.csv", name = "A" }))
            .GetProperty("id").GetString();
        var outsider = await SignedInAsync(await agora.CreateUserAsync("uf-c-outsider"));
        var anonymous = agora.Browser();

        string[] pages = ["/dataset/uf-c-guarded/edit", "/dataset/uf-c-guarded/delete", "/dataset/uf-c-guarded/resource/new",
            $"/dataset/uf-c-guarded/resource/{resource}/edit", $"/dataset/uf-c-guarded/resource/{resource}/delete"];
        foreach (var page in pages.Append("/dataset/new"))
        {
            var response = await anonymous.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/signin", response.Headers.Location!.PathAndQuery);
        }
        foreach (var (who, browser) in new[] { ("outsider", outsider), ("member", member) })
        {
            foreach (var page in pages)
            {
                var response = await browser.GetAsync(page);
                Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.PathAndQuery.StartsWith("/denied"),
                    $"{who} GET {page}: {(int)response.StatusCode} {response.Headers.Location}");
                // A valid antiforgery token (from a page they may see) does not get them through either.
                var fields = DatasetFields(org, "Taken over", "uf-c-taken");
                fields["__RequestVerificationToken"] = await TokenFromAsync(browser, "/account");
                var posted = await browser.PostAsync(page, new FormUrlEncodedContent(fields));
                Assert.True(posted.StatusCode == HttpStatusCode.Redirect && posted.Headers.Location!.PathAndQuery.StartsWith("/denied"),
                    $"{who} POST {page}: {(int)posted.StatusCode} {posted.Headers.Location}");
            }
            // Nor can they create a dataset in an organisation they do not edit.
            var create = DatasetFields(org, "Planted", $"uf-c-planted-{who}");
            create["__RequestVerificationToken"] = await TokenFromAsync(browser, "/account");
            var planted = await browser.PostAsync("/dataset/new", new FormUrlEncodedContent(create));
            Assert.StartsWith("/denied", planted.Headers.Location?.PathAndQuery ?? $"{(int)planted.StatusCode}");
            Assert.Equal(0, await CountAsync($"uf-c-planted-{who}"));
        }
        // Anonymous posts with the sign-in page's token are sent to sign in; nothing changes.
        var anonymousPost = DatasetFields(org, "Anonymous", "uf-c-anonymous");
        anonymousPost["__RequestVerificationToken"] = await TokenFromAsync(anonymous, "/signin");
        foreach (var page in pages.Append("/dataset/new"))
        {
            var response = await anonymous.PostAsync(page, new FormUrlEncodedContent(anonymousPost));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/signin", response.Headers.Location!.PathAndQuery);
        }
        // Another user's token is refused outright.
        var stolen = DatasetFields(org, "Stolen", "uf-c-stolen");
        stolen["__RequestVerificationToken"] = await TokenFromAsync(outsider, "/account");
        Assert.Equal(HttpStatusCode.BadRequest, (await editor.PostAsync("/dataset/new", new FormUrlEncodedContent(stolen))).StatusCode);

        var shown = await agora.Admin().OkAsync("package_show", new { id = "uf-c-guarded" });
        Assert.Equal("Guarded", shown.GetProperty("title").GetString());
        Assert.Equal("active", shown.GetProperty("state").GetString());
        Assert.Equal(1, shown.GetProperty("resources").GetArrayLength());
        Assert.Equal(0, await CountAsync("uf-c-taken") + await CountAsync("uf-c-anonymous") + await CountAsync("uf-c-stolen"));

        // A private dataset's resource page is for its organisation's members only.
        var secretFields = DatasetFields(org, "Secret", "uf-c-secret");
        secretFields["Form.Visibility"] = "private";
        Assert.Equal(HttpStatusCode.Redirect, (await editor.SubmitAsync("/dataset/new", secretFields)).StatusCode);
        var secret = (await agora.Admin().OkAsync("resource_create", new { package_id = "uf-c-secret", url = "https://data.example/s.csv", name = "S" }))
            .GetProperty("id").GetString();
        Assert.StartsWith("/denied", (await outsider.GetAsync($"/dataset/uf-c-secret/resource/{secret}")).Headers.Location!.PathAndQuery);
        Assert.StartsWith("/signin", (await anonymous.GetAsync($"/dataset/uf-c-secret/resource/{secret}")).Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync($"/dataset/uf-c-secret/resource/{secret}")).StatusCode);

        // A plain member is told how to become a publisher; the edit actions are not offered to them.
        Assert.Contains("not an editor or admin", await ShowAsync(member, "/dataset/new"));
        Assert.DoesNotContain("/dataset/uf-c-guarded/edit", await ShowAsync(member, "/dataset/uf-c-guarded"));
    }

    [Fact]
    public async Task An_uploaded_csv_is_previewed_as_a_table_with_its_cells_escaped()
    {
        var (org, editor, _, _) = await OrganisationAsync("uf-d");
        await editor.SubmitAsync("/dataset/new", DatasetFields(org, "Bike counts", "uf-d-bikes"));
        var csv = new StringBuilder("station;count;note\n");
        csv.Append("\"Havnegade; north\";412;\"said \"\"hi\"\"\nover two lines\"\n");
        csv.Append("Strandvej;388;<script>alert('x')</script>\n");
        for (var i = 0; i < 80; i++) csv.Append($"Station {i};{i};\n");
        var page = await AddFileAsync(editor, "uf-d-bikes", "Bike Counts.csv", Encoding.UTF8.GetBytes(csv.ToString()));

        Assert.Matches("^/dataset/uf-d-bikes/resource/[0-9a-f-]{36}$", page);
        var html = await ShowAsync(editor, page);
        Assert.Contains("<th scope=\"col\">station</th>", html);
        Assert.Contains("<td>Havnegade; north</td>", html); // a quoted separator stays in its cell
        Assert.Contains("said &quot;hi&quot;&#xA;over two lines", html); // quotes and line breaks inside a quoted cell
        Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;", html);
        Assert.DoesNotContain("<script>alert", html);
        Assert.Contains("The first 50 rows.", html);
        Assert.Contains("<td>Station 47</td>", html);
        Assert.DoesNotContain("<td>Station 48</td>", html);
        Assert.Contains("Download", html);
        Assert.Contains("bike-counts.csv", html);

        // Anyone may see the public resource's page; the dataset page links to it.
        Assert.Contains("<th scope=\"col\">station</th>", await ShowAsync(agora.Anonymous(), page));
        Assert.Contains($"href=\"{page}\"", await ShowAsync(agora.Anonymous(), "/dataset/uf-d-bikes"));
    }

    [Fact]
    public async Task Malformed_files_say_they_cannot_be_previewed_instead_of_failing()
    {
        var (org, editor, _, _) = await OrganisationAsync("uf-e");
        await editor.SubmitAsync("/dataset/new", DatasetFields(org, "Broken files", "uf-e-broken"));
        var cases = new (string File, byte[] Content, string Says)[]
        {
            ("stray-quote.csv", "a,b\nx\"y,1\n"u8.ToArray(), "not well-formed CSV"),
            ("binary.csv", [0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52], "does not look like text"),
            ("broken.json", "{\"a\": [1, 2"u8.ToArray(), "not valid JSON"),
            ("not-geo.geojson", "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [\"x\", 1]}}]}"u8.ToArray(), "not valid GeoJSON"),
            ("not-json.geojson", "<kml></kml>"u8.ToArray(), "not valid JSON"),
        };
        foreach (var (file, content, says) in cases)
        {
            var html = await ShowAsync(editor, await AddFileAsync(editor, "uf-e-broken", file, content));
            Assert.Contains("Cannot preview this file", html);
            Assert.Contains(says, html);
        }
        // A format without a preview says so; a linked resource is never fetched.
        Assert.Contains("There is no preview", await ShowAsync(editor, await AddFileAsync(editor, "uf-e-broken", "data.bin", [1, 2, 3])));
        var link = await editor.SubmitAsync("/dataset/uf-e-broken/resource/new", new Dictionary<string, string>
        {
            ["Form.Url"] = "http://127.0.0.1:9/internal.csv", ["Form.Name"] = "", ["Form.Format"] = "",
        });
        Assert.Equal(HttpStatusCode.Redirect, link.StatusCode);
        var linked = await ShowAsync(editor, link.Headers.Location!.OriginalString);
        Assert.Contains("Previews are available for uploaded files", linked);
        Assert.Matches("<h1>internal.csv\\s+<span class=\"badge\">CSV</span>", linked);

        // A link that is not a web address is shown, never made clickable.
        var script = (await agora.Admin().OkAsync("resource_create", new { package_id = "uf-e-broken", url = "javascript://%0aalert(1)", name = "Sneaky" }))
            .GetProperty("id").GetString();
        var sneaky = await ShowAsync(editor, $"/dataset/uf-e-broken/resource/{script}");
        Assert.DoesNotContain("href=\"javascript:", sneaky);
        Assert.Contains("javascript://%0aalert(1)", sneaky);
    }

    [Fact]
    public async Task GeoJson_is_drawn_as_an_svg_map_json_is_pretty_printed_and_images_are_shown()
    {
        var (org, editor, _, _) = await OrganisationAsync("uf-f");
        await editor.SubmitAsync("/dataset/new", DatasetFields(org, "Harbour geography", "uf-f-geo"));
        var geojson = """
            {"type": "FeatureCollection", "features": [
              {"type": "Feature", "properties": {"name": "Pier <1>"}, "geometry": {"type": "Point", "coordinates": [10.21, 56.15]}},
              {"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": [[10.2, 56.14], [10.25, 56.16]]}},
              {"type": "Feature", "properties": {}, "geometry": {"type": "MultiPolygon", "coordinates": [[[[10.19, 56.13], [10.23, 56.13], [10.23, 56.17], [10.19, 56.13]]]]}}
            ]}
            """;
        var html = await ShowAsync(editor, await AddFileAsync(editor, "uf-f-geo", "harbour.geojson", Encoding.UTF8.GetBytes(geojson)));
        Assert.Contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"geomap\"", html);
        Assert.Contains("class=\"geo-point\"", html);
        Assert.Contains("class=\"geo-line\"", html);
        Assert.Contains("class=\"geo-area\"", html);
        Assert.Contains("<title>Pier &lt;1&gt;</title>", html);
        Assert.Contains("<strong>3 features</strong>", html);
        Assert.DoesNotContain("<script", html[html.IndexOf("<svg", StringComparison.Ordinal)..html.IndexOf("</svg>", StringComparison.Ordinal)]);

        html = await ShowAsync(editor, await AddFileAsync(editor, "uf-f-geo", "stations.json", "{\"stations\":[{\"id\":1,\"name\":\"<b>North</b>\"}]}"u8.ToArray()));
        Assert.Contains("{\n  \"stations\": [\n    {\n      \"id\": 1,", WebUtility.HtmlDecode(html));
        Assert.Contains("&quot;&lt;b&gt;North&lt;/b&gt;&quot;", html);

        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
        var imagePage = await AddFileAsync(editor, "uf-f-geo", "harbour.png", png);
        html = await ShowAsync(editor, imagePage);
        var src = Regex.Match(html, "<img class=\"preview-image\" src=\"([^\"]+)\"").Groups[1].Value;
        Assert.EndsWith("/download/harbour.png", src);
        var image = await editor.GetAsync(src);
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        Assert.Equal(png, await image.Content.ReadAsByteArrayAsync());

        html = await ShowAsync(editor, await AddFileAsync(editor, "uf-f-geo", "readme.txt", "line one\nline <two>\n"u8.ToArray()));
        Assert.Contains("line one&#xA;line &lt;two&gt;", html);

        html = await ShowAsync(editor, await AddFileAsync(editor, "uf-f-geo", "levels.tsv", "site\tlevel, dB\nPier\t61,5\n"u8.ToArray()));
        Assert.Contains("<th scope=\"col\">level, dB</th>", html);
        Assert.Contains("<td>61,5</td>", html);
    }

    [Fact]
    public async Task Resources_are_edited_replaced_and_deleted_through_the_forms()
    {
        var (org, editor, _, _) = await OrganisationAsync("uf-g");
        await editor.SubmitAsync("/dataset/new", DatasetFields(org, "Counts", "uf-g-counts"));
        var empty = await UploadAsync(editor, "/dataset/uf-g-counts/resource/new", new() { ["Form.Name"] = "Nothing" });
        Assert.Contains("Choose a file to upload, or give a link to the data.", await empty.Content.ReadAsStringAsync());

        var page = await AddFileAsync(editor, "uf-g-counts", "counts.csv", "a,b\n1,2\n"u8.ToArray());
        var id = page[(page.LastIndexOf('/') + 1)..];
        var shown = await agora.Admin().OkAsync("resource_show", new { id });
        Assert.Equal("counts.csv", shown.GetProperty("name").GetString());
        Assert.Equal("CSV", shown.GetProperty("format").GetString());
        Assert.Equal(8, shown.GetProperty("size").GetInt64());

        // Saving the description keeps the file; a new file replaces it, with its own media type.
        var saved = await UploadAsync(editor, $"{page}/edit", new() { ["Form.Name"] = "Counts 2026", ["Form.Description"] = "Daily", ["Form.Format"] = "CSV" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        shown = await agora.Admin().OkAsync("resource_show", new { id });
        Assert.Equal("upload", shown.GetProperty("url_type").GetString());
        Assert.Equal("Daily", shown.GetProperty("description").GetString());

        saved = await UploadAsync(editor, $"{page}/edit", new() { ["Form.Name"] = "Counts 2026", ["Form.Format"] = "" }, "counts.json", "[1,2,3]"u8.ToArray());
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        shown = await agora.Admin().OkAsync("resource_show", new { id });
        Assert.Equal("application/json", shown.GetProperty("mimetype").GetString());
        Assert.Equal("JSON", shown.GetProperty("format").GetString());
        Assert.EndsWith("/download/counts.json", shown.GetProperty("url").GetString());

        // Switching to a link drops the file.
        saved = await UploadAsync(editor, $"{page}/edit", new() { ["Form.Name"] = "Counts 2026", ["Form.Url"] = "https://data.example/counts.csv", ["Form.Format"] = "CSV" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        shown = await agora.Admin().OkAsync("resource_show", new { id });
        Assert.Equal("https://data.example/counts.csv", shown.GetProperty("url").GetString());
        Assert.Equal(JsonValueKind.Null, shown.GetProperty("url_type").ValueKind);
        Assert.DoesNotContain(Directory.GetFiles(Path.Combine(agora.DataDirectory, "files", "resources")), f => File.ReadAllText(f) == "[1,2,3]");

        Assert.Contains("Delete “Counts 2026”?", await ShowAsync(editor, $"{page}/delete"));
        var deleted = await editor.SubmitAsync($"{page}/delete", new Dictionary<string, string>());
        Assert.Equal("/dataset/uf-g-counts", deleted.Headers.Location!.OriginalString);
        await agora.Admin().FailsAsync("resource_show", new { id }, HttpStatusCode.NotFound, "Not Found Error");
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync(page)).StatusCode);
    }
}

/// <summary>The upload form holds to the configured upload limit, as resource_create does.</summary>
public sealed class CatalogueUploadLimitFormTests(SmallUploadsFactory agora) : IClassFixture<SmallUploadsFactory>
{
    [Fact]
    public async Task A_file_over_the_limit_is_refused_on_the_form_and_nothing_is_kept()
    {
        var org = (await (await agora.Admin().PostAsJsonAsync("/api/v1/organisations", new { name = "Form Limit Co", kind = "company" }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("slug").GetString();
        await agora.Admin().OkAsync("package_create", new { name = "form-limit", owner_org = org });
        var browser = agora.Browser();
        await browser.SignInAsync("admin@test.example", AgoraFactory.AdminPassword);

        var html = await (await browser.GetAsync("/dataset/form-limit/resource/new")).Content.ReadAsStringAsync();
        Assert.Contains("up to 1 KB", html);
        var token = Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        form.Add(new ByteArrayContent(new byte[4096]), "upload", "big.csv");
        var response = await browser.PostAsync("/dataset/form-limit/resource/new", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("File upload too large", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await agora.WithDbAsync(db => db.Resources.CountAsync()));
        var stored = Path.Combine(agora.DataDirectory, "files", "resources");
        Assert.Empty(Directory.Exists(stored) ? Directory.GetFiles(stored) : []);
    }
}

/// <summary>A real Kestrel server with a small upload limit, which refuses bodies over it as they arrive.</summary>
public sealed class SmallUploadsKestrelFactory : AgoraFactory
{
    public SmallUploadsKestrelFactory() => UseKestrel(0);

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Agora:MaxUploadBytes", "2048");
    }
}

public sealed class CatalogueUploadBodyLimitTests(SmallUploadsKestrelFactory agora) : IClassFixture<SmallUploadsKestrelFactory>
{
    [Fact]
    public async Task A_body_over_the_server_limit_returns_to_the_form_with_a_message()
    {
        var org = (await (await agora.Admin().PostAsJsonAsync("/api/v1/organisations", new { name = "Body Limit Co", kind = "company" }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("slug").GetString();
        await agora.Admin().OkAsync("package_create", new { name = "body-limit", owner_org = org });
        var browser = agora.Browser();
        await browser.SignInAsync("admin@test.example", AgoraFactory.AdminPassword);

        var html = await (await browser.GetAsync("/dataset/body-limit/resource/new")).Content.ReadAsStringAsync();
        var token = Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        form.Add(new ByteArrayContent(new byte[1024 * 1024]), "upload", "big.csv");
        // Expect: 100-continue, as browsers' big uploads may: the server refuses before the body is sent,
        // so the client never writes into a connection the server has closed (a broken pipe, seen once).
        var request = new HttpRequestMessage(HttpMethod.Post, "/dataset/body-limit/resource/new") { Content = form };
        request.Headers.ExpectContinue = true;
        var response = await browser.SendAsync(request);

        // Back to the form (the client over Kestrel may follow the redirect itself), which says why.
        if (response.StatusCode == HttpStatusCode.Redirect) response = await browser.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.EndsWith("/dataset/body-limit/resource/new?too-large=1", response.RequestMessage!.RequestUri!.PathAndQuery);
        Assert.Contains("File upload too large: the limit is 2 KB.", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await agora.WithDbAsync(db => db.Resources.CountAsync()));
    }
}
