using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Agora.Challenges;

/// <summary><c>/api/v1/challenges/{slug}/declarations</c>: joint declarations, drafted and published by the
/// challenge's owners and signed by public agencies, once each.</summary>
public static class DeclarationsApi
{
    public static RouteGroupBuilder MapDeclarations(this IEndpointRouteBuilder app)
    {
        var declarations = app.MapGroup("/api/v1/challenges/{slug}/declarations").WithTags("Declarations");

        declarations.MapGet("/", async (string slug, ClaimsPrincipal caller, DialogueManager dm, DeclarationManager dec, CancellationToken ct) =>
        {
            var challenge = await dm.FindChallengeAsync(slug, caller, ct);
            return TypedResults.Ok((await dec.ListAsync(challenge, caller, ct)).Select(DeclarationManager.ToDto).ToList());
        }).WithSummary("The challenge's declarations with their signatures (owners also see drafts)");
        declarations.MapPost("/", Create).RequireAuthorization().WithSummary("Draft a declaration (owners)");
        declarations.MapGet("/{id:guid}", async (string slug, Guid id, ClaimsPrincipal caller, DialogueManager dm, DeclarationManager dec,
            CancellationToken ct) =>
        {
            var challenge = await dm.FindChallengeAsync(slug, caller, ct);
            return TypedResults.Ok(DeclarationManager.ToDto(await dec.FindAsync(challenge, id, caller, ct)));
        }).WithSummary("One declaration with its signatures");
        declarations.MapPut("/{id:guid}", async (string slug, Guid id, DeclarationInput input, ClaimsPrincipal caller, DialogueManager dm,
            DeclarationManager dec, CancellationToken ct) =>
        {
            var challenge = await dm.FindChallengeAsync(slug, caller, ct);
            var declaration = await dec.FindAsync(challenge, id, caller, ct);
            await dec.UpdateAsync(challenge, declaration, input, caller, ct);
            return TypedResults.Ok(DeclarationManager.ToDto(declaration));
        }).RequireAuthorization().WithSummary("Change the title and text until the first signature (owners)");
        declarations.MapPost("/{id:guid}/publish", async (string slug, Guid id, ClaimsPrincipal caller, DialogueManager dm,
            DeclarationManager dec, CancellationToken ct) =>
        {
            var challenge = await dm.FindChallengeAsync(slug, caller, ct);
            var declaration = await dec.FindAsync(challenge, id, caller, ct);
            await dec.PublishAsync(challenge, declaration, caller, ct);
            return TypedResults.Ok(DeclarationManager.ToDto(declaration));
        }).RequireAuthorization().WithSummary("Publish the declaration for signature (owners)");
        declarations.MapGet("/{id:guid}/signatures", async (string slug, Guid id, ClaimsPrincipal caller, DialogueManager dm,
            DeclarationManager dec, CancellationToken ct) =>
        {
            var challenge = await dm.FindChallengeAsync(slug, caller, ct);
            return TypedResults.Ok(DeclarationManager.ToDto(await dec.FindAsync(challenge, id, caller, ct)).Signatures);
        }).WithSummary("Who signed, for which agency, committing to what, and when");
        declarations.MapPost("/{id:guid}/signatures", Sign).RequireAuthorization()
            .WithSummary("Sign for a public agency, once, with its commitment (agency editors)");
        return declarations;
    }

    static async Task<Created<DeclarationDto>> Create(string slug, DeclarationInput input, ClaimsPrincipal caller, DialogueManager dm,
        DeclarationManager dec, CancellationToken ct)
    {
        var challenge = await dm.FindChallengeAsync(slug, caller, ct);
        var declaration = await dec.CreateAsync(challenge, input, caller, ct);
        return TypedResults.Created($"/api/v1/challenges/{slug}/declarations/{declaration.Id}", DeclarationManager.ToDto(declaration));
    }

    static async Task<Created<SignatureDto>> Sign(string slug, Guid id, SignatureInput input, ClaimsPrincipal caller, DialogueManager dm,
        DeclarationManager dec, CancellationToken ct)
    {
        var challenge = await dm.FindChallengeAsync(slug, caller, ct);
        var declaration = await dec.FindAsync(challenge, id, caller, ct);
        var signature = await dec.SignAsync(challenge, declaration, input, caller, ct);
        return TypedResults.Created($"/api/v1/challenges/{slug}/declarations/{id}/signatures", DeclarationManager.ToDto(signature));
    }
}
