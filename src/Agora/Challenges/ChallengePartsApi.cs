using System.Security.Claims;
using Agora.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Agora.Challenges;

/// <summary>The parts of a challenge under <c>/api/v1/challenges/{slug}</c>: participants and their demand,
/// KPIs, offered datasets and documents.</summary>
static class ChallengePartsApi
{
    public static void MapChallengeParts(this RouteGroupBuilder group, long maxUpload)
    {
        group.MapGet("/{slug}/participants", async (string slug, ClaimsPrincipal caller, ChallengeManager challenges, CancellationToken ct) =>
        {
            var challenge = await challenges.FindReadableAsync(slug, caller, ct);
            return TypedResults.Ok((await challenges.ParticipantsAsync(challenge.Id, ct)).Select(ParticipantDto.From).ToList());
        }).WithSummary("Participating organisations with their roles and demand");
        group.MapPut("/{slug}/participants/{org}", async (string slug, string org, DemandInput input, ClaimsPrincipal caller,
            ChallengeManager challenges, CancellationToken ct) =>
                TypedResults.Ok(ParticipantDto.From(await challenges.SetParticipantAsync(slug, org, input, caller, ct))))
            .RequireAuthorization()
            .WithSummary("Join (agencies as co-owners with their demand, others as supporters) or change one's own demand; the lead may add organisations");
        group.MapDelete("/{slug}/participants/{org}", async (string slug, string org, ClaimsPrincipal caller, ChallengeManager challenges,
            CancellationToken ct) =>
        {
            await challenges.RemoveParticipantAsync(slug, org, caller, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization().WithSummary("Leave the challenge, or remove an organisation (editors of the lead); the lead stays");

        group.MapGet("/{slug}/kpis", async (string slug, ClaimsPrincipal caller, ChallengeManager challenges, CancellationToken ct) =>
                TypedResults.Ok((await challenges.DetailsAsync(await challenges.FindReadableAsync(slug, caller, ct), caller, ct)).Kpis))
            .WithSummary("The challenge's KPIs, in order");
        group.MapPost("/{slug}/kpis", async (string slug, KpiInput input, ClaimsPrincipal caller, ChallengeManager challenges, CancellationToken ct) =>
        {
            var kpi = await challenges.AddKpiAsync(slug, input, caller, ct);
            return TypedResults.Created($"/api/v1/challenges/{slug}/kpis/{kpi.Id}", KpiDto.From(kpi));
        }).RequireAuthorization().WithSummary("Add a KPI: a measurable target with baseline and date (editors of the lead)");
        group.MapPut("/{slug}/kpis/{id:guid}", async (string slug, Guid id, KpiInput input, ClaimsPrincipal caller, ChallengeManager challenges,
                CancellationToken ct) => TypedResults.Ok(KpiDto.From(await challenges.UpdateKpiAsync(slug, id, input, caller, ct))))
            .RequireAuthorization().WithSummary("Change a KPI (editors of the lead)");
        group.MapDelete("/{slug}/kpis/{id:guid}", async (string slug, Guid id, ClaimsPrincipal caller, ChallengeManager challenges, CancellationToken ct) =>
        {
            await challenges.RemoveKpiAsync(slug, id, caller, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization().WithSummary("Remove a KPI (editors of the lead)");

        group.MapGet("/{slug}/datasets", async (string slug, ClaimsPrincipal caller, ChallengeManager challenges, CancellationToken ct) =>
                TypedResults.Ok(await challenges.DatasetsAsync(await challenges.FindReadableAsync(slug, caller, ct), caller, ct)))
            .WithSummary("Catalogue datasets offered to solvers");
        group.MapPut("/{slug}/datasets/{name}", async (string slug, string name, [FromBody] DatasetOfferInput? input, ClaimsPrincipal caller,
                ChallengeManager challenges, CancellationToken ct) =>
                TypedResults.Ok(await challenges.OfferDatasetAsync(slug, name, input ?? new DatasetOfferInput(), caller, ct)))
            .RequireAuthorization().WithSummary("Offer a public catalogue dataset to solvers, with a note (editors of the lead)");
        group.MapDelete("/{slug}/datasets/{name}", async (string slug, string name, ClaimsPrincipal caller, ChallengeManager challenges,
            CancellationToken ct) =>
        {
            await challenges.WithdrawDatasetAsync(slug, name, caller, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization().WithSummary("Stop offering a dataset (editors of the lead)");

        group.MapGet("/{slug}/documents", async (string slug, ClaimsPrincipal caller, ChallengeManager challenges, CancellationToken ct) =>
                TypedResults.Ok((await challenges.DetailsAsync(await challenges.FindReadableAsync(slug, caller, ct), caller, ct)).Documents))
            .WithSummary("The challenge's documents (links and files)");
        group.MapPost("/{slug}/documents", AddDocument).RequireAuthorization().DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(maxUpload + 256 * 1024))
            .Accepts<DocumentInput>("application/json", "multipart/form-data")
            .WithSummary("Add a document: JSON with a url, or a multipart form with a file and the fields title, documentType, description, language");
        group.MapGet("/{slug}/documents/{id:guid}/file", async (string slug, Guid id, ClaimsPrincipal caller, ChallengeManager challenges,
            CancellationToken ct) =>
        {
            var (document, content) = await challenges.OpenDocumentAsync(slug, id, caller, ct);
            // Always a download: an uploaded HTML or SVG file must not run as a page of this site.
            return TypedResults.File(content, "application/octet-stream", FileName(document), enableRangeProcessing: true);
        }).WithSummary("Download an uploaded document (whoever may read the challenge)");
        group.MapDelete("/{slug}/documents/{id:guid}", async (string slug, Guid id, ClaimsPrincipal caller, ChallengeManager challenges,
            CancellationToken ct) =>
        {
            await challenges.RemoveDocumentAsync(slug, id, caller, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization().WithSummary("Remove a document (editors of the lead)");
    }

    static async Task<Created<DocumentDto>> AddDocument(string slug, HttpRequest request, ClaimsPrincipal caller, ChallengeManager challenges,
        CancellationToken ct)
    {
        DocumentInput input;
        IFormFile? file = null;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            file = form.Files.GetFile("file");
            input = new DocumentInput(form["title"], form["documentType"], form["url"], form["description"], form["language"]);
        }
        else if (request.HasJsonContentType())
        {
            try
            {
                input = await request.ReadFromJsonAsync<DocumentInput>(ct)
                    ?? throw new InvalidInputException("documentType", "Send the document's fields as a JSON object.");
            }
            catch (System.Text.Json.JsonException e)
            {
                throw new BadHttpRequestException("The JSON body is malformed or has a value of the wrong type.", StatusCodes.Status400BadRequest, e);
            }
        }
        else
        {
            throw new BadHttpRequestException("Send JSON with a url, or a multipart form with a file.", StatusCodes.Status415UnsupportedMediaType);
        }
        var document = await challenges.AddDocumentAsync(slug, input, file, caller, ct);
        return TypedResults.Created($"/api/v1/challenges/{slug}/documents/{document.Id}", DocumentDto.From(document, slug));
    }

    static string FileName(Attachment a)
    {
        var extension = a.FilePath is null ? "" : Path.GetExtension(a.FilePath);
        var stem = new string(a.Title.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray()).Trim('-');
        if (stem.Length == 0) stem = "document";
        return stem.EndsWith(extension, StringComparison.OrdinalIgnoreCase) ? stem : stem + extension;
    }
}
