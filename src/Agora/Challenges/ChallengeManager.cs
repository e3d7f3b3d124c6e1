using System.Globalization;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Agora.Accounts;
using Agora.Notifications;
using Agora.Procurement;
using Agora.Storage;
using Agora.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Agora.Challenges;

/// <summary>Creates and runs challenges — their details, status, participants and demand, KPIs, offered
/// datasets, documents and followers — with the same rules for the API and the web UI. Every change is a
/// <see cref="ChallengeEvent"/>; status changes and joins are told to the challenge's audience; changes
/// that shape the published planning record go to <see cref="OcdsPublisher"/> once saved.
/// Rules (docs/design/challenges-procurement.md): editors of the lead agency edit; an agency's own editors
/// set its demand; nobody skips a step of the lifecycle.</summary>
public sealed partial class ChallengeManager(AgoraDbContext db, ChallengeAccess access, Catalog.CatalogAccess catalog, Notifier notifier,
    OcdsPublisher ocds, FileStore files, TimeProvider clock, IConfiguration configuration, IOptions<AgoraOptions> options)
{
    /// <summary>10 billion in major units: more than any public budget, far from overflowing a sum.</summary>
    public const long MaxBudgetMinor = 1_000_000_000_000;
    const decimal MaxNumber = 100_000_000_000_000m;
    static readonly HashSet<string> ReservedSlugs = ["new"];

    static readonly Lazy<HashSet<string>> Currencies = new(() => CultureInfo.GetCultures(CultureTypes.SpecificCultures)
        .Select(c => { try { return new RegionInfo(c.Name).ISOCurrencySymbol; } catch (ArgumentException) { return null; } })
        .Where(c => c is { Length: 3 }).Select(c => c!).ToHashSet(StringComparer.Ordinal));

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();

    DateTime Now => clock.UtcNow();

    // ---- Finding ----------------------------------------------------------------------------------

    /// <summary>The challenge, if the caller may read it; a draft the caller may not see is "not found".</summary>
    public async Task<Challenge> FindReadableAsync(string slug, ClaimsPrincipal caller, CancellationToken ct)
    {
        var challenge = await db.Challenges.Include(c => c.LeadOrg).FirstOrDefaultAsync(c => c.Slug == slug, ct);
        if (challenge is null || !await access.CanReadAsync(caller, challenge, ct)) throw new NotFoundException($"No challenge '{slug}'.");
        return challenge;
    }

    /// <summary>The challenge, if the caller is an editor of its lead agency (or a system administrator).</summary>
    public async Task<Challenge> FindLedAsync(string slug, ClaimsPrincipal caller, CancellationToken ct)
    {
        var challenge = await FindReadableAsync(slug, caller, ct);
        await EnsureLeadAsync(caller, challenge, ct);
        return challenge;
    }

    async Task EnsureLeadAsync(ClaimsPrincipal caller, Challenge challenge, CancellationToken ct)
    {
        if (!await access.IsLeadAsync(caller, challenge, ct))
            throw new ForbiddenException($"Only editors of {challenge.LeadOrg.Name}, the lead agency, may do this.");
    }

    /// <summary>Challenges the caller may read (drafts only of organisations they belong to), filtered, newest change first.</summary>
    public async Task<(int Total, List<ChallengeSummaryDto> Items)> ListAsync(ClaimsPrincipal caller, ChallengeStatus? status, CityTheme? theme,
        string? organisation, string? q, int offset, int limit, CancellationToken ct)
    {
        var query = db.Challenges.AsNoTracking();
        if (!caller.IsSysAdmin())
        {
            var userId = caller.UserId();
            query = userId is null ? query.Where(c => c.Status != ChallengeStatus.Draft)
                : query.Where(c => c.Status != ChallengeStatus.Draft || db.ChallengeParticipants.Any(p => p.ChallengeId == c.Id
                    && db.Memberships.Any(m => m.UserId == userId && m.OrganisationId == p.OrganisationId)));
        }
        if (status is not null) query = query.Where(c => c.Status == status);
        if (theme is not null) query = query.Where(c => c.Theme == theme);
        if (!string.IsNullOrWhiteSpace(organisation))
            query = query.Where(c => c.Participants.Any(p => p.Organisation.Slug == organisation.Trim()));
        q = AccountRules.CleanSearch(q);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var pattern = $"%{q.ToLower()}%";
            query = query.Where(c => EF.Functions.Like(c.Title.ToLower(), pattern) || (c.Summary != null && EF.Functions.Like(c.Summary.ToLower(), pattern)));
        }
        var total = await query.CountAsync(ct);
        var page = await query.OrderByDescending(c => c.UpdatedAt).ThenBy(c => c.Slug).Skip(offset).Take(limit)
            .Select(c => new { Challenge = c, c.LeadOrg }).ToListAsync(ct);
        var ids = page.Select(p => p.Challenge.Id).ToList();
        var stats = (await db.ChallengeParticipants.Where(p => ids.Contains(p.ChallengeId))
                .Select(p => new { p.ChallengeId, p.Role, p.BudgetMinor }).ToListAsync(ct))
            .GroupBy(p => p.ChallengeId).ToDictionary(g => g.Key, g => g.ToList());
        var items = page.Select(p =>
        {
            var rows = stats.GetValueOrDefault(p.Challenge.Id) ?? [];
            var agencies = rows.Where(r => r.Role != ParticipantRole.Supporter).ToList();
            var c = p.Challenge;
            return new ChallengeSummaryDto(c.Id, c.Slug, c.Title, c.Summary, c.Theme, c.Status, OrganisationRef.From(p.LeadOrg),
                agencies.Count, rows.Count - agencies.Count, agencies.Sum(r => r.BudgetMinor ?? 0), c.Currency, c.UpdatedAt, c.PublishedAt);
        }).ToList();
        return (total, items);
    }

    /// <summary>Everything about a challenge that its page and the API show, as the caller may see it.</summary>
    public async Task<ChallengeDto> DetailsAsync(Challenge c, ClaimsPrincipal caller, CancellationToken ct)
    {
        var participants = await ParticipantsAsync(c.Id, ct);
        var kpis = await db.ChallengeKpis.AsNoTracking().Where(k => k.ChallengeId == c.Id).OrderBy(k => k.Position).ToListAsync(ct);
        var documents = await db.Attachments.AsNoTracking().Where(a => a.ChallengeId == c.Id).OrderBy(a => a.CreatedAt).ToListAsync(ct);
        var followers = await db.ChallengeFollowers.CountAsync(f => f.ChallengeId == c.Id, ct);
        var following = caller.UserId() is { } userId && await db.ChallengeFollowers.AnyAsync(f => f.ChallengeId == c.Id && f.UserId == userId, ct);
        return new ChallengeDto(c.Id, c.Slug, c.Ocid, c.Title, c.Summary, c.Problem, c.Goals, c.Constraints, c.Theme, c.Status, c.Currency,
            OrganisationRef.From(c.LeadOrg), participants.Select(ParticipantDto.From).ToList(), AggregatedDemand.From(c.Currency, participants),
            kpis.Select(KpiDto.From).ToList(), await DatasetsAsync(c, caller, ct), documents.Select(a => DocumentDto.From(a, c.Slug)).ToList(),
            followers, following, await access.IsLeadAsync(caller, c, ct), c.CreatedAt, c.UpdatedAt, c.PublishedAt, Links(c.Slug));
    }

    public static ChallengeLinks Links(string slug) =>
        new($"/challenges/{slug}", $"/challenges/{slug}/dialogue", $"/challenges/{slug}/declarations");

    /// <summary>Participants with their organisations: the lead first, then co-owners, then supporters, by name.</summary>
    public Task<List<ChallengeParticipant>> ParticipantsAsync(Guid challengeId, CancellationToken ct) =>
        db.ChallengeParticipants.AsNoTracking().Include(p => p.Organisation).Where(p => p.ChallengeId == challengeId)
            .OrderBy(p => p.Role == ParticipantRole.Lead ? 0 : p.Role == ParticipantRole.CoOwner ? 1 : 2).ThenBy(p => p.Organisation.Name)
            .ToListAsync(ct);

    public async Task<AggregatedDemand> DemandAsync(Challenge c, CancellationToken ct) =>
        AggregatedDemand.From(c.Currency, await ParticipantsAsync(c.Id, ct));

    public Task<List<EventDto>> EventsAsync(Challenge c, CancellationToken ct) =>
        db.ChallengeEvents.AsNoTracking().Where(e => e.ChallengeId == c.Id).OrderBy(e => e.At).ThenBy(e => e.Id)
            .Select(e => new EventDto(e.Id, e.At, e.Kind, e.FromStatus, e.ToStatus, e.Summary,
                db.Users.Where(u => u.Id == e.UserId).Select(u => u.DisplayName).FirstOrDefault()))
            .ToListAsync(ct);

    // ---- The challenge itself ---------------------------------------------------------------------

    public async Task<Challenge> CreateAsync(ChallengeInput input, ClaimsPrincipal caller, CancellationToken ct)
    {
        var lead = await LeadForAsync(input.Lead, caller, ct);
        var v = new Validator();
        var (theme, currency) = Validate(v, input);
        var slug = input.Slug?.Trim();
        var given = !string.IsNullOrEmpty(slug);
        if (given) CheckSlug(v, slug!);
        v.ThrowIfInvalid();
        if (given && await db.Challenges.AnyAsync(c => c.Slug == slug, ct)) throw new ConflictException($"The challenge address '{slug}' is taken.");
        slug = given ? slug! : await FreeSlugAsync(input.Title!, ct);

        var id = Guid.CreateVersion7();
        var challenge = new Challenge
        {
            Id = id, Slug = slug, Title = "", Ocid = OcdsIds.ForChallenge(configuration, id), LeadOrgId = lead.Id, LeadOrg = lead,
            Status = ChallengeStatus.Draft, CreatedByUserId = caller.UserId(), CreatedAt = Now, UpdatedAt = Now,
        };
        Apply(challenge, input, theme, currency);
        challenge.Participants.Add(new ChallengeParticipant { ChallengeId = id, OrganisationId = lead.Id, Role = ParticipantRole.Lead, JoinedAt = Now });
        db.Challenges.Add(challenge);
        Record(challenge, caller, "created", $"{lead.Name} started the challenge as its lead agency.");
        await SaveAsync(ct);
        await ocds.ChallengeChangedAsync(challenge.Id, ct);
        return challenge;
    }

    /// <summary>The public agency that leads a new challenge: the one named, or the only one the caller edits.</summary>
    async Task<Organisation> LeadForAsync(string? leadSlug, ClaimsPrincipal caller, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(leadSlug))
        {
            var agencies = (await access.EditableOrganisationsAsync(caller, ct)).Where(o => o.Kind == OrganisationKind.PublicAgency).ToList();
            if (agencies.Count == 0)
                throw new ForbiddenException("Only editors of a public agency may start a challenge; the agency becomes its lead.");
            if (agencies.Count > 1) throw new InvalidInputException("lead", "You edit several agencies: name the one that leads.");
            return await db.Organisations.FirstAsync(o => o.Id == agencies[0].Id, ct);
        }
        var lead = await db.Organisations.FirstOrDefaultAsync(o => o.Slug == leadSlug.Trim(), ct)
            ?? throw new InvalidInputException("lead", $"No organisation '{leadSlug}'.");
        if (lead.Kind != OrganisationKind.PublicAgency) throw new InvalidInputException("lead", "The lead must be a public agency.");
        if (!await access.IsEditorOfAsync(caller, lead.Id, ct))
            throw new ForbiddenException($"Only editors of {lead.Name} may start a challenge it leads.");
        return lead;
    }

    public async Task<Challenge> UpdateAsync(string slug, ChallengeInput input, ClaimsPrincipal caller, CancellationToken ct)
    {
        var challenge = await FindLedAsync(slug, caller, ct);
        var v = new Validator();
        var (theme, currency) = Validate(v, input);
        var newSlug = string.IsNullOrWhiteSpace(input.Slug) ? challenge.Slug : input.Slug.Trim();
        if (newSlug != challenge.Slug) CheckSlug(v, newSlug);
        if (!string.IsNullOrWhiteSpace(input.Lead) && input.Lead.Trim() != challenge.LeadOrg.Slug)
            v.Add("lead", "The lead agency of a challenge does not change.");
        v.ThrowIfInvalid();
        if (newSlug != challenge.Slug && await db.Challenges.AnyAsync(c => c.Slug == newSlug, ct))
            throw new ConflictException($"The challenge address '{newSlug}' is taken.");
        challenge.Slug = newSlug;
        Apply(challenge, input, theme, currency);
        Touch(challenge);
        Record(challenge, caller, "edited", "The challenge's description was edited.");
        await SaveAsync(ct);
        await ocds.ChallengeChangedAsync(challenge.Id, ct);
        return challenge;
    }

    /// <summary>Only drafts are deleted (a published challenge stays on the record; close it instead).</summary>
    public async Task DeleteAsync(string slug, ClaimsPrincipal caller, CancellationToken ct)
    {
        var challenge = await FindLedAsync(slug, caller, ct);
        if (challenge.Status != ChallengeStatus.Draft)
            throw new ConflictException("Only a draft can be deleted; a published challenge stays on the record — close it instead.");
        var stored = await db.Attachments.Where(a => a.ChallengeId == challenge.Id && a.FilePath != null).Select(a => a.FilePath).ToListAsync(ct);
        db.Challenges.Remove(challenge);
        await db.SaveChangesAsync(ct);
        foreach (var path in stored) files.Delete(path);
    }

    (CityTheme? Theme, string Currency) Validate(Validator v, ChallengeInput input)
    {
        CheckText(v, input.Title, "title", 300, required: true);
        CheckText(v, input.Summary, "summary", 1000);
        CheckText(v, input.Problem, "problem", 50_000, multiline: true);
        CheckText(v, input.Goals, "goals", 50_000, multiline: true);
        CheckText(v, input.Constraints, "constraints", 50_000, multiline: true);
        CityTheme? theme = null;
        if (string.IsNullOrWhiteSpace(input.Theme)) v.Add("theme", "Choose the ISO 37120 theme, e.g. environment or transportation.");
        else
        {
            try { theme = EnumText.Parse<CityTheme>(input.Theme, "theme"); }
            catch (InvalidInputException e) { v.Add("theme", e.Errors["theme"][0]); }
        }
        var currency = string.IsNullOrWhiteSpace(input.Currency) ? "EUR" : input.Currency.Trim();
        if (!IsCurrency(currency)) v.Add("currency", "Give an ISO 4217 currency code in capitals, e.g. EUR or DKK.");
        return (theme, currency);
    }

    public static bool IsCurrency(string code) =>
        CurrencyPattern().IsMatch(code) && (Currencies.Value.Count < 20 || Currencies.Value.Contains(code));

    static void Apply(Challenge c, ChallengeInput input, CityTheme? theme, string currency)
    {
        c.Title = input.Title!.Trim();
        c.Summary = Blank(input.Summary);
        c.Problem = Blank(input.Problem);
        c.Goals = Blank(input.Goals);
        c.Constraints = Blank(input.Constraints);
        c.Theme = theme!.Value;
        c.Currency = currency;
    }

    static void CheckSlug(Validator v, string slug) => v.Check(AccountRules.IsSlug(slug) && !ReservedSlugs.Contains(slug), "slug",
        "Use 2–100 characters: lower-case letters, digits, '-' and '_', starting with a letter or digit (not 'new').");

    /// <summary>A free address made from the title: "clean-sites", else "clean-sites-2" and so on.</summary>
    async Task<string> FreeSlugAsync(string title, CancellationToken ct)
    {
        var stem = Catalog.Pages.DatasetForm.SlugFrom(title);
        if (stem.Length > 90) stem = stem[..90].TrimEnd('-');
        if (stem.Length < 2 || ReservedSlugs.Contains(stem)) stem = $"challenge-{Guid.NewGuid().ToString("N")[..8]}";
        var taken = await db.Challenges.Where(c => c.Slug == stem || c.Slug.StartsWith(stem + "-")).Select(c => c.Slug).ToListAsync(ct);
        if (!taken.Contains(stem)) return stem;
        for (var n = 2; ; n++)
            if (!taken.Contains($"{stem}-{n}")) return $"{stem}-{n}";
    }

    // ---- Helpers ----------------------------------------------------------------------------------

    void Touch(Challenge c) => c.UpdatedAt = Now;

    void Record(Challenge c, ClaimsPrincipal caller, string kind, string summary) => db.ChallengeEvents.Add(new ChallengeEvent
    {
        ChallengeId = c.Id, At = Now, UserId = caller.UserId(), Kind = kind, Summary = summary.Length <= 2000 ? summary : summary[..1999] + "…",
    });

    /// <summary>Tells the challenge's followers and participants' members, except the caller, who knows.</summary>
    async Task TellAsync(Challenge c, ClaimsPrincipal caller, string kind, string title, string body, CancellationToken ct)
    {
        var audience = await access.AudienceAsync(c.Id, ct);
        var me = caller.UserId();
        await notifier.NotifyAsync(audience.Where(id => id != me), kind, title, body, $"/challenges/{c.Slug}", ct: ct);
    }

    static void CheckText(Validator v, string? value, string field, int max, bool required = false, bool multiline = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) v.Add(field, "Required.");
            return;
        }
        if (value.Trim().Length > max) v.Add(field, $"At most {max:N0} characters.");
        else if (!AccountRules.IsCleanText(value, multiline)) v.Add(field, multiline ? "No control characters." : "One line, without control characters.");
    }

    static void CheckNumber(Validator v, decimal? value, string field, bool positive = false)
    {
        if (value is not { } n) return;
        if (Math.Abs(n) >= MaxNumber) v.Add(field, "The number is too large.");
        else if (positive && n < 0) v.Add(field, "Must be 0 or more.");
        else if (decimal.Round(n, 4) != n) v.Add(field, "At most 4 decimal places.");
    }

    static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>Saves, turning a unique-index race (two challenges taking one address at once) into a 409.</summary>
    async Task SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (IsUniqueViolation(e))
        {
            throw new ConflictException("That was taken a moment ago (an address, or the same change made twice); try again.");
        }
    }

    static bool IsUniqueViolation(DbUpdateException e) => e.InnerException switch
    {
        Microsoft.Data.Sqlite.SqliteException s => s.SqliteExtendedErrorCode is 2067 or 1555,
        Npgsql.PostgresException p => p.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
