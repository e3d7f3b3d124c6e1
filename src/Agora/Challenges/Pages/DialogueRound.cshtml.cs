using Agora.Accounts;
using Agora.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Agora.Challenges.Pages;

/// <summary>One round: the announcement, and by who is looking — a supplier registers, gives feedback and
/// asks; everyone reads the answered questions and the meetings; the owners publish, answer and record
/// meetings, and see who took part.</summary>
public sealed class DialogueRoundModel(DialogueManager dialogue) : PageModel
{
    public Challenge Subject { get; private set; } = null!;
    public DialogueRound Round { get; private set; } = null!;
    public RoundDto Info { get; private set; } = null!;
    public bool IsOwner { get; private set; }
    public bool IsOpen { get; private set; }
    public List<Organisation> Companies { get; private set; } = [];
    public List<Guid> Registered { get; private set; } = [];
    public List<QuestionDto> Questions { get; private set; } = [];
    public List<MeetingDto> Meetings { get; private set; } = [];
    public List<InterestDto> Interests { get; private set; } = [];
    public List<FeedbackDto> Feedback { get; private set; } = [];
    public FeedbackForm FeedbackInput { get; private set; } = new();
    public RoundForm Edit { get; private set; } = new();

    public async Task<IActionResult> OnGetAsync(string slug, int n, CancellationToken ct)
    {
        if (await LoadAsync(slug, n, ct) is { } missing) return missing;
        FeedbackInput = FeedbackForm.From(Feedback.FirstOrDefault(f => !IsOwner || Companies.Any(c => c.Slug == f.Organisation)));
        return Page();
    }

    public Task<IActionResult> OnPostPublishAsync(string slug, int n, CancellationToken ct) =>
        Run(slug, n, "The round is published.", ct, () => dialogue.PublishRoundAsync(Subject, Round, User, ct));

    public Task<IActionResult> OnPostEditAsync(string slug, int n, RoundForm round, CancellationToken ct)
    {
        Edit = round;
        return Run(slug, n, "The round is saved.", ct, () => dialogue.UpdateRoundAsync(Subject, Round, round.ToInput(), User, ct), prefix: "Round");
    }

    public Task<IActionResult> OnPostWithdrawAsync(string slug, int n, string? organisation, CancellationToken ct) =>
        Run(slug, n, "The registration and its feedback are withdrawn.", ct, () => dialogue.WithdrawAsync(Subject, Round, organisation, User, ct));

    public Task<IActionResult> OnPostRegisterAsync(string slug, int n, string? organisation, string? size, CancellationToken ct) =>
        Run(slug, n, "Your interest is registered.", ct, () => dialogue.RegisterAsync(Subject, Round, new InterestInput(organisation, size), User, ct));

    public Task<IActionResult> OnPostFeedbackAsync(string slug, int n, FeedbackForm feedback, CancellationToken ct) =>
        Run(slug, n, "Your feedback is saved. You may change it until the deadline.", ct,
            () => dialogue.SaveFeedbackAsync(Subject, Round, feedback.ToInput(), User, ct), feedback);

    public Task<IActionResult> OnPostAskAsync(string slug, int n, string? organisation, string? question, CancellationToken ct) =>
        Run(slug, n, "Your question is sent. Its answer will be published to every supplier, without naming you.", ct,
            () => dialogue.AskAsync(Subject, Round, new QuestionInput(organisation, question), User, ct));

    public Task<IActionResult> OnPostAnswerAsync(string slug, int n, Guid question, string? answer, CancellationToken ct) =>
        Run(slug, n, "The answer is published to every supplier.", ct,
            () => dialogue.AnswerAsync(Subject, question, new AnswerInput(answer), User, ct));

    public Task<IActionResult> OnPostMeetingAsync(string slug, int n, MeetingForm meeting, CancellationToken ct) =>
        Run(slug, n, "The meeting is recorded.", ct, () => dialogue.AddMeetingAsync(Subject, Round, meeting.ToInput(), User, ct));

    async Task<IActionResult> Run(string slug, int n, string notice, CancellationToken ct, Func<Task> action, FeedbackForm? feedback = null,
        string? prefix = null)
    {
        if (await LoadAsync(slug, n, ct) is { } missing) return missing;
        ModelState.Clear();
        try
        {
            await action();
            TempData["Notice"] = notice;
            return Redirect($"/challenges/{slug}/dialogue/rounds/{n}");
        }
        catch (Exception e) when (PageErrors.Show(ModelState, e, prefix))
        {
            FeedbackInput = feedback ?? FeedbackForm.From(Feedback.FirstOrDefault());
            return Page();
        }
    }

    async Task<IActionResult?> LoadAsync(string slug, int n, CancellationToken ct)
    {
        try
        {
            Subject = await dialogue.FindChallengeAsync(slug, User, ct);
            Round = await dialogue.FindRoundAsync(Subject, n, User, ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        Info = await dialogue.ToDtoAsync(Round, Subject, ct);
        if (Edit.Title is null)
            Edit = new RoundForm
            {
                Title = Round.Title, Announcement = Round.Announcement, Agenda = Round.Agenda, OpensAt = Round.OpensAt,
                AnswersDeadline = Round.AnswersDeadline,
                ExpectedProcedure = DialogueManager.ProcedureOf(Round) is { } type ? EnumText.Name(type) : null,
            };
        IsOwner = await dialogue.IsOwnerAsync(User, Subject, ct);
        IsOpen = Info.State == "open";
        Questions = await dialogue.QuestionsAsync(Subject, Round, User, ct);
        Meetings = await dialogue.MeetingsAsync(Round, ct);
        if (User.Identity?.IsAuthenticated == true)
        {
            Companies = await dialogue.CompaniesOfAsync(User, ct);
            Registered = await dialogue.RegisteredCompaniesAsync(Round, User, ct);
            Feedback = await dialogue.FeedbackAsync(Subject, Round, User, ct);
            if (IsOwner) Interests = await dialogue.InterestsAsync(Subject, Round, User, ct);
        }
        return null;
    }
}
