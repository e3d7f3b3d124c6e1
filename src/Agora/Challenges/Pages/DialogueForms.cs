namespace Agora.Challenges.Pages;

// The web UI's forms of the market dialogue, turned into the API's inputs so both go through the same rules.

public sealed class RoundForm
{
    public string? Title { get; set; }
    public string? Announcement { get; set; }
    public string? Agenda { get; set; }
    public string? ExpectedProcedure { get; set; }
    /// <summary>datetime-local fields, read as UTC.</summary>
    public DateTime? OpensAt { get; set; }
    public DateTime? AnswersDeadline { get; set; }

    public RoundInput ToInput() => new(Title, Announcement, Agenda, ExpectedProcedure, OpensAt, AnswersDeadline);
}

public sealed class FeedbackForm
{
    public const int Rows = 3;
    public string? Organisation { get; set; }
    public List<string?> BarrierCategories { get; set; } = [];
    public List<string?> BarrierTexts { get; set; } = [];
    public List<string?> EnablerCategories { get; set; } = [];
    public List<string?> EnablerTexts { get; set; } = [];
    public string? WouldBidIf { get; set; }
    public int? ReadinessLevel { get; set; }
    public string? SuggestedApproach { get; set; }

    /// <summary>Rows left blank are dropped; a row with text but no category is sent as it is, to be refused.</summary>
    static List<FactorInput> Factors(List<string?> categories, List<string?> texts) =>
        Enumerable.Range(0, Math.Max(categories.Count, texts.Count))
            .Select(i => new FactorInput(categories.ElementAtOrDefault(i), texts.ElementAtOrDefault(i)))
            .Where(f => !string.IsNullOrWhiteSpace(f.Text)).ToList();

    public FeedbackInput ToInput() => new(Organisation, Factors(BarrierCategories, BarrierTexts), Factors(EnablerCategories, EnablerTexts),
        WouldBidIf, ReadinessLevel, SuggestedApproach);

    public static FeedbackForm From(FeedbackDto? f) => f is null ? new() : new()
    {
        Organisation = f.Organisation,
        BarrierCategories = f.Barriers.Select(b => (string?)Web.EnumText.Name(b.Category)).ToList(),
        BarrierTexts = f.Barriers.Select(b => (string?)b.Text).ToList(),
        EnablerCategories = f.Enablers.Select(b => (string?)Web.EnumText.Name(b.Category)).ToList(),
        EnablerTexts = f.Enablers.Select(b => (string?)b.Text).ToList(),
        WouldBidIf = f.WouldBidIf, ReadinessLevel = f.ReadinessLevel, SuggestedApproach = f.SuggestedApproach,
    };
}

public sealed class MeetingForm
{
    public string? Title { get; set; }
    public DateTime? HeldAt { get; set; }
    public string? Location { get; set; }
    public string? Minutes { get; set; }
    public int? Attendees { get; set; }

    public MeetingInput ToInput() => new(Title, HeldAt, Location, Minutes, Attendees);
}

public sealed class SignatureForm
{
    public string? Organisation { get; set; }
    public string? Commitment { get; set; }
    public DateOnly? EffectiveFrom { get; set; }
    public string? SignatoryName { get; set; }
    public string? SignatoryTitle { get; set; }

    public SignatureInput ToInput() => new(Organisation, Commitment, EffectiveFrom, SignatoryName, SignatoryTitle);
}

public static class DialogueLabels
{
    public static string Category(FactorCategory c) => c.ToString();

    public static string Size(CompanySize s) => s switch
    {
        CompanySize.Micro => "Micro (under 10 staff)",
        CompanySize.Small => "Small (under 50)",
        CompanySize.Medium => "Medium (under 250)",
        _ => "Large",
    };

    public static string Procedure(Procurement.ProcedureType? type) => type switch
    {
        Procurement.ProcedureType.InnovationPartnership => "Innovation partnership",
        Procurement.ProcedureType.CompetitiveDialogue => "Competitive dialogue",
        Procurement.ProcedureType.PreCommercial => "Pre-commercial procurement",
        Procurement.ProcedureType.DesignContest => "Design contest",
        Procurement.ProcedureType.Open => "Open procedure",
        Procurement.ProcedureType.Restricted => "Restricted procedure",
        _ => "Not decided yet",
    };

    public static string State(string state) => state switch
    {
        "draft" => "Draft (not published)", "upcoming" => "Opens soon", "open" => "Open for answers", _ => "Closed",
    };
}
