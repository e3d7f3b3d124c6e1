using System.Security.Claims;
using Agora.Accounts;
using Agora.Web;
using Microsoft.EntityFrameworkCore;

namespace Agora.Challenges;

// Suppliers' side of the dialogue: registration of interest, feedback and questions.
public sealed partial class DialogueManager
{
    /// <summary>The company for which the caller acts: the one named (the caller must edit it), or the only
    /// company the caller edits. Agencies and other kinds of organisation do not take part as suppliers.</summary>
    public async Task<Organisation> SupplierAsync(ClaimsPrincipal caller, string? organisation, CancellationToken ct)
    {
        if (caller.UserId() is not { } userId) throw new ForbiddenException("Sign in to take part in the dialogue.");
        var companies = await db.Memberships
            .Where(m => m.UserId == userId && (m.Role == MembershipRole.Editor || m.Role == MembershipRole.Admin)
                && m.Organisation.Kind == OrganisationKind.Company)
            .Select(m => m.Organisation).ToListAsync(ct);
        if (!string.IsNullOrWhiteSpace(organisation))
        {
            var named = await db.Organisations.FirstOrDefaultAsync(o => o.Slug == organisation, ct)
                ?? throw new InvalidInputException("organisation", $"No organisation '{organisation}'.");
            if (named.Kind != OrganisationKind.Company)
                throw new ForbiddenException("Only companies take part in the market dialogue as suppliers.");
            if (!companies.Any(c => c.Id == named.Id) && !caller.IsSysAdmin())
                throw new ForbiddenException($"Only editors of '{named.Slug}' may act for it.");
            return named;
        }
        return companies.Count switch
        {
            1 => companies[0],
            0 => throw new ForbiddenException("Only editors of a company take part in the market dialogue as suppliers."),
            _ => throw new InvalidInputException("organisation", "Name the company you act for: you edit more than one."),
        };
    }

    /// <summary>The companies the caller edits (for the web UI's choices).</summary>
    public Task<List<Organisation>> CompaniesOfAsync(ClaimsPrincipal caller, CancellationToken ct)
    {
        var userId = caller.UserId();
        return db.Memberships.Where(m => m.UserId == userId && (m.Role == MembershipRole.Editor || m.Role == MembershipRole.Admin)
                && m.Organisation.Kind == OrganisationKind.Company)
            .Select(m => m.Organisation).OrderBy(o => o.Name).ToListAsync(ct);
    }

    void EnsureOpen(DialogueRound round, Challenge challenge, string what)
    {
        if (!IsOpen(round, challenge, Now))
            throw new ConflictException(Now < round.OpensAt
                ? $"The round opens at {Labels.Time(round.OpensAt)}; {what} until then is not possible."
                : $"The round is closed (the deadline was {Labels.Time(round.AnswersDeadline)}); {what} is no longer possible.");
    }

    Task<bool> IsRegisteredAsync(DialogueRound round, Guid organisationId, CancellationToken ct) =>
        db.DialogueInterests.AnyAsync(i => i.RoundId == round.Id && i.OrganisationId == organisationId, ct);

    // ---- Interest ------------------------------------------------------------------------------

    public async Task<InterestDto> RegisterAsync(Challenge challenge, DialogueRound round, InterestInput input, ClaimsPrincipal caller,
        CancellationToken ct)
    {
        var size = EnumText.Parse<CompanySize>(input.Size, "size")
            ?? throw new InvalidInputException("size", "Give the company's size: micro, small, medium or large.");
        var company = await SupplierAsync(caller, input.Organisation, ct);
        EnsureOpen(round, challenge, "registering");
        var interest = await db.DialogueInterests.FirstOrDefaultAsync(i => i.RoundId == round.Id && i.OrganisationId == company.Id, ct);
        if (interest is null)
        {
            interest = new DialogueInterest { RoundId = round.Id, OrganisationId = company.Id, RegisteredAt = Now };
            db.DialogueInterests.Add(interest);
        }
        interest.UserId = caller.RequiredUserId();
        interest.Size = size;
        await db.SaveChangesAsync(ct);
        await ocds.ChallengeChangedAsync(challenge.Id, ct); // registered suppliers are OCDS interestedParty
        return new InterestDto(company.Slug, company.Name, interest.Size, interest.RegisteredAt);
    }

