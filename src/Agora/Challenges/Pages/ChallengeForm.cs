using Agora.Web;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Agora.Challenges.Pages;

/// <summary>The fields of the challenge forms (new and edit).</summary>
public sealed class ChallengeForm
{
    public string? Title { get; set; }
    public string? Slug { get; set; }
    public string? Summary { get; set; }
    public string? Problem { get; set; }
    public string? Goals { get; set; }
    public string? Constraints { get; set; }
    public string? Theme { get; set; }
    public string? Currency { get; set; } = "EUR";
    public string? Lead { get; set; }

    public ChallengeInput ToInput() => new(Title, Slug, Summary, Problem, Goals, Constraints, Theme, Currency?.Trim().ToUpperInvariant(), Lead);

    public static ChallengeForm From(ChallengeDto c) => new()
    {
        Title = c.Title, Slug = c.Slug, Summary = c.Summary, Problem = c.Problem, Goals = c.Goals, Constraints = c.Constraints,
        Theme = EnumText.Name(c.Theme), Currency = c.Currency, Lead = c.Lead.Slug,
    };
}

/// <summary>An agency's demand as its editors type it: the budget in major units (euros, not cents).</summary>
public sealed class DemandForm
{
    public string? Organisation { get; set; }
    public decimal? Quantity { get; set; }
    public string? Unit { get; set; }
    public decimal? Budget { get; set; }
    public DateOnly? NeededFrom { get; set; }
    public DateOnly? NeededUntil { get; set; }
    public string? Note { get; set; }

    public DemandInput ToInput(string currency, bool isAgency) => isAgency
        ? new(Quantity, Unit, Budget is { } b ? ChallengeLabels.ToMinor(b, currency) : null, NeededFrom, NeededUntil, Note)
        : new(Note: Note);

    public static DemandForm From(ParticipantDto p, string currency) => new()
    {
        Organisation = p.Organisation.Slug, Quantity = p.Quantity, Unit = p.Unit,
        Budget = p.BudgetMinor is { } m ? ChallengeLabels.ToMajor(m, currency) : null, NeededFrom = p.NeededFrom, NeededUntil = p.NeededUntil, Note = p.Note,
    };
}

public sealed class KpiForm
{
    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? Unit { get; set; }
    public decimal? Baseline { get; set; }
    public decimal? Target { get; set; }
    public DateOnly? TargetDate { get; set; }

    public KpiInput ToInput() => new(Title, Description, Unit, Baseline, Target, TargetDate);
}

public sealed class DocumentForm
{
    public string? Title { get; set; }
    public string? DocumentType { get; set; }
    public string? Url { get; set; }
    public string? Description { get; set; }

    public DocumentInput ToInput() => new(Title, DocumentType, Url, Description);
}

static class ChallengePageErrors
{
    /// <summary>Shows a domain error on a form whose fields are prefixed; the demand form's budget is typed in
    /// major units, so errors about <c>budgetMinor</c> go next to its Budget field.</summary>
    public static bool Show(ModelStateDictionary state, Exception e, string prefix)
    {
        if (e is InvalidInputException invalid && invalid.Errors.TryGetValue("budgetMinor", out var budget) && !invalid.Errors.IsReadOnly)
        {
            invalid.Errors.Remove("budgetMinor");
            invalid.Errors["budget"] = budget;
        }
        return PageErrors.Show(state, e, prefix);
    }
}
