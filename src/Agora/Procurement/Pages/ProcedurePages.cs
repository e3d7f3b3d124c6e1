using Agora.Web;

namespace Agora.Procurement.Pages;

/// <summary>How the procurement pages name and format things.</summary>
public static class ProcedurePages
{
    public static string Type(ProcedureType type) => type switch
    {
        ProcedureType.InnovationPartnership => "Innovation partnership",
        ProcedureType.CompetitiveDialogue => "Competitive dialogue",
        ProcedureType.PreCommercial => "Pre-commercial procurement",
        ProcedureType.DesignContest => "Design contest",
        ProcedureType.Open => "Open procedure",
        ProcedureType.Restricted => "Restricted procedure",
        _ => type.ToString(),
    };

    public static string Status(ProcedureStatus status) => status switch
    {
        ProcedureStatus.Planning => "Planning",
        ProcedureStatus.Tender => "Open for bids",
        ProcedureStatus.Evaluation => "Under evaluation",
        ProcedureStatus.Awarded => "Awarded",
        ProcedureStatus.Contracted => "Contracted",
        ProcedureStatus.Completed => "Completed",
        _ => "Cancelled",
    };

    /// <summary>Minor units as an amount: 1234567 EUR → "12,345.67 EUR".</summary>
    public static string Money(long? minor, string currency) =>
        minor is { } m ? $"{m / 100m:#,0.00} {currency}" : "—";

    /// <summary>Whole units typed in a form → minor units.</summary>
    public static long? ToMinor(decimal? major) => major is { } m ? (long)Math.Round(m * 100) : null;

    public static string Countdown(DateTime? end, DateTime now)
    {
        if (end is not { } e) return "";
        if (e <= now) return "the deadline has passed";
        var left = e - now;
        return left.TotalDays >= 1 ? $"{(int)left.TotalDays} d {left.Hours} h left" : $"{left.Hours} h {left.Minutes} min left";
    }

    public static string Local(DateTime? utc) => utc?.ToString("yyyy-MM-ddTHH:mm") ?? "";

    public static string Enum<T>(T value) where T : struct, System.Enum => EnumText.Name(value);
}

/// <summary>The procedure details form (create and edit).</summary>
public sealed class ProcedureForm
{
    public string? Title { get; set; }
    public string? Description { get; set; }
    public ProcedureType? Type { get; set; }
    public string? Currency { get; set; } = "EUR";
    public decimal? EstimatedValue { get; set; }
    public DateTime? EnquiryEnd { get; set; }
    public DateTime? TenderStart { get; set; }
    public DateTime? TenderEnd { get; set; }
    public string? Buyer { get; set; }
    public string? Challenge { get; set; }

    public ProcedureInput ToInput() => new(Title, Description, Type, Currency, ProcedurePages.ToMinor(EstimatedValue), null, EnquiryEnd, TenderStart,
        TenderEnd, null, Buyer, Challenge);

    public static ProcedureForm From(Procedure p) => new()
    {
        Title = p.Title, Description = p.Description, Type = p.Type, Currency = p.Currency, EstimatedValue = p.EstimatedValueMinor / 100m,
        EnquiryEnd = p.EnquiryEnd, TenderStart = p.TenderStart, TenderEnd = p.TenderEnd, Challenge = p.Challenge?.Slug,
    };
}