    /// <summary>Withdraws the registration; the supplier's feedback goes with it (it was given as a registered supplier).</summary>
    public async Task WithdrawAsync(Challenge challenge, DialogueRound round, string? organisation, ClaimsPrincipal caller, CancellationToken ct)
    {
        var company = await SupplierAsync(caller, organisation, ct);
        EnsureOpen(round, challenge, "withdrawing");
        await db.DialogueInterests.Where(i => i.RoundId == round.Id && i.OrganisationId == company.Id).ExecuteDeleteAsync(ct);
        await db.DialogueFeedback.Where(f => f.RoundId == round.Id && f.OrganisationId == company.Id).ExecuteDeleteAsync(ct);
        await ocds.ChallengeChangedAsync(challenge.Id, ct);
    }

    public async Task<List<InterestDto>> InterestsAsync(Challenge challenge, DialogueRound round, ClaimsPrincipal caller, CancellationToken ct)
    {
        await EnsureOwnerAsync(caller, challenge, ct);
        return await db.DialogueInterests.AsNoTracking().Where(i => i.RoundId == round.Id).OrderBy(i => i.RegisteredAt)
            .Select(i => new InterestDto(i.Organisation.Slug, i.Organisation.Name, i.Size, i.RegisteredAt)).ToListAsync(ct);
    }

    /// <summary>The caller's companies registered in the round (for the web UI).</summary>
    public async Task<List<Guid>> RegisteredCompaniesAsync(DialogueRound round, ClaimsPrincipal caller, CancellationToken ct)
    {
        var mine = (await CompaniesOfAsync(caller, ct)).Select(c => c.Id).ToList();
        return await db.DialogueInterests.Where(i => i.RoundId == round.Id && mine.Contains(i.OrganisationId))
            .Select(i => i.OrganisationId).ToListAsync(ct);
    }

    // ---- Feedback ------------------------------------------------------------------------------

    public async Task<FeedbackDto> SaveFeedbackAsync(Challenge challenge, DialogueRound round, FeedbackInput input, ClaimsPrincipal caller,
        CancellationToken ct)
    {
        var factors = ValidFactors(input);
        var company = await SupplierAsync(caller, input.Organisation, ct);
        EnsureOpen(round, challenge, "giving feedback");
        if (!await IsRegisteredAsync(round, company.Id, ct))
            throw new ForbiddenException("Register interest in the round before giving feedback.");

        var feedback = await db.DialogueFeedback.Include(f => f.Factors)
            .FirstOrDefaultAsync(f => f.RoundId == round.Id && f.OrganisationId == company.Id, ct);
        if (feedback is null)
        {
            feedback = new DialogueFeedback { RoundId = round.Id, OrganisationId = company.Id, SubmittedAt = Now };
            db.DialogueFeedback.Add(feedback);
        }
        else
        {
            db.DialogueFactors.RemoveRange(feedback.Factors);
            feedback.Factors.Clear();
        }
        feedback.UserId = caller.RequiredUserId();
        feedback.WouldBidIf = Blank(input.WouldBidIf);
        feedback.ReadinessLevel = input.ReadinessLevel;
        feedback.SuggestedApproach = Blank(input.SuggestedApproach);
        feedback.UpdatedAt = Now;
        feedback.Factors.AddRange(factors);
        await db.SaveChangesAsync(ct);
        feedback.Organisation = company;
        return ToDto(feedback);
    }

