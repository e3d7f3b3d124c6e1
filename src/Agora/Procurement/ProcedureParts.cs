using System.Security.Claims;
using Agora.Accounts;
using Agora.Storage;
using Agora.Web;
using Microsoft.EntityFrameworkCore;

namespace Agora.Procurement;

/// <summary>A procedure's parts its lead sets while planning it: lots, award criteria, joint buyers; and its
/// evaluators, who may be named until the evaluation is over.</summary>
public sealed partial class ProcedureManager
{
    public async Task<Lot> AddLotAsync(Guid id, LotInput input, ClaimsPrincipal caller, CancellationToken ct)
    {
        var p = await FindPlanningAsync(id, caller, ct);
        var lot = new Lot { ProcedureId = p.Id, Title = "", Number = p.Lots.Count == 0 ? 1 : p.Lots.Max(l => l.Number) + 1 };
        ApplyLot(lot, input);
        p.Lots.Add(lot);
        await SaveAsync(p, ct);
        return lot;
    }

    public async Task<Lot> UpdateLotAsync(Guid id, int number, LotInput input, ClaimsPrincipal caller, CancellationToken ct)
    {
        var p = await FindPlanningAsync(id, caller, ct);
        var lot = p.Lots.FirstOrDefault(l => l.Number == number) ?? throw new NotFoundException($"No lot {number}.");
        ApplyLot(lot, input);
        await SaveAsync(p, ct);
        return lot;
    }

    public async Task RemoveLotAsync(Guid id, int number, ClaimsPrincipal caller, CancellationToken ct)
    {
        var p = await FindPlanningAsync(id, caller, ct);
        var lot = p.Lots.FirstOrDefault(l => l.Number == number) ?? throw new NotFoundException($"No lot {number}.");
        p.Lots.Remove(lot);
        db.Lots.Remove(lot);
        await SaveAsync(p, ct);
    }

    static void ApplyLot(Lot lot, LotInput input)
    {
        var title = input.Title?.Trim();
        new Validator()
            .Check(!string.IsNullOrEmpty(title), "title", "Give the lot a title.")
            .Check(title is not { Length: > 300 }, "title", "At most 300 characters.")
            .Check(input.Description is not { Length: > 20_000 }, "description", "At most 20,000 characters.")
            .Check(input.EstimatedValueMinor is null or >= 0, "estimatedValueMinor", "Must be 0 or more (minor units).")
            .ThrowIfInvalid();
        lot.Title = title!;
        lot.Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim();
        lot.EstimatedValueMinor = input.EstimatedValueMinor;
    }

    /// <summary>Replaces the award criteria with the given set, whose integer weights must sum to 100.</summary>
    public async Task<List<AwardCriterion>> SetCriteriaAsync(Guid id, List<CriterionInput>? input, ClaimsPrincipal caller, CancellationToken ct)
    {
        var p = await FindPlanningAsync(id, caller, ct);
        var v = new Validator();
        if (input is null || input.Count == 0) v.Add("criteria", "Give at least one award criterion.");
        else
        {
            for (var i = 0; i < input.Count; i++)
            {
                var c = input[i];
                v.Check(!string.IsNullOrWhiteSpace(c.Name) && c.Name.Trim().Length <= 300, $"criteria[{i}].name", "A name of 1 to 300 characters.");
                v.Check(c.Description is not { Length: > 5000 }, $"criteria[{i}].description", "At most 5,000 characters.");
                v.Check(c.Kind is not null, $"criteria[{i}].kind", "Give the kind: quality, price or cost.");
                v.Check(c.Weight is >= 1 and <= 100, $"criteria[{i}].weight", "A whole number from 1 to 100.");
            }
            var sum = input.Sum(c => (long)(c.Weight ?? 0));
            v.Check(sum == 100, "criteria", $"The weights must sum to 100; they sum to {sum}.");
        }
        v.ThrowIfInvalid();
        db.AwardCriteria.RemoveRange(p.Criteria);
        p.Criteria.Clear();
        for (var i = 0; i < input!.Count; i++)
            p.Criteria.Add(new AwardCriterion
            {
                ProcedureId = p.Id, Name = input[i].Name!.Trim(), Description = string.IsNullOrWhiteSpace(input[i].Description) ? null : input[i].Description!.Trim(),
                Kind = input[i].Kind!.Value, Weight = input[i].Weight!.Value, Position = i + 1,
            });
        await SaveAsync(p, ct);
        return p.Criteria.OrderBy(c => c.Position).ToList();
    }

