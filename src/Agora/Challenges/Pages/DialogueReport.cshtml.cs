using Agora.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Agora.Challenges.Pages;

/// <summary>The dialogue report with charts: the whole dialogue, or one round (?round=2). No names in it.</summary>
public sealed class DialogueReportModel(DialogueManager dialogue, DialogueReport reports) : PageModel
{
    public Challenge Subject { get; private set; } = null!;
    public DialogueReportDto Report { get; private set; } = null!;
    public List<RoundDto> Rounds { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        try
        {
            Subject = await dialogue.FindChallengeAsync(slug, User, ct);
            var round = int.TryParse(Request.Query["round"], out var n) ? await dialogue.FindRoundAsync(Subject, n, User, ct) : null;
            Report = await reports.BuildAsync(Subject, round, ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        Rounds = (await dialogue.OverviewAsync(Subject, User, ct)).Rounds.Where(r => r.PublishedAt is not null).ToList();
        return Page();
    }
}