    static List<DialogueFactor> ValidFactors(FeedbackInput input)
    {
        var v = new Validator();
        var factors = new List<DialogueFactor>();
        void Read(IReadOnlyList<FactorInput>? list, string field, FactorKind kind)
        {
            if (list is null) return;
            v.Check(list.Count <= 50, field, "Name at most 50.");
            for (var i = 0; i < list.Count; i++)
            {
                var item = list[i];
                FactorCategory? category = null;
                try { category = EnumText.Parse<FactorCategory>(item?.Category, $"{field}[{i}].category"); }
                catch (InvalidInputException e) { foreach (var (k, m) in e.Errors) v.Add(k, m[0]); }
                if (item?.Category is null || string.IsNullOrWhiteSpace(item.Category))
                    v.Add($"{field}[{i}].category", "Give the category: regulatory, technical, financial, market or organisational.");
                var text = item?.Text?.Trim();
                v.Check(!string.IsNullOrEmpty(text) && text.Length <= 5000, $"{field}[{i}].text", "Describe it in 1–5,000 characters.");
                if (category is { } c && !string.IsNullOrEmpty(text)) factors.Add(new DialogueFactor { Kind = kind, Category = c, Text = text });
            }
        }
        Read(input.Barriers, "barriers", FactorKind.Barrier);
        Read(input.Enablers, "enablers", FactorKind.Enabler);
        v.Check(input.ReadinessLevel is null or (>= 1 and <= 9), "readinessLevel", "Give a technology readiness level from 1 to 9.");
        v.Check((input.WouldBidIf?.Length ?? 0) <= 10_000, "wouldBidIf", "Keep this under 10,000 characters.");
        v.Check((input.SuggestedApproach?.Length ?? 0) <= 20_000, "suggestedApproach", "Keep this under 20,000 characters.");
        v.ThrowIfInvalid();
        return factors;
    }

    static FeedbackDto ToDto(DialogueFeedback f)
    {
        var factors = f.Factors.OrderBy(x => x.Id).ToList();
        return new FeedbackDto(f.Organisation.Slug, f.Organisation.Name,
            factors.Where(x => x.Kind == FactorKind.Barrier).Select(x => new FactorDto(x.Category, x.Text)).ToList(),
            factors.Where(x => x.Kind == FactorKind.Enabler).Select(x => new FactorDto(x.Category, x.Text)).ToList(),
            f.WouldBidIf, f.ReadinessLevel, f.SuggestedApproach, f.SubmittedAt, f.UpdatedAt);
    }

    /// <summary>Owners get every supplier's feedback with its author; members of a company get their company's only.</summary>
    public async Task<List<FeedbackDto>> FeedbackAsync(Challenge challenge, DialogueRound round, ClaimsPrincipal caller, CancellationToken ct)
    {
        var query = db.DialogueFeedback.AsNoTracking().Include(f => f.Organisation).Include(f => f.Factors).Where(f => f.RoundId == round.Id);
        if (!await access.IsOwnerAsync(caller, challenge.Id, ct))
        {
            if (caller.UserId() is null) throw new ForbiddenException("Sign in to see your feedback.");
            var mine = await MemberOrganisationsAsync(caller, ct); // any member of the company, as for its questions
            query = query.Where(f => mine.Contains(f.OrganisationId));
        }
        return (await query.OrderBy(f => f.SubmittedAt).ToListAsync(ct)).Select(ToDto).ToList();
    }

    // ---- Questions -----------------------------------------------------------------------------

    public async Task<QuestionDto> AskAsync(Challenge challenge, DialogueRound round, QuestionInput input, ClaimsPrincipal caller,
        CancellationToken ct)
    {
        var text = input.Question?.Trim();
        new Validator().Check(!string.IsNullOrEmpty(text) && text.Length <= 5000, "question", "Ask in 1–5,000 characters.").ThrowIfInvalid();
        var company = await SupplierAsync(caller, input.Organisation, ct);
        EnsureOpen(round, challenge, "asking questions");
        if (!await IsRegisteredAsync(round, company.Id, ct))
            throw new ForbiddenException("Register interest in the round before asking questions.");
        var question = new DialogueQuestion
        {
            RoundId = round.Id, AskedByOrgId = company.Id, AskedByUserId = caller.RequiredUserId(), Question = text!, AskedAt = Now,
        };
        db.DialogueQuestions.Add(question);
        // The owners learn who asked; the notice says so only to them.
        await notifier.NotifyAsync(await OwnersAsync(challenge, ct), "question", $"New question in the dialogue on {challenge.Title}",
            $"{company.Name} asked in round {round.Number}: {text}", RoundLink(challenge, round) + "#questions", ct: ct);
        await db.SaveChangesAsync(ct);
        return new QuestionDto(question.Id, round.Number, question.Question, null, question.AskedAt, null, Mine: true);
    }

