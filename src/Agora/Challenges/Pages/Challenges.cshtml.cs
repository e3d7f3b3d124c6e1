using Agora.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Agora.Challenges.Pages;

/// <summary>The challenges the viewer may see, filtered by status, theme and text.</summary>
public sealed class ChallengesModel(ChallengeManager challenges) : PageModel
{
    public const int PageSize = 30;

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Theme { get; set; }
    [BindProperty(SupportsGet = true)] public int Offset { get; set; }

    public int Total { get; private set; }
    public List<ChallengeSummaryDto> Items { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        try
        {
            var status = EnumText.Parse<ChallengeStatus>(Status, "status");
            var theme = EnumText.Parse<CityTheme>(Theme, "theme");
            (Total, Items) = await challenges.ListAsync(User, status, theme, null, Q, Math.Max(0, Offset), PageSize, ct);
        }
        catch (InvalidInputException e)
        {
            Error = string.Join(" ", e.Errors.Values.SelectMany(m => m));
        }
    }

    public string Query(int offset) =>
        $"?q={Uri.EscapeDataString(Q ?? "")}&status={Uri.EscapeDataString(Status ?? "")}&theme={Uri.EscapeDataString(Theme ?? "")}&offset={offset}";
}
