using System.Text.Json;
using System.Text.Json.Nodes;

namespace Agora.Harvest;

/// <summary>A dataset read from a source, already as a CKAN package dict that DatasetManager
/// accepts (without owner_org, which the runner resolves).</summary>
public sealed record RemoteDataset(string RemoteId, string? Title, JsonObject Package, RemoteOrganisation? Organisation, string? RemoteUrl);

/// <summary>The publisher of a remote dataset, by the name it would have here.</summary>
public sealed record RemoteOrganisation(string Name, string Title, string? Description);

/// <summary>The source could not be read (network, HTTP status, not JSON): the whole job fails with this message.</summary>
public sealed class HarvestSourceException(string message) : Exception(message);

/// <summary>Fetching pages for both kinds of source, with the errors worded for the job report.</summary>
static class SourceHttp
{
    /// <summary>Gets and parses a JSON page; <paramref name="what"/> names the source in messages ("the CKAN portal").</summary>
    public static async Task<JsonNode> GetJsonAsync(HttpClient http, string url, string accept, string what, CancellationToken ct)
    {
        var subject = char.ToUpperInvariant(what[0]) + what[1..];
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException e)
        {
            throw new HarvestSourceException($"Could not reach {what} at {url}: {e.Message}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new HarvestSourceException($"{subject} at {url} did not answer in time.");
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw new HarvestSourceException($"{subject} at {url} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}.");
            string text;
            try
            {
                text = await response.Content.ReadAsStringAsync(ct);
            }
            catch (HttpRequestException e)
            {
                throw new HarvestSourceException($"Could not read the answer of {what} at {url}: {e.Message}");
            }
            try
            {
                return JsonNode.Parse(text) ?? throw new HarvestSourceException($"{subject} at {url} answered null instead of JSON.");
            }
            catch (JsonException)
            {
                throw new HarvestSourceException($"{subject} at {url} did not answer JSON (content type {response.Content.Headers.ContentType?.MediaType ?? "none"}).");
            }
        }
    }
}
