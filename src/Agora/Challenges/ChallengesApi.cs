using System.Security.Claims;
using Agora.Accounts;
using Agora.Storage;
using Agora.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Agora.Challenges;

/// <summary><c>/api/v1/challenges</c>: shared needs of public agencies with their aggregated demand, KPIs,
/// offered datasets, documents, status and followers. Anyone reads published challenges; drafts only
/// members of their participants. Editors of the lead agency change a challenge; each organisation's own
/// editors state its demand. Errors are RFC 9457 problem details.</summary>
public static class ChallengesApi
{
    public static RouteGroupBuilder MapChallenges(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/challenges").WithTags("Challenges");

        group.MapGet("/", List).WithSummary("List challenges, by status, theme, organisation or text (drafts only to their participants)");
        group.MapGet("/{slug}", async (string slug, ClaimsPrincipal caller, ChallengeManager challenges, CancellationToken ct) =>
                TypedResults.Ok(await challenges.DetailsAsync(await challenges.FindReadableAsync(slug, caller, ct), caller, ct)))
            .WithSummary("One challenge with its participants, aggregated demand, KPIs, datasets and documents");
        group.MapPost("/", Create).RequireAuthorization()
            .WithSummary("Start a challenge as a draft (editors of a public agency, which becomes the lead)");
        group.MapPut("/{slug}", Update).RequireAuthorization().WithSummary("Replace a challenge's description (editors of the lead)");
        group.MapDelete("/{slug}", async (string slug, ClaimsPrincipal caller, ChallengeManager challenges, CancellationToken ct) =>
        {
            await challenges.DeleteAsync(slug, caller, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization().WithSummary("Delete a draft challenge (editors of the lead)");

        group.MapGet("/{slug}/demand", async (string slug, ClaimsPrincipal caller, ChallengeManager challenges, CancellationToken ct) =>
                TypedResults.Ok(await challenges.DemandAsync(await challenges.FindReadableAsync(slug, caller, ct), ct)))
            .WithSummary("The aggregated demand: total budget, volumes per unit, by level of government and by city");
        group.MapPost("/{slug}/status", async (string slug, StatusInput input, ClaimsPrincipal caller, ChallengeManager challenges, CancellationToken ct) =>
        {
            await challenges.ChangeStatusAsync(slug, input, caller, ct);
            return TypedResults.Ok(await challenges.DetailsAsync(await challenges.FindReadableAsync(slug, caller, ct), caller, ct));
        }).RequireAuthorization().WithSummary("Move the challenge one step forward, or close it (editors of the lead)");
        group.MapGet("/{slug}/events", async (string slug, ClaimsPrincipal caller, ChallengeManager challenges, CancellationToken ct) =>
                TypedResults.Ok(await challenges.EventsAsync(await challenges.FindReadableAsync(slug, caller, ct), ct)))
            .WithSummary("What happened to the challenge, oldest first");
        group.MapPut("/{slug}/follow", async (string slug, ClaimsPrincipal caller, ChallengeManager challenges, CancellationToken ct) =>
        {
            await challenges.FollowAsync(slug, caller, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization().WithSummary("Follow the challenge: be told of status changes and joins");
        group.MapDelete("/{slug}/follow", async (string slug, ClaimsPrincipal caller, ChallengeManager challenges, CancellationToken ct) =>
        {
            await challenges.UnfollowAsync(slug, caller, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization().WithSummary("Stop following the challenge");

        var maxUpload = app.ServiceProvider.GetRequiredService<IOptions<AgoraOptions>>().Value.MaxUploadBytes;
        group.MapChallengeParts(maxUpload);
        return group;
    }

    static async Task<Ok<Page<ChallengeSummaryDto>>> List(ClaimsPrincipal caller, ChallengeManager challenges, CancellationToken ct,
        string? status = null, string? theme = null, string? org = null, string? q = null, int offset = 0, int limit = 50)
    {
        var statusValue = EnumText.Parse<ChallengeStatus>(status, nameof(status));
        var themeValue = EnumText.Parse<CityTheme>(theme, nameof(theme));
        if (offset < 0) throw new InvalidInputException("offset", "Must be 0 or more.");
        if (limit is < 1 or > 1000) throw new InvalidInputException("limit", "Must be between 1 and 1000.");
        var (total, items) = await challenges.ListAsync(caller, statusValue, themeValue, org, q, offset, limit, ct);
        return TypedResults.Ok(new Page<ChallengeSummaryDto>(total, offset, limit, items));
    }

    static async Task<Created<ChallengeDto>> Create(ChallengeInput input, ClaimsPrincipal caller, ChallengeManager challenges, CancellationToken ct)
    {
        var challenge = await challenges.CreateAsync(input, caller, ct);
        return TypedResults.Created($"/api/v1/challenges/{challenge.Slug}", await challenges.DetailsAsync(challenge, caller, ct));
    }

    static async Task<Ok<ChallengeDto>> Update(string slug, ChallengeInput input, ClaimsPrincipal caller, ChallengeManager challenges,
        CancellationToken ct)
    {
        var challenge = await challenges.UpdateAsync(slug, input, caller, ct);
        return TypedResults.Ok(await challenges.DetailsAsync(challenge, caller, ct));
    }
}
