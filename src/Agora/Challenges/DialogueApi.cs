using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Agora.Challenges;

/// <summary><c>/api/v1/challenges/{slug}/dialogue</c>: the market dialogue's rounds, suppliers'
/// registrations, feedback and questions, the owners' answers and meetings, and the report.
/// Anyone reads what is published; suppliers write their own; owners run it.</summary>
public static class DialogueApi
{
    public static RouteGroupBuilder MapDialogue(this IEndpointRouteBuilder app)
    {
        var dialogue = app.MapGroup("/api/v1/challenges/{slug}/dialogue").WithTags("Market dialogue");

        dialogue.MapGet("/", async (string slug, ClaimsPrincipal caller, DialogueManager dm, CancellationToken ct) =>
            TypedResults.Ok(await dm.OverviewAsync(await dm.FindChallengeAsync(slug, caller, ct), caller, ct)))
            .WithSummary("The dialogue's rounds (owners also see unpublished ones)");
        dialogue.MapPost("/rounds", CreateRound).RequireAuthorization().WithSummary("Open a new round, unpublished (owners)");
        dialogue.MapGet("/rounds/{n:int}", async (string slug, int n, ClaimsPrincipal caller, DialogueManager dm, CancellationToken ct) =>
        {
            var (challenge, round) = await FindAsync(dm, slug, n, caller, ct);
            return TypedResults.Ok(await dm.ToDtoAsync(round, challenge, ct));
        }).WithSummary("One round");
        dialogue.MapPut("/rounds/{n:int}", UpdateRound).RequireAuthorization().WithSummary("Replace a round's details (owners)");
        dialogue.MapPost("/rounds/{n:int}/publish", PublishRound).RequireAuthorization()
            .WithSummary("Publish a round: suppliers may register from its opening time (owners)");

        dialogue.MapGet("/rounds/{n:int}/interest", async (string slug, int n, ClaimsPrincipal caller, DialogueManager dm, CancellationToken ct) =>
        {
            var (challenge, round) = await FindAsync(dm, slug, n, caller, ct);
            return TypedResults.Ok(await dm.InterestsAsync(challenge, round, caller, ct));
        }).RequireAuthorization().WithSummary("Registered suppliers (owners)");
        dialogue.MapPut("/rounds/{n:int}/interest", async (string slug, int n, InterestInput input, ClaimsPrincipal caller, DialogueManager dm,
            CancellationToken ct) =>
        {
            var (challenge, round) = await FindAsync(dm, slug, n, caller, ct);
            return TypedResults.Ok(await dm.RegisterAsync(challenge, round, input, caller, ct));
        }).RequireAuthorization().WithSummary("Register a company's interest, with its size, while the round is open (company editors)");
        dialogue.MapDelete("/rounds/{n:int}/interest", async (string slug, int n, ClaimsPrincipal caller, DialogueManager dm,
            CancellationToken ct, string? organisation = null) =>
        {
            var (challenge, round) = await FindAsync(dm, slug, n, caller, ct);
            await dm.WithdrawAsync(challenge, round, organisation, caller, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization().WithSummary("Withdraw a company's registration and its feedback while the round is open");

        dialogue.MapGet("/rounds/{n:int}/feedback", async (string slug, int n, ClaimsPrincipal caller, DialogueManager dm, CancellationToken ct) =>
        {
            var (challenge, round) = await FindAsync(dm, slug, n, caller, ct);
            return TypedResults.Ok(await dm.FeedbackAsync(challenge, round, caller, ct));
        }).RequireAuthorization().WithSummary("Feedback: all of it, with authors, for owners; a supplier's own for its members");
        dialogue.MapPut("/rounds/{n:int}/feedback", async (string slug, int n, FeedbackInput input, ClaimsPrincipal caller, DialogueManager dm,
            CancellationToken ct) =>
        {
            var (challenge, round) = await FindAsync(dm, slug, n, caller, ct);
            return TypedResults.Ok(await dm.SaveFeedbackAsync(challenge, round, input, caller, ct));
        }).RequireAuthorization().WithSummary("Give or replace a registered company's feedback until the deadline");

        dialogue.MapGet("/rounds/{n:int}/questions", async (string slug, int n, ClaimsPrincipal caller, DialogueManager dm, CancellationToken ct) =>
        {
            var (challenge, round) = await FindAsync(dm, slug, n, caller, ct);
            return TypedResults.Ok(await dm.QuestionsAsync(challenge, round, caller, ct));
        }).WithSummary("Answered questions, the asker anonymised (owners also see open questions and who asked)");
        dialogue.MapPost("/rounds/{n:int}/questions", AskQuestion).RequireAuthorization()
            .WithSummary("Ask a question as a registered company while the round is open");
        dialogue.MapPut("/questions/{id:guid}/answer", async (string slug, Guid id, AnswerInput input, ClaimsPrincipal caller,
            DialogueManager dm, CancellationToken ct) =>
        {
            var challenge = await dm.FindChallengeAsync(slug, caller, ct);
            return TypedResults.Ok(await dm.AnswerAsync(challenge, id, input, caller, ct));
        }).RequireAuthorization().WithSummary("Publish (or correct) the answer to a question, to every supplier alike (owners)");

        dialogue.MapGet("/rounds/{n:int}/meetings", async (string slug, int n, ClaimsPrincipal caller, DialogueManager dm, CancellationToken ct) =>
        {
            var (_, round) = await FindAsync(dm, slug, n, caller, ct);
            return TypedResults.Ok(await dm.MeetingsAsync(round, ct));
        }).WithSummary("Meetings of a round with their minutes");
        dialogue.MapPost("/rounds/{n:int}/meetings", AddMeeting).RequireAuthorization().WithSummary("Record a meeting and its minutes (owners)");

        dialogue.MapGet("/report", Report).WithSummary("The dialogue report over every published round (JSON, or CSV with ?format=csv)");
        dialogue.MapGet("/rounds/{n:int}/report", Report).WithSummary("The dialogue report of one round (JSON, or CSV with ?format=csv)");
        dialogue.MapGet("/rounds/{n:int}/eforms", async (string slug, int n, ClaimsPrincipal caller, DialogueManager dm, DialogueEForms eforms,
            CancellationToken ct) =>
        {
            var (challenge, round) = await FindAsync(dm, slug, n, caller, ct);
            return TypedResults.Ok<JsonObject>(await eforms.BuildAsync(challenge, round, ct));
        }).WithSummary("The round as an eForms E1 pre-market consultation notice, keyed by eForms field ids");
        return dialogue;
    }

    static async Task<(Challenge, DialogueRound)> FindAsync(DialogueManager dm, string slug, int n, ClaimsPrincipal caller, CancellationToken ct)
    {
        var challenge = await dm.FindChallengeAsync(slug, caller, ct);
        return (challenge, await dm.FindRoundAsync(challenge, n, caller, ct));
    }

    static async Task<Created<RoundDto>> CreateRound(string slug, RoundInput input, ClaimsPrincipal caller, DialogueManager dm, CancellationToken ct)
    {
        var challenge = await dm.FindChallengeAsync(slug, caller, ct);
        var round = await dm.CreateRoundAsync(challenge, input, caller, ct);
        return TypedResults.Created($"/api/v1/challenges/{slug}/dialogue/rounds/{round.Number}", await dm.ToDtoAsync(round, challenge, ct));
    }

    static async Task<Ok<RoundDto>> UpdateRound(string slug, int n, RoundInput input, ClaimsPrincipal caller, DialogueManager dm, CancellationToken ct)
    {
        var (challenge, round) = await FindAsync(dm, slug, n, caller, ct);
        await dm.UpdateRoundAsync(challenge, round, input, caller, ct);
        return TypedResults.Ok(await dm.ToDtoAsync(round, challenge, ct));
    }

    static async Task<Ok<RoundDto>> PublishRound(string slug, int n, ClaimsPrincipal caller, DialogueManager dm, CancellationToken ct)
    {
        var (challenge, round) = await FindAsync(dm, slug, n, caller, ct);
        await dm.PublishRoundAsync(challenge, round, caller, ct);
        return TypedResults.Ok(await dm.ToDtoAsync(round, challenge, ct));
    }

    static async Task<Created<QuestionDto>> AskQuestion(string slug, int n, QuestionInput input, ClaimsPrincipal caller, DialogueManager dm,
        CancellationToken ct)
    {
        var (challenge, round) = await FindAsync(dm, slug, n, caller, ct);
        var question = await dm.AskAsync(challenge, round, input, caller, ct);
        return TypedResults.Created($"/api/v1/challenges/{slug}/dialogue/rounds/{n}/questions", question);
    }

    static async Task<Created<MeetingDto>> AddMeeting(string slug, int n, MeetingInput input, ClaimsPrincipal caller, DialogueManager dm,
        CancellationToken ct)
    {
        var (challenge, round) = await FindAsync(dm, slug, n, caller, ct);
        var meeting = await dm.AddMeetingAsync(challenge, round, input, caller, ct);
        return TypedResults.Created($"/api/v1/challenges/{slug}/dialogue/rounds/{n}/meetings", meeting);
    }

    static async Task<Results<Ok<DialogueReportDto>, FileContentHttpResult>> Report(string slug, ClaimsPrincipal caller, DialogueManager dm,
        DialogueReport reports, CancellationToken ct, int? n = null, string? format = null)
    {
        var challenge = await dm.FindChallengeAsync(slug, caller, ct);
        var round = n is { } number ? await dm.FindRoundAsync(challenge, number, caller, ct) : null;
        var report = await reports.BuildAsync(challenge, round, ct);
        return format switch
        {
            null or "" or "json" => TypedResults.Ok(report),
            "csv" => TypedResults.File(DialogueReport.CsvBytes(report), "text/csv; charset=utf-8", DialogueReport.CsvFileName(report)),
            _ => throw new Web.InvalidInputException("format", "Use json or csv."),
        };
    }
}