    /// <summary>Adds a public agency as a joint buyer.</summary>
    public async Task<Procedure> AddBuyerAsync(Guid id, BuyerInput input, ClaimsPrincipal caller, CancellationToken ct)
    {
        var p = await FindPlanningAsync(id, caller, ct);
        if (string.IsNullOrWhiteSpace(input.Organisation)) throw new InvalidInputException("organisation", "Name the agency (its short name).");
        var org = await FindOrganisationAsync(input.Organisation, ct)
            ?? throw new InvalidInputException("organisation", $"No organisation '{input.Organisation}'.");
        if (org.Kind != OrganisationKind.PublicAgency) throw new InvalidInputException("organisation", "Only public agencies buy.");
        if (p.Buyers.Any(b => b.OrganisationId == org.Id)) throw new ConflictException($"{org.Name} is already a buyer.");
        p.Buyers.Add(new ProcedureBuyer { ProcedureId = p.Id, OrganisationId = org.Id, Organisation = org });
        return await SaveAsync(p, ct);
    }

    public async Task<Procedure> RemoveBuyerAsync(Guid id, string organisation, ClaimsPrincipal caller, CancellationToken ct)
    {
        var p = await FindPlanningAsync(id, caller, ct);
        var buyer = p.Buyers.FirstOrDefault(b => b.Organisation.Slug == organisation || b.OrganisationId.ToString() == organisation)
            ?? throw new NotFoundException($"'{organisation}' is not a buyer.");
        if (buyer.IsLead) throw new ConflictException("The lead buyer cannot be removed.");
        p.Buyers.Remove(buyer);
        db.ProcedureBuyers.Remove(buyer);
        return await SaveAsync(p, ct);
    }

    /// <summary>Evaluators and their declarations: seen by members of the buyers and by the evaluators.</summary>
    public async Task<List<EvaluatorDto>> EvaluatorsAsync(Guid id, ClaimsPrincipal caller, CancellationToken ct)
    {
        var p = await FindAsync(id, caller, ct);
        var userId = caller.UserId();
        var buyers = p.Buyers.Select(b => b.OrganisationId).ToList();
        var allowed = caller.IsSysAdmin() || (userId is { } u && (
            await db.Memberships.AnyAsync(m => m.UserId == u && buyers.Contains(m.OrganisationId), ct)
            || await db.Evaluators.AnyAsync(e => e.ProcedureId == p.Id && e.UserId == u, ct)));
        if (!allowed) throw new ForbiddenException("Only the buyers and the evaluators see who evaluates.");
        return await db.Evaluators.AsNoTracking().Where(e => e.ProcedureId == p.Id).OrderBy(e => e.AddedAt)
            .Select(e => new EvaluatorDto(e.UserId, e.User.UserName, e.User.DisplayName, e.AddedAt, e.DeclaredAt, e.HasConflict, e.Statement))
            .ToListAsync(ct);
    }

    /// <summary>Names an evaluator: a member of one of the buyers, until the evaluation is over.</summary>
    public async Task AddEvaluatorAsync(Guid id, EvaluatorInput input, ClaimsPrincipal caller, CancellationToken ct)
    {
        var p = await FindOpenForEvaluatorsAsync(id, caller, ct);
        var key = input.User?.Trim();
        if (string.IsNullOrEmpty(key)) throw new InvalidInputException("user", "Name the user (user name).");
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == key || u.Id.ToString() == key, ct)
            ?? throw new InvalidInputException("user", $"No user '{key}'.");
        var buyers = p.Buyers.Select(b => b.OrganisationId).ToList();
        if (!await db.Memberships.AnyAsync(m => m.UserId == user.Id && buyers.Contains(m.OrganisationId), ct))
            throw new InvalidInputException("user", "Evaluators must be members of one of the buyers.");
        if (await db.Evaluators.AnyAsync(e => e.ProcedureId == p.Id && e.UserId == user.Id, ct))
            throw new ConflictException($"{user.DisplayName} is already an evaluator.");
        db.Evaluators.Add(new Evaluator { ProcedureId = p.Id, UserId = user.Id, AddedAt = clock.UtcNow() });
        await notifier.NotifyAsync([user.Id], "evaluator-named", $"You evaluate: {p.Title}",
            "Declare whether you have a conflict of interest before scoring.", $"/procurements/{p.Id}/evaluation", ct: ct);
        await db.SaveChangesAsync(ct);
    }

    public async Task RemoveEvaluatorAsync(Guid id, string user, ClaimsPrincipal caller, CancellationToken ct)
    {
        var p = await FindOpenForEvaluatorsAsync(id, caller, ct);
        var evaluator = await db.Evaluators.FirstOrDefaultAsync(e => e.ProcedureId == p.Id
            && (e.User.UserName == user || e.UserId.ToString() == user), ct) ?? throw new NotFoundException($"'{user}' is not an evaluator.");
        db.Evaluators.Remove(evaluator);
        await db.SaveChangesAsync(ct);
    }

    async Task<Procedure> FindOpenForEvaluatorsAsync(Guid id, ClaimsPrincipal caller, CancellationToken ct)
    {
        var p = await FindLedAsync(id, caller, ct);
        if (p.Status is not (ProcedureStatus.Planning or ProcedureStatus.Tender or ProcedureStatus.Evaluation))
            throw new ConflictException($"The procedure is {EnumText.Name(p.Status)}; evaluators are named until the evaluation ends.");
        return p;
    }
}
