using System.Security.Claims;
using Agora.Accounts;
using Agora.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Agora.Procurement;

/// <summary><c>/api/v1/procurements</c>: procedures, their lots, criteria, buyers and evaluators, and their
/// lifecycle (publish, close bidding, cancel, complete). Bids, evaluation, awards and contracts are in
/// <see cref="BidsApi"/>. Published procedures are public; one being planned is seen by its buyers' members.</summary>
public static class ProcurementApi
{
    public static IServiceCollection AddProcurement(this IServiceCollection services) => services
        .AddScoped<ProcedureAccess>().AddScoped<ProcedureManager>().AddScoped<BidManager>().AddScoped<Evaluation>().AddScoped<AwardManager>();

    public static RouteGroupBuilder MapProcurement(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/procurements").WithTags("Procurement");
        api.MapGet("/", List).WithSummary("List procedures, by status, type, buyer (organisation) or challenge");
        api.MapGet("/{id:guid}", async (Guid id, ClaimsPrincipal caller, ProcedureManager m, CancellationToken ct) =>
            TypedResults.Ok(await DtoAsync(m, await m.FindAsync(id, caller, ct), ct))).WithSummary("One procedure");
        api.MapPost("/", async (ProcedureInput input, ClaimsPrincipal caller, ProcedureManager m, CancellationToken ct) =>
        {
            var p = await m.CreateAsync(input, caller, ct);
            return TypedResults.Created($"/api/v1/procurements/{p.Id}", await DtoAsync(m, p, ct));
        }).RequireAuthorization().WithSummary("Create a procedure; the caller's public agency leads it");
        api.MapPut("/{id:guid}", async (Guid id, ProcedureInput input, ClaimsPrincipal caller, ProcedureManager m, CancellationToken ct) =>
            TypedResults.Ok(await DtoAsync(m, await m.UpdateAsync(id, input, caller, ct), ct)))
            .RequireAuthorization().WithSummary("Replace a procedure's details (lead's editors, while planning)");

        api.MapGet("/{id:guid}/lots", async (Guid id, ClaimsPrincipal caller, ProcedureManager m, CancellationToken ct) =>
            TypedResults.Ok((await m.FindAsync(id, caller, ct)).Lots.OrderBy(l => l.Number).Select(ProcedureDto.LotDtoFrom).ToList()))
            .WithSummary("The lots");
        api.MapPost("/{id:guid}/lots", async (Guid id, LotInput input, ClaimsPrincipal caller, ProcedureManager m, CancellationToken ct) =>
        {
            var lot = await m.AddLotAsync(id, input, caller, ct);
            return TypedResults.Created($"/api/v1/procurements/{id}/lots/{lot.Number}", ProcedureDto.LotDtoFrom(lot));
        }).RequireAuthorization().WithSummary("Add a lot (while planning)");
        api.MapPut("/{id:guid}/lots/{number:int}", async (Guid id, int number, LotInput input, ClaimsPrincipal caller, ProcedureManager m, CancellationToken ct) =>
            TypedResults.Ok(ProcedureDto.LotDtoFrom(await m.UpdateLotAsync(id, number, input, caller, ct))))
            .RequireAuthorization().WithSummary("Change a lot (while planning)");
        api.MapDelete("/{id:guid}/lots/{number:int}", async (Guid id, int number, ClaimsPrincipal caller, ProcedureManager m, CancellationToken ct) =>
        {
            await m.RemoveLotAsync(id, number, caller, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization().WithSummary("Remove a lot (while planning)");

        api.MapGet("/{id:guid}/criteria", async (Guid id, ClaimsPrincipal caller, ProcedureManager m, CancellationToken ct) =>
            TypedResults.Ok((await m.FindAsync(id, caller, ct)).Criteria.OrderBy(c => c.Position).Select(ProcedureDto.CriterionDtoFrom).ToList()))
            .WithSummary("The award criteria and their weights");
        api.MapPut("/{id:guid}/criteria", async (Guid id, List<CriterionInput> input, ClaimsPrincipal caller, ProcedureManager m, CancellationToken ct) =>
            TypedResults.Ok((await m.SetCriteriaAsync(id, input, caller, ct)).Select(ProcedureDto.CriterionDtoFrom).ToList()))
            .RequireAuthorization().WithSummary("Replace the award criteria; integer weights summing to 100 (while planning)");

        api.MapPost("/{id:guid}/buyers", async (Guid id, BuyerInput input, ClaimsPrincipal caller, ProcedureManager m, CancellationToken ct) =>
            TypedResults.Ok(await DtoAsync(m, await m.AddBuyerAsync(id, input, caller, ct), ct)))
            .RequireAuthorization().WithSummary("Add a public agency as a joint buyer (while planning)");
        api.MapDelete("/{id:guid}/buyers/{organisation}", async (Guid id, string organisation, ClaimsPrincipal caller, ProcedureManager m, CancellationToken ct) =>
            TypedResults.Ok(await DtoAsync(m, await m.RemoveBuyerAsync(id, organisation, caller, ct), ct)))
            .RequireAuthorization().WithSummary("Remove a joint buyer (never the lead; while planning)");

        api.MapGet("/{id:guid}/evaluators", async (Guid id, ClaimsPrincipal caller, ProcedureManager m, CancellationToken ct) =>
            TypedResults.Ok(await m.EvaluatorsAsync(id, caller, ct))).RequireAuthorization().WithSummary("Evaluators and their declarations (buyers, evaluators)");
        api.MapPost("/{id:guid}/evaluators", async (Guid id, EvaluatorInput input, ClaimsPrincipal caller, ProcedureManager m, CancellationToken ct) =>
        {
            await m.AddEvaluatorAsync(id, input, caller, ct);
            return TypedResults.Ok(await m.EvaluatorsAsync(id, caller, ct));
        }).RequireAuthorization().WithSummary("Name an evaluator, a member of one of the buyers");
        api.MapDelete("/{id:guid}/evaluators/{user}", async (Guid id, string user, ClaimsPrincipal caller, ProcedureManager m, CancellationToken ct) =>
        {
            await m.RemoveEvaluatorAsync(id, user, caller, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization().WithSummary("Remove an evaluator (their scores no longer count)");

        api.MapPost("/{id:guid}/publish", Step((m, id, caller, ct) => m.PublishAsync(id, caller, ct)))
            .RequireAuthorization().WithSummary("Publish the call for tenders: needs lots, criteria weighing 100 and a tender end in the future");
        api.MapPost("/{id:guid}/close-bidding", Step((m, id, caller, ct) => m.CloseBiddingAsync(id, caller, ct)))
            .RequireAuthorization().WithSummary("Move to evaluation once the tender deadline has passed (reading the procedure afterwards does it too)");
        api.MapPost("/{id:guid}/cancel", Step((m, id, caller, ct) => m.CancelAsync(id, caller, ct)))
            .RequireAuthorization().WithSummary("Cancel the procedure (before it is contracted)");
        api.MapPost("/{id:guid}/complete", async (Guid id, ClaimsPrincipal caller, ProcedureManager m, AwardManager awards, CancellationToken ct) =>
            TypedResults.Ok(await DtoAsync(m, await awards.CompleteAsync(id, caller, ct), ct)))
            .RequireAuthorization().WithSummary("Mark a contracted procedure completed");
        BidsApi.Map(api);
        return api;
    }

    static Func<Guid, ClaimsPrincipal, ProcedureManager, CancellationToken, Task<Ok<ProcedureDto>>> Step(
        Func<ProcedureManager, Guid, ClaimsPrincipal, CancellationToken, Task<Procedure>> step) =>
        async (id, caller, m, ct) => TypedResults.Ok(await DtoAsync(m, await step(m, id, caller, ct), ct));

    static async Task<Ok<Page<ProcedureSummaryDto>>> List(ClaimsPrincipal caller, ProcedureManager m, CancellationToken ct,
        string? status = null, string? type = null, string? buyer = null, string? challenge = null, int offset = 0, int limit = 50)
    {
        var statusValue = EnumText.Parse<ProcedureStatus>(status, nameof(status));
        var typeValue = EnumText.Parse<ProcedureType>(type, nameof(type));
        if (offset < 0) throw new InvalidInputException("offset", "Must be 0 or more.");
        if (limit is < 1 or > 1000) throw new InvalidInputException("limit", "Must be between 1 and 1000.");
        var (total, items) = await m.ListAsync(caller, statusValue, typeValue, buyer, challenge, offset, limit, ct);
        return TypedResults.Ok(new Page<ProcedureSummaryDto>(total, offset, limit, items));
    }

    internal static async Task<ProcedureDto> DtoAsync(ProcedureManager m, Procedure p, CancellationToken ct) =>
        ProcedureDto.From(p, await m.BidCountAsync(p, ct));
}
