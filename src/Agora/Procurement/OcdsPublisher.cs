using System.Text.Json.Nodes;
using Agora.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Agora.Procurement;

/// <summary>Writes OCDS releases when a challenge (a planning process) or a procedure changes in a way
/// worth publishing. Call it after saving the change; it compares the current state with the last
/// release of the process and writes a new release only if they differ, tagged by what changed.
/// Drafts are never published. Releases are immutable; their ids are "{ocid}-{n}", n counting up.</summary>
public sealed class OcdsPublisher(AgoraDbContext db, TimeProvider clock, IOptions<AgoraOptions> options)
{
    /// <summary>Fields of a release that say when and why it was written, not what the process is.</summary>
    static readonly string[] Envelope = ["id", "date", "tag"];

    public async Task ChallengeChangedAsync(Guid challengeId, CancellationToken ct = default)
    {
        var release = await Builder().ChallengeAsync(challengeId, ct);
        if (release is not null) await PublishAsync(release, OcdsTags.ForPlanning, ct);
        // A procedure's planning section and its link come from its challenge.
        var procedures = await db.Procedures.AsNoTracking().Where(p => p.ChallengeId == challengeId).Select(p => p.Id).ToListAsync(ct);
        foreach (var id in procedures) await ProcedureChangedAsync(id, ct);
    }

    public async Task ProcedureChangedAsync(Guid procedureId, CancellationToken ct = default)
    {
        var release = await Builder().ProcedureAsync(procedureId, ct);
        if (release is not null) await PublishAsync(release, previous => OcdsTags.ForProcedure(previous, release), ct);
    }

    /// <summary>The address written into releases: the configured public base URL (releases are kept, so
    /// they must not depend on how one request happened to reach the server).</summary>
    public string SiteUrl => string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl)
        ? "http://localhost:5000" : options.Value.PublicBaseUrl.Trim().TrimEnd('/');

    OcdsReleaseBuilder Builder() => new(db, SiteUrl, clock.GetUtcNow().UtcDateTime);

    async Task PublishAsync(JsonObject state, Func<JsonObject?, List<string>> tags, CancellationToken ct)
    {
        var ocid = state["ocid"]!.GetValue<string>();
        // Two writers may race for the next number; the loser counts again.
        for (var attempt = 0; ; attempt++)
        {
            var stored = await db.OcdsReleases.AsNoTracking().Where(r => r.Ocid == ocid).Select(r => new { r.Id, r.Date, r.Json }).ToListAsync(ct);
            var last = stored.OrderBy(r => r.Date).ThenBy(r => Number(r.Id, ocid)).LastOrDefault();
            var previous = last is null ? null : WithoutEnvelope(JsonNode.Parse(last.Json)!.AsObject());
            if (previous is not null && JsonNode.DeepEquals(previous, state)) return;

            var n = stored.Count == 0 ? 1 : stored.Max(r => Number(r.Id, ocid)) + 1;
            var now = clock.GetUtcNow().UtcDateTime;
            // Whole seconds, as written in the JSON, and never before the previous release.
            var date = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
            if (last is not null && date < DateTime.SpecifyKind(last.Date, DateTimeKind.Utc)) date = DateTime.SpecifyKind(last.Date, DateTimeKind.Utc);
            var releaseTags = tags(previous);
            var release = new JsonObject
            {
                ["ocid"] = ocid,
                ["id"] = $"{ocid}-{n}",
                ["date"] = OcdsJson.Date(date),
                ["tag"] = new JsonArray([.. releaseTags.Select(t => (JsonNode)t)]),
            };
            foreach (var (name, value) in state)
                if (name != "ocid") release[name] = value?.DeepClone();

            var row = new OcdsRelease { Id = $"{ocid}-{n}", Ocid = ocid, Date = date, Tags = string.Join(",", releaseTags), Json = release.ToJsonString() };
            db.OcdsReleases.Add(row);
            try
            {
                await db.SaveChangesAsync(ct);
                db.Entry(row).State = EntityState.Detached;
                return;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                db.Entry(row).State = EntityState.Detached;
            }
        }
    }

    static JsonObject WithoutEnvelope(JsonObject release)
    {
        foreach (var field in Envelope) release.Remove(field);
        return release;
    }

    /// <summary>n of a release id "{ocid}-{n}".</summary>
    public static int Number(string releaseId, string ocid) =>
        releaseId.Length > ocid.Length + 1 && int.TryParse(releaseId.AsSpan(ocid.Length + 1), out var n) ? n : 0;
}
