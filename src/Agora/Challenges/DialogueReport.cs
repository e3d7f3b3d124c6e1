using System.Globalization;
using System.Text;
using Agora.Accounts;
using Agora.Storage;
using Agora.Web;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;

namespace Agora.Challenges;

public sealed record CountDto(string Key, int Count);

public sealed record FactorGroupDto(FactorCategory Category, int Count, IReadOnlyList<string> Texts);

public sealed record AnsweredQuestionDto(int Round, string Question, string Answer, DateTime? AnsweredAt);

/// <summary>The dialogue report: totals only, never who said what. <see cref="Round"/> is null for the
/// whole challenge (every published round; an organisation registered in several rounds counts once,
/// with the size it gave in its latest round).</summary>
public sealed record DialogueReportDto(string Challenge, string Title, int? Round, int Rounds, int Organisations,
    IReadOnlyList<CountDto> ByKind, IReadOnlyList<CountDto> BySize, int Feedbacks,
    IReadOnlyList<FactorGroupDto> Barriers, IReadOnlyList<FactorGroupDto> Enablers, IReadOnlyList<CountDto> Readiness,
    int OpenQuestions, IReadOnlyList<AnsweredQuestionDto> Answered);

/// <summary>Builds the dialogue report from published rounds, as JSON, CSV and the web page's charts.</summary>
public sealed class DialogueReport(AgoraDbContext db)
{
    public async Task<DialogueReportDto> BuildAsync(Challenge challenge, DialogueRound? round, CancellationToken ct)
    {
        var rounds = await db.DialogueRounds.AsNoTracking()
            .Where(r => r.ChallengeId == challenge.Id && r.PublishedAt != null && (round == null || r.Id == round.Id))
            .Select(r => new { r.Id, r.Number }).ToListAsync(ct);
        var ids = rounds.Select(r => r.Id).ToList();
        var numbers = rounds.ToDictionary(r => r.Id, r => r.Number);

        var interests = await db.DialogueInterests.AsNoTracking().Where(i => ids.Contains(i.RoundId))
            .Select(i => new { i.OrganisationId, i.Organisation.Kind, i.Size, i.RegisteredAt, i.RoundId }).ToListAsync(ct);
        var organisations = interests.GroupBy(i => i.OrganisationId)
            .Select(g => g.OrderBy(i => numbers[i.RoundId]).ThenBy(i => i.RegisteredAt).Last()).ToList();

        var feedback = await db.DialogueFeedback.AsNoTracking().Where(f => ids.Contains(f.RoundId))
            .Select(f => new { f.ReadinessLevel, Factors = f.Factors.Select(x => new { x.Kind, x.Category, x.Text }).ToList() })
            .ToListAsync(ct);
        var factors = feedback.SelectMany(f => f.Factors).ToList();
        List<FactorGroupDto> Groups(FactorKind kind) => Enum.GetValues<FactorCategory>().Select(c =>
        {
            // Sorted by text, so the order says nothing about who wrote what or when.
            var texts = factors.Where(x => x.Kind == kind && x.Category == c).Select(x => x.Text).Order(StringComparer.Ordinal).ToList();
            return new FactorGroupDto(c, texts.Count, texts);
        }).ToList();

        var questions = await db.DialogueQuestions.AsNoTracking().Where(q => ids.Contains(q.RoundId))
            .Select(q => new { q.RoundId, q.Question, q.Answer, q.AnsweredAt, q.AskedAt }).ToListAsync(ct);

        return new DialogueReportDto(challenge.Slug, challenge.Title, round?.Number, rounds.Count, organisations.Count,
            Enum.GetValues<OrganisationKind>().Select(k => new CountDto(EnumText.Name(k), organisations.Count(o => o.Kind == k))).ToList(),
            Enum.GetValues<CompanySize>().Select(s => new CountDto(EnumText.Name(s), organisations.Count(o => o.Size == s))).ToList(),
            feedback.Count, Groups(FactorKind.Barrier), Groups(FactorKind.Enabler),
            Enumerable.Range(1, 9).Select(l => new CountDto(l.ToString(CultureInfo.InvariantCulture), feedback.Count(f => f.ReadinessLevel == l))).ToList(),
            questions.Count(q => q.Answer is null),
            questions.Where(q => q.Answer is not null).OrderBy(q => numbers[q.RoundId]).ThenBy(q => q.AskedAt)
                .Select(q => new AnsweredQuestionDto(numbers[q.RoundId], q.Question, q.Answer!, q.AnsweredAt)).ToList());
    }

    /// <summary>The report as one CSV table of (section, key, count, text, answer) rows, for spreadsheets.</summary>
    public static string Csv(DialogueReportDto report)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        // Cells starting with = + - @ are escaped, so a supplier's text cannot become a spreadsheet formula.
        using var csv = new CsvWriter(text, new CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape });
        void Row(string section, string key, int? count, string? body = null, string? answer = null)
        {
            csv.WriteField(section); csv.WriteField(key); csv.WriteField(count?.ToString(CultureInfo.InvariantCulture) ?? "");
            csv.WriteField(body ?? ""); csv.WriteField(answer ?? ""); csv.NextRecord();
        }
        foreach (var header in new[] { "section", "key", "count", "text", "answer" }) csv.WriteField(header);
        csv.NextRecord();
        Row("rounds", report.Round?.ToString(CultureInfo.InvariantCulture) ?? "all", report.Rounds);
        Row("organisations", "total", report.Organisations);
        foreach (var k in report.ByKind) Row("organisations-by-kind", k.Key, k.Count);
        foreach (var s in report.BySize) Row("organisations-by-size", s.Key, s.Count);
        Row("feedback", "total", report.Feedbacks);
        foreach (var (name, groups) in new[] { ("barrier", report.Barriers), ("enabler", report.Enablers) })
            foreach (var g in groups)
            {
                Row(name + "s", EnumText.Name(g.Category), g.Count);
                foreach (var t in g.Texts) Row(name, EnumText.Name(g.Category), null, t);
            }
        foreach (var r in report.Readiness) Row("readiness-level", r.Key, r.Count);
        Row("questions", "open", report.OpenQuestions);
        Row("questions", "answered", report.Answered.Count);
        foreach (var q in report.Answered) Row("question", $"round {q.Round}", null, q.Question, q.Answer);
        csv.Flush();
        return text.ToString();
    }

    public static string CsvFileName(DialogueReportDto report) =>
        $"{report.Challenge}-dialogue{(report.Round is { } n ? $"-round-{n}" : "")}.csv";

    public static byte[] CsvBytes(DialogueReportDto report) => Encoding.UTF8.GetBytes(Csv(report));
}
