using System.Security.Claims;
using Agora.Challenges;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Agora.Procurement;

/// <summary>The bid, evaluation, award and contract routes under <c>/api/v1/procurements/{id}</c>. Reading a
/// bid needs no sign-in so that every attempt, anonymous ones too, reaches the access log; a bid the caller
/// may not see answers 404 as if it did not exist.</summary>
static class BidsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/{id:guid}/bids", async (Guid id, ClaimsPrincipal caller, BidManager bids, CancellationToken ct) =>
        {
            var (p, list) = await bids.ListAsync(id, caller, ct);
            return TypedResults.Ok(await DtosAsync(bids, list, ct, p));
        })
            .WithSummary("The bids the caller may see (before the deadline: their own company's only)");
        api.MapPost("/{id:guid}/bids", async (Guid id, BidInput input, ClaimsPrincipal caller, BidManager bids, CancellationToken ct) =>
        {
            var bid = await bids.SubmitAsync(id, input, caller, ct);
            return TypedResults.Created($"/api/v1/procurements/{id}/bids/{bid.Id}", await DtoAsync(bids, id, bid.Id, caller, ct));
        }).RequireAuthorization().WithSummary("Submit a bid on a lot (editors of a company, while bidding is open)");
        api.MapGet("/{id:guid}/bids/{bidId:guid}", async (Guid id, Guid bidId, ClaimsPrincipal caller, BidManager bids, CancellationToken ct) =>
            TypedResults.Ok(await DtoAsync(bids, id, bidId, caller, ct))).WithSummary("One bid, if the caller may see it");
        api.MapPut("/{id:guid}/bids/{bidId:guid}", async (Guid id, Guid bidId, BidInput input, ClaimsPrincipal caller, BidManager bids, CancellationToken ct) =>
        {
            await bids.UpdateAsync(id, bidId, input, caller, ct);
            return TypedResults.Ok(await DtoAsync(bids, id, bidId, caller, ct));
        }).RequireAuthorization().WithSummary("Change the caller's company's bid (until the deadline)");
        api.MapDelete("/{id:guid}/bids/{bidId:guid}", async (Guid id, Guid bidId, ClaimsPrincipal caller, BidManager bids, CancellationToken ct) =>
        {
            await bids.WithdrawAsync(id, bidId, caller, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization().WithSummary("Withdraw the caller's company's bid (until the deadline)");

        api.MapGet("/{id:guid}/bids/{bidId:guid}/documents", async (Guid id, Guid bidId, ClaimsPrincipal caller, BidManager bids, CancellationToken ct) =>
            TypedResults.Ok((await DtoAsync(bids, id, bidId, caller, ct)).Documents)).WithSummary("A bid's documents");
        api.MapPost("/{id:guid}/bids/{bidId:guid}/documents", AddDocument).RequireAuthorization().DisableAntiforgery()
            .Accepts<DocumentLinkInput>("application/json", "multipart/form-data")
            .WithSummary("Add a document to the caller's bid: multipart (file, title, documentType) or JSON (title, url, documentType)");
        api.MapGet("/{id:guid}/bids/{bidId:guid}/documents/{documentId:guid}", Download).WithSummary("Download a bid's document");
        api.MapDelete("/{id:guid}/bids/{bidId:guid}/documents/{documentId:guid}", async (Guid id, Guid bidId, Guid documentId, ClaimsPrincipal caller,
            BidManager bids, CancellationToken ct) =>
        {
            await bids.RemoveDocumentAsync(id, bidId, documentId, caller, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization().WithSummary("Remove a document from the caller's bid (until the deadline)");

        api.MapPut("/{id:guid}/conflict-declaration", async (Guid id, ConflictInput input, ClaimsPrincipal caller, Evaluation e, CancellationToken ct) =>
        {
            var ev = await e.DeclareAsync(id, input, caller, ct);
            return TypedResults.Ok(new { ev.HasConflict, ev.Statement, ev.DeclaredAt });
        }).RequireAuthorization().WithSummary("Declare (no) conflict of interest as an evaluator");
        api.MapGet("/{id:guid}/scores", async (Guid id, ClaimsPrincipal caller, Evaluation e, CancellationToken ct) =>
            TypedResults.Ok(await e.ScoresAsync(id, caller, ct))).RequireAuthorization().WithSummary("Scores: the caller's own; all of them for the lead's editors");
        api.MapPut("/{id:guid}/scores", async (Guid id, ScoreInput input, ClaimsPrincipal caller, Evaluation e, CancellationToken ct) =>
        {
            var s = await e.ScoreAsync(id, input, caller, ct);
            return TypedResults.Ok(new { s.BidId, s.CriterionId, s.EvaluatorUserId, s.Points, s.Comment, s.ScoredAt });
        }).RequireAuthorization().WithSummary("Score a bid on a criterion (evaluators without conflict, during evaluation)");
        api.MapGet("/{id:guid}/ranking", async (Guid id, ClaimsPrincipal caller, Evaluation e, CancellationToken ct) =>
            TypedResults.Ok(await e.RankingAsync(id, caller, ct))).RequireAuthorization().WithSummary("Weighted totals and ranking per lot");
        api.MapGet("/{id:guid}/audit", async (Guid id, ClaimsPrincipal caller, Evaluation e, CancellationToken ct) =>
            TypedResults.Ok(await e.AuditAsync(id, caller, ct))).RequireAuthorization().WithSummary("The bid access log");

        api.MapGet("/{id:guid}/awards", async (Guid id, ClaimsPrincipal caller, AwardManager a, CancellationToken ct) =>
            TypedResults.Ok(await a.AwardsAsync(id, caller, ct))).WithSummary("Awards");
        api.MapPost("/{id:guid}/awards", async (Guid id, AwardInput input, ClaimsPrincipal caller, AwardManager a, CancellationToken ct) =>
        {
            var award = await a.AwardAsync(id, input, caller, ct);
            return TypedResults.Created($"/api/v1/procurements/{id}/awards", (await a.AwardsAsync(id, caller, ct)).First(x => x.Id == award.Id));
        }).RequireAuthorization().WithSummary("Award a lot to a bid (lead's editors, during evaluation)");
        api.MapPost("/{id:guid}/lots/{number:int}/unsuccessful", async (Guid id, int number, UnsuccessfulInput input, ClaimsPrincipal caller,
            AwardManager a, CancellationToken ct) => TypedResults.Ok(ProcedureDto.LotDtoFrom(await a.UnsuccessfulAsync(id, number, input, caller, ct))))
            .RequireAuthorization().WithSummary("Close a lot without an award");

        api.MapGet("/{id:guid}/contracts", async (Guid id, ClaimsPrincipal caller, AwardManager a, CancellationToken ct) =>
            TypedResults.Ok(await a.ContractsAsync(id, caller, ct))).WithSummary("Contracts with milestones and KPI observations");
        api.MapPost("/{id:guid}/contracts", async (Guid id, ContractInput input, ClaimsPrincipal caller, AwardManager a, CancellationToken ct) =>
        {
            var contract = await a.ContractAsync(id, input, caller, ct);
            return TypedResults.Created($"/api/v1/procurements/{id}/contracts", (await a.ContractsAsync(id, caller, ct)).First(x => x.Id == contract.Id));
        }).RequireAuthorization().WithSummary("Sign the contract of an award");
        api.MapPost("/{id:guid}/contracts/{contractId:guid}/milestones", async (Guid id, Guid contractId, MilestoneInput input, ClaimsPrincipal caller,
            AwardManager a, CancellationToken ct) => TypedResults.Ok(await a.AddMilestoneAsync(id, contractId, input, caller, ct)))
            .RequireAuthorization().WithSummary("Add a milestone to a contract");
        api.MapPut("/{id:guid}/contracts/{contractId:guid}/milestones/{milestoneId:guid}", async (Guid id, Guid contractId, Guid milestoneId,
            MilestoneStatusInput input, ClaimsPrincipal caller, AwardManager a, CancellationToken ct) =>
            TypedResults.Ok(await a.SetMilestoneAsync(id, contractId, milestoneId, input, caller, ct)))
            .RequireAuthorization().WithSummary("Mark a milestone met or not met");
        api.MapPost("/{id:guid}/contracts/{contractId:guid}/observations", async (Guid id, Guid contractId, ObservationInput input, ClaimsPrincipal caller,
            AwardManager a, CancellationToken ct) =>
        {
            var o = await a.ObserveAsync(id, contractId, input, caller, ct);
            return TypedResults.Ok(new { o.Id, o.KpiId, o.Value, o.PeriodStart, o.PeriodEnd, o.Note, o.RecordedAt });
        }).RequireAuthorization().WithSummary("Record a measurement of one of the challenge's KPIs");
    }

    static async Task<Created<DocumentDto>> AddDocument(Guid id, Guid bidId, HttpRequest request, ClaimsPrincipal caller, BidManager bids, CancellationToken ct)
    {
        Attachment doc;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            var file = form.Files.GetFile("file") ?? throw new Web.InvalidInputException("file", "Attach the file as the form field 'file'.");
            await using var content = file.OpenReadStream();
            doc = await bids.AddDocumentAsync(id, bidId, form["title"], NullIfEmpty(form["documentType"]), NullIfEmpty(form["description"]), null,
                (file.FileName, file.ContentType, content), caller, ct);
        }
        else
        {
            var input = await request.ReadFromJsonAsync<DocumentLinkInput>(ct) ?? new DocumentLinkInput(null, null, null, null);
            doc = await bids.AddDocumentAsync(id, bidId, input.Title, input.DocumentType, input.Description, input.Url, null, caller, ct);
        }
        return TypedResults.Created(DownloadPath(id, doc), DocumentDto(id, doc));
    }

    static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    static async Task<IResult> Download(Guid id, Guid bidId, Guid documentId, ClaimsPrincipal caller, BidManager bids, CancellationToken ct)
    {
        var (doc, content) = await bids.DownloadAsync(id, bidId, documentId, caller, ct);
        if (content is not null) return TypedResults.File(content, doc.ContentType ?? "application/octet-stream", fileDownloadName: doc.Title);
        if (doc.Url is not null) return TypedResults.Redirect(doc.Url);
        throw new Web.NotFoundException("The document's file is missing.");
    }

    static string DownloadPath(Guid id, Attachment a) => $"/api/v1/procurements/{id}/bids/{a.BidId}/documents/{a.Id}";

    static DocumentDto DocumentDto(Guid id, Attachment a) =>
        new(a.Id, a.Title, a.Description, a.DocumentType, a.Url, a.ContentType, a.Size, a.CreatedAt, DownloadPath(id, a));

    static async Task<BidDto> DtoAsync(BidManager bids, Guid id, Guid bidId, ClaimsPrincipal caller, CancellationToken ct)
    {
        var (p, bid) = await bids.ReadAsync(id, bidId, caller, "read", ct);
        return (await DtosAsync(bids, [bid], ct, p)).Single();
    }

    internal static async Task<List<BidDto>> DtosAsync(BidManager bids, List<Bid> list, CancellationToken ct, Procedure? procedure = null)
    {
        var docs = await bids.DocumentsAsync(list.Select(b => b.Id), ct);
        return list.Select(b => new BidDto(b.Id, b.LotId, procedure?.Lots.FirstOrDefault(l => l.Id == b.LotId)?.Number ?? 0,
            new OrgRef(b.SupplierOrgId, b.SupplierOrg.Slug, b.SupplierOrg.Name), b.PriceMinor, procedure?.Currency ?? "", b.Status, b.SubmittedAt, b.UpdatedAt,
            b.Answers.Select(a => new AnswerDto(a.CriterionId, a.Text)).ToList(),
            docs.Where(d => d.BidId == b.Id).Select(d => DocumentDto(b.ProcedureId, d)).ToList())).ToList();
    }
}