    /// <summary>Answered questions for everyone, without the asker; the owners also see unanswered ones and
    /// who asked; members of an asking company also see their own company's unanswered questions.</summary>
    public async Task<List<QuestionDto>> QuestionsAsync(Challenge challenge, DialogueRound round, ClaimsPrincipal caller, CancellationToken ct)
    {
        var owner = await access.IsOwnerAsync(caller, challenge.Id, ct);
        var mine = owner ? [] : (await MemberOrganisationsAsync(caller, ct));
        var rows = await db.DialogueQuestions.AsNoTracking().Where(q => q.RoundId == round.Id
                && (owner || q.Answer != null || mine.Contains(q.AskedByOrgId)))
            .OrderBy(q => q.AskedAt)
            .Select(q => new { q.Id, q.Question, q.Answer, q.AskedAt, q.AnsweredAt, q.AskedByOrgId })
            .ToListAsync(ct);
        var names = owner
            ? await db.Organisations.Where(o => rows.Select(r => r.AskedByOrgId).Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct)
            : [];
        return rows.Select(q => new QuestionDto(q.Id, round.Number, q.Question, q.Answer, q.AskedAt, q.AnsweredAt,
            AskedBy: owner ? names.GetValueOrDefault(q.AskedByOrgId) : null,
            Mine: !owner && mine.Contains(q.AskedByOrgId) ? true : null)).ToList();
    }

    async Task<List<Guid>> MemberOrganisationsAsync(ClaimsPrincipal caller, CancellationToken ct) =>
        caller.UserId() is { } userId
            ? await db.Memberships.Where(m => m.UserId == userId).Select(m => m.OrganisationId).ToListAsync(ct)
            : [];

    /// <summary>Publishes (or corrects) the answer to a question; the first answer is announced to the
    /// round's registered suppliers and the challenge's followers alike.</summary>
    public async Task<QuestionDto> AnswerAsync(Challenge challenge, Guid questionId, AnswerInput input, ClaimsPrincipal caller,
        CancellationToken ct)
    {
        var question = await db.DialogueQuestions.FirstOrDefaultAsync(q => q.Id == questionId, ct);
        var round = question is null ? null : await db.DialogueRounds.FirstOrDefaultAsync(r => r.Id == question.RoundId && r.ChallengeId == challenge.Id, ct);
        if (question is null || round is null) throw new NotFoundException("No such question in this challenge's dialogue.");
        await EnsureOwnerAsync(caller, challenge, ct);
        var text = input.Answer?.Trim();
        new Validator().Check(!string.IsNullOrEmpty(text) && text.Length <= 20_000, "answer", "Answer in 1–20,000 characters.").ThrowIfInvalid();

        var first = question.Answer is null;
        question.Answer = text;
        question.AnsweredByUserId = caller.RequiredUserId();
        question.AnsweredAt = Now;
        if (first && round.PublishedAt is not null && challenge.Status != ChallengeStatus.Draft)
        {
            var suppliers = await EditorsOfAsync(db.DialogueInterests.Where(i => i.RoundId == round.Id).Select(i => i.OrganisationId), ct);
            var followers = await db.ChallengeFollowers.Where(f => f.ChallengeId == challenge.Id).Select(f => f.UserId).ToListAsync(ct);
            await notifier.NotifyAsync(suppliers.Concat(followers), "answer", $"A question on {challenge.Title} is answered",
                $"Q: {question.Question}\n\nA: {text}", RoundLink(challenge, round) + "#questions", ct: ct);
        }
        await db.SaveChangesAsync(ct);
        return new QuestionDto(question.Id, round.Number, question.Question, question.Answer, question.AskedAt, question.AnsweredAt);
    }
}
