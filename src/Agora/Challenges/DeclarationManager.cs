using System.Security.Claims;
using Agora.Accounts;
using Agora.Notifications;
using Agora.Procurement;
using Agora.Storage;
using Agora.Web;
using Microsoft.EntityFrameworkCore;

namespace Agora.Challenges;

/// <summary>Joint declarations: the challenge's owners draft and publish a text; editors of any public
/// agency sign it for their agency, once, with their own commitment. The text is frozen by the first
/// signature, so every signatory signed the same words.</summary>
public sealed class DeclarationManager(AgoraDbContext db, ChallengeAccess access, Notifier notifier, OcdsPublisher ocds,
    TimeProvider clock)
{
    DateTime Now => clock.UtcNow();

    public async Task<List<Declaration>> ListAsync(Challenge challenge, ClaimsPrincipal caller, CancellationToken ct)
    {
        var owner = await access.IsOwnerAsync(caller, challenge.Id, ct);
        return await db.Declarations.AsNoTracking().Include(d => d.Signatures).ThenInclude(s => s.Organisation)
            .Where(d => d.ChallengeId == challenge.Id && (owner || d.PublishedAt != null))
            .OrderBy(d => d.CreatedAt).ToListAsync(ct);
    }

    /// <summary>A declaration the caller may see: published ones for everyone, drafts for the owners.</summary>
    public async Task<Declaration> FindAsync(Challenge challenge, Guid id, ClaimsPrincipal caller, CancellationToken ct)
    {
        var declaration = await db.Declarations.Include(d => d.Signatures).ThenInclude(s => s.Organisation)
            .FirstOrDefaultAsync(d => d.Id == id && d.ChallengeId == challenge.Id, ct);
        if (declaration is null || (declaration.PublishedAt is null && !await access.IsOwnerAsync(caller, challenge.Id, ct)))
            throw new NotFoundException("No such declaration in this challenge.");
        return declaration;
    }

    async Task EnsureOwnerAsync(ClaimsPrincipal caller, Challenge challenge, CancellationToken ct)
    {
        if (!await access.IsOwnerAsync(caller, challenge.Id, ct))
            throw new ForbiddenException("Only editors of the challenge's lead or co-owning agencies may do this.");
    }

    static (string Title, string Text) Valid(DeclarationInput input)
    {
        var title = input.Title?.Trim();
        var text = input.Text?.Trim();
        new Validator()
            .Check(!string.IsNullOrEmpty(title) && title.Length <= 300, "title", "Give a title of 1–300 characters.")
            .Check(!string.IsNullOrEmpty(text) && text.Length <= 50_000, "text", "Give the text of the declaration (up to 50,000 characters).")
            .ThrowIfInvalid();
        return (title!, text!);
    }

    public async Task<Declaration> CreateAsync(Challenge challenge, DeclarationInput input, ClaimsPrincipal caller, CancellationToken ct)
    {
        await EnsureOwnerAsync(caller, challenge, ct);
        var (title, text) = Valid(input);
        var declaration = new Declaration { ChallengeId = challenge.Id, Title = title, Text = text, CreatedAt = Now };
        db.Declarations.Add(declaration);
        await db.SaveChangesAsync(ct);
        return declaration;
    }

    public async Task UpdateAsync(Challenge challenge, Declaration declaration, DeclarationInput input, ClaimsPrincipal caller, CancellationToken ct)
    {
        await EnsureOwnerAsync(caller, challenge, ct);
        var (title, text) = Valid(input);
        if (declaration.Signatures.Count > 0 || await db.DeclarationSignatures.AnyAsync(s => s.DeclarationId == declaration.Id, ct))
            throw new ConflictException("The declaration has been signed; its text can no longer change.");
        declaration.Title = title;
        declaration.Text = text;
        await db.SaveChangesAsync(ct);
    }

    public async Task PublishAsync(Challenge challenge, Declaration declaration, ClaimsPrincipal caller, CancellationToken ct)
    {
        await EnsureOwnerAsync(caller, challenge, ct);
        if (declaration.PublishedAt is not null) return;
        if (challenge.Status == ChallengeStatus.Closed) throw new ConflictException("The challenge is closed.");
        declaration.PublishedAt = Now;
        db.ChallengeEvents.Add(new ChallengeEvent
        {
            ChallengeId = challenge.Id, At = Now, UserId = caller.UserId(), Kind = "declaration",
            Summary = $"Joint declaration published for signature: {declaration.Title}",
        });
        await db.SaveChangesAsync(ct);
        await ocds.ChallengeChangedAsync(challenge.Id, ct);
    }

    /// <summary>The public agencies the caller may sign for (for the web UI's choices).</summary>
    public Task<List<Organisation>> AgenciesOfAsync(ClaimsPrincipal caller, CancellationToken ct)
    {
        var userId = caller.UserId();
        return db.Memberships.Where(m => m.UserId == userId && (m.Role == MembershipRole.Editor || m.Role == MembershipRole.Admin)
                && m.Organisation.Kind == OrganisationKind.PublicAgency)
            .Select(m => m.Organisation).OrderBy(o => o.Name).ToListAsync(ct);
    }

    async Task<Organisation> AgencyAsync(ClaimsPrincipal caller, string? organisation, CancellationToken ct)
    {
        var agencies = await AgenciesOfAsync(caller, ct);
        if (!string.IsNullOrWhiteSpace(organisation))
        {
            var named = await db.Organisations.FirstOrDefaultAsync(o => o.Slug == organisation, ct)
                ?? throw new InvalidInputException("organisation", $"No organisation '{organisation}'.");
            if (named.Kind != OrganisationKind.PublicAgency) throw new ForbiddenException("Only public agencies sign joint declarations.");
            if (!agencies.Any(a => a.Id == named.Id) && !caller.IsSysAdmin())
                throw new ForbiddenException($"Only editors of '{named.Slug}' may sign for it.");
            return named;
        }
        return agencies.Count switch
        {
            1 => agencies[0],
            0 => throw new ForbiddenException("Only editors of a public agency sign joint declarations."),
            _ => throw new InvalidInputException("organisation", "Name the agency you sign for: you edit more than one."),
        };
    }

    public async Task<DeclarationSignature> SignAsync(Challenge challenge, Declaration declaration, SignatureInput input, ClaimsPrincipal caller,
        CancellationToken ct)
    {
        var commitment = input.Commitment?.Trim();
        var name = input.SignatoryName?.Trim();
        var title = string.IsNullOrWhiteSpace(input.SignatoryTitle) ? null : input.SignatoryTitle.Trim();
        new Validator()
            .Check(!string.IsNullOrEmpty(commitment) && commitment.Length <= 5000, "commitment", "State your agency's commitment in 1–5,000 characters.")
            .Check(!string.IsNullOrEmpty(name) && name.Length <= 200, "signatoryName", "Give the signatory's name (up to 200 characters).")
            .Check((title?.Length ?? 0) <= 200, "signatoryTitle", "Keep the signatory's title under 200 characters.")
            .ThrowIfInvalid();
        var agency = await AgencyAsync(caller, input.Organisation, ct);
        if (declaration.PublishedAt is null) throw new ConflictException("The declaration is not open for signature yet.");
        if (challenge.Status == ChallengeStatus.Closed) throw new ConflictException("The challenge is closed.");
        if (await db.DeclarationSignatures.AnyAsync(s => s.DeclarationId == declaration.Id && s.OrganisationId == agency.Id, ct))
            throw new ConflictException($"{agency.Name} has already signed this declaration.");

        var signature = new DeclarationSignature
        {
            DeclarationId = declaration.Id, OrganisationId = agency.Id, Organisation = agency, Commitment = commitment!,
            EffectiveFrom = input.EffectiveFrom, SignedByUserId = caller.RequiredUserId(), SignatoryName = name!,
            SignatoryTitle = title, SignedAt = Now,
        };
        db.DeclarationSignatures.Add(signature);
        db.ChallengeEvents.Add(new ChallengeEvent
        {
            ChallengeId = challenge.Id, At = Now, UserId = caller.UserId(), Kind = "declaration",
            Summary = $"{agency.Name} signed the declaration \"{declaration.Title}\"",
        });
        await notifier.NotifyAsync(await access.AudienceAsync(challenge.Id, ct), "signature",
            $"{agency.Name} signed \"{declaration.Title}\"", $"{agency.Name} commits: {commitment}",
            $"/challenges/{challenge.Slug}/declarations/{declaration.Id}", ct: ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two editors of the same agency signing at once: the key lets one through.
            throw new ConflictException($"{agency.Name} has already signed this declaration.");
        }
        await ocds.ChallengeChangedAsync(challenge.Id, ct);
        return signature;
    }

    public static SignatureDto ToDto(DeclarationSignature s) => new(s.Organisation.Slug, s.Organisation.Name, s.Organisation.Level,
        s.Commitment, s.EffectiveFrom, s.SignatoryName, s.SignatoryTitle, s.SignedAt);

    public static DeclarationDto ToDto(Declaration d) => new(d.Id, d.Title, d.Text, d.CreatedAt, d.PublishedAt, d.Signatures.Count > 0,
        d.Signatures.OrderBy(s => s.SignedAt).Select(ToDto).ToList());
}
