using System.Net;
using System.Text.Json;
using Agora.Challenges;
using Agora.Procurement;
using Microsoft.EntityFrameworkCore;

namespace Agora.Tests.Procurement;

public sealed class OcdsTests(AgoraFactory agora) : IClassFixture<AgoraFactory>
{
    async Task<JsonElement> GetAsync(string path)
    {
        var response = await agora.Anonymous().GetAsync(path);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return await response.JsonAsync();
    }

    static async Task AssertValidReleasePackageAsync(JsonElement package)
    {
        var errors = await OcdsStandard.ReleasePackageErrorsAsync(package);
        Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n" + package);
    }

    static JsonElement Latest(JsonElement package) => package.GetProperty("releases").EnumerateArray().Last();

    static string[] Tags(JsonElement release) => [.. release.GetProperty("tag").EnumerateArray().Select(t => t.GetString()!)];

    static IEnumerable<JsonElement> Items(JsonElement e, string name) =>
        e.TryGetProperty(name, out var a) ? a.EnumerateArray() : [];

    [Fact]
    public async Task Challenge_is_published_as_a_valid_planning_release()
    {
        var s = await OcdsFixture.CreateAsync(agora, "plan");
        await agora.PublishChallengeAsync(s.ChallengeId);

        var package = await GetAsync($"/api/v1/challenges/{s.ChallengeSlug}/ocds");
        await AssertValidReleasePackageAsync(package);
        Assert.Equal("1.1", package.GetProperty("version").GetString());
        Assert.Equal("Agora", package.GetProperty("publisher").GetProperty("name").GetString());
        Assert.Contains(OcdsJson.LotsExtension, package.GetProperty("extensions").EnumerateArray().Select(e => e.GetString()));
        var release = Assert.Single(package.GetProperty("releases").EnumerateArray());
        Assert.Equal(["planning"], Tags(release));
        Assert.Equal($"{s.ChallengeOcid}-1", release.GetProperty("id").GetString());
        Assert.Equal("planned", release.GetProperty("tender").GetProperty("status").GetString());

        var planning = release.GetProperty("planning");
        Assert.Contains("Diesel machinery pollutes city air.", planning.GetProperty("rationale").GetString());
        // 4 000 000 + 1 500 000 + 750 000.50: the agencies' demand; the supporter has none.
        Assert.Equal(6_250_000.50m, planning.GetProperty("budget").GetProperty("amount").GetProperty("amount").GetDecimal());
        Assert.Equal("EUR", planning.GetProperty("budget").GetProperty("amount").GetProperty("currency").GetString());
        var demand = Assert.Single(Items(release.GetProperty("tender"), "items"));
        Assert.Equal(35, demand.GetProperty("quantity").GetDecimal());

        var milestones = Items(planning, "milestones").ToList();
        Assert.Equal(2, milestones.Count); // the published round and its meeting; the draft round stays out
        Assert.All(milestones, m => Assert.Equal("engagement", m.GetProperty("type").GetString()));
        Assert.All(milestones, m => Assert.Equal("met", m.GetProperty("status").GetString()));
        var documentTypes = Items(planning, "documents").Select(d => d.GetProperty("documentType").GetString()).ToList();
        Assert.Equal(2, documentTypes.Count(t => t == "plannedProcurementNotice")); // round announcement and declaration
        Assert.Contains("marketStudies", documentTypes);
        var declaration = Items(planning, "documents").Single(d => d.GetProperty("title").GetString()!.StartsWith("Joint declaration"));
        Assert.Contains("Mette Hansen", declaration.GetProperty("description").GetString());
        var forecast = Items(planning, "forecasts").First();
        Assert.Equal(s.KpiId.ToString(), forecast.GetProperty("id").GetString());
        Assert.Equal([12.5m, 0m], Items(forecast, "observations").Select(o => o.GetProperty("measure").GetDecimal()));

        var roles = Items(release, "parties").ToDictionary(p => p.GetProperty("name").GetString()!, p => Items(p, "roles").Select(r => r.GetString()).ToList());
        Assert.Equal(["buyer", "procuringEntity"], roles["State Builder (plan)"]);
        Assert.Equal(["buyer"], roles["North Region (plan)"]);
        Assert.Equal(["interestedParty"], roles["Clean Air NGO (plan)"]);
        Assert.Equal(["interestedParty"], roles["Volt Machines (plan)"]);
        Assert.Equal(Items(release, "parties").First().GetProperty("id").GetString(), release.GetProperty("buyer").GetProperty("id").GetString());
        Assert.DoesNotContain("DRAFT-", package.GetRawText());
    }

    [Fact]
    public async Task Procedure_is_published_as_a_valid_release_with_lots_awards_contracts_and_metrics()
    {
        var s = await OcdsFixture.CreateAsync(agora, "proc");
        await agora.PublishAsync(s);

        var package = await GetAsync($"/api/v1/procurements/{s.ProcedureId}/ocds");
        await AssertValidReleasePackageAsync(package);
        var release = Assert.Single(package.GetProperty("releases").EnumerateArray());
        Assert.Equal(["tender", "award", "contract", "implementation"], Tags(release));
        var tender = release.GetProperty("tender");
        Assert.Equal("complete", tender.GetProperty("status").GetString());
        Assert.Equal("selective", tender.GetProperty("procurementMethod").GetString());
        Assert.Contains("Innovation partnership", tender.GetProperty("procurementMethodDetails").GetString());
        Assert.Equal("ratedCriteria", tender.GetProperty("awardCriteria").GetString());
        Assert.Equal("Quality of solution (quality): 60 %; Price (price): 40 %", tender.GetProperty("awardCriteriaDetails").GetString());
        Assert.Equal(2, tender.GetProperty("numberOfTenderers").GetInt32()); // the withdrawn bid does not count
        Assert.Equal(["LOT-0001", "LOT-0002"], Items(tender, "lots").Select(l => l.GetProperty("id").GetString()));
        Assert.Equal(["complete", "unsuccessful"], Items(tender, "lots").Select(l => l.GetProperty("status").GetString()));
        Assert.Equal(["LOT-0001", "LOT-0002"], Items(tender, "items").Select(i => i.GetProperty("relatedLot").GetString()));
        Assert.Equal(6_000_000m, tender.GetProperty("value").GetProperty("amount").GetDecimal());

        var award = Assert.Single(Items(release, "awards"));
        Assert.Equal(s.AwardId.ToString(), award.GetProperty("id").GetString());
        Assert.Equal(["LOT-0001"], Items(award, "relatedLots").Select(l => l.GetString()));
        Assert.Equal(s.WinnerId.ToString(), Assert.Single(Items(award, "suppliers")).GetProperty("id").GetString());
        Assert.Equal(3_900_000m, award.GetProperty("value").GetProperty("amount").GetDecimal());

        var contract = Assert.Single(Items(release, "contracts"));
        Assert.Equal(s.AwardId.ToString(), contract.GetProperty("awardID").GetString());
        var implementation = contract.GetProperty("implementation");
        Assert.Equal(["met", "scheduled"], Items(implementation, "milestones").Select(m => m.GetProperty("status").GetString()));
        var metric = Assert.Single(Items(implementation, "metrics"));
        Assert.Equal(s.KpiId.ToString(), metric.GetProperty("id").GetString());
        var observation = Assert.Single(Items(metric, "observations"));
        Assert.Equal(9.25m, observation.GetProperty("measure").GetDecimal());
        Assert.Equal("kg/month", observation.GetProperty("unit").GetProperty("name").GetString());

        var related = Assert.Single(Items(release, "relatedProcesses"));
        Assert.Equal(["planning"], Items(related, "relationship").Select(r => r.GetString()));
        Assert.Equal(s.ChallengeOcid, related.GetProperty("identifier").GetString());
        Assert.Equal("ocid", related.GetProperty("scheme").GetString());
        var buyers = Items(release, "parties").Where(p => Items(p, "roles").Any(r => r.GetString() == "buyer")).ToList();
        Assert.Equal(3, buyers.Count);
        Assert.Contains(Items(release, "parties"), p => Items(p, "roles").Select(r => r.GetString()).SequenceEqual(["supplier"]));
    }

    [Fact]
    public async Task The_schema_check_rejects_releases_that_break_the_release_schema()
    {
        var s = await OcdsFixture.CreateAsync(agora, "broken");
        await agora.PublishAsync(s);
        var package = System.Text.Json.Nodes.JsonNode.Parse((await GetAsync($"/api/v1/procurements/{s.ProcedureId}/ocds")).GetRawText())!;
        package["releases"]![0]!["tag"] = new System.Text.Json.Nodes.JsonArray("bogusTag");
        package["releases"]![0]!["awards"]![0]!["status"] = "won";
        package["releases"]![0]!.AsObject().Remove("initiationType");

        var errors = await OcdsStandard.ReleasePackageErrorsAsync(JsonDocument.Parse(package.ToJsonString()).RootElement);
        Assert.Contains(errors, e => e.Contains("tag"));
        Assert.Contains(errors, e => e.Contains("status"));
        Assert.Contains(errors, e => e.Contains("initiationType"));
    }

    [Fact]
    public async Task Record_package_is_valid_and_its_compiled_release_holds_the_latest_state()
    {
        var s = await OcdsFixture.CreateAsync(agora, "rec");
        await agora.PublishAsync(s);
        agora.Clock.Advance(TimeSpan.FromMinutes(5));
        await agora.ChangeAsync(async db => (await db.Procedures.FirstAsync(p => p.Id == s.ProcedureId)).Title = "Renamed procedure");
        await agora.PublishProcedureAsync(s.ProcedureId);

        var package = await GetAsync($"/api/v1/ocds/records/{s.ProcedureOcid}");
        var errors = await OcdsStandard.RecordPackageErrorsAsync(package);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        var record = Assert.Single(package.GetProperty("records").EnumerateArray());
        Assert.Equal(s.ProcedureOcid, record.GetProperty("ocid").GetString());
        Assert.Equal(2, record.GetProperty("releases").GetArrayLength());
        var compiled = record.GetProperty("compiledRelease");
        Assert.Equal(["compiled"], Tags(compiled));
        Assert.Equal("Renamed procedure", compiled.GetProperty("tender").GetProperty("title").GetString());
        Assert.Equal(record.GetProperty("releases")[1].GetProperty("date").GetString(), compiled.GetProperty("date").GetString());
        Assert.Equal(package.GetProperty("publishedDate").GetString(), compiled.GetProperty("date").GetString());

        var challengeRecord = await GetAsync($"/api/v1/ocds/records/{s.ChallengeOcid}");
        Assert.Empty(await OcdsStandard.RecordPackageErrorsAsync(challengeRecord));
    }

    [Fact]
    public async Task Publishing_an_unchanged_state_writes_no_new_release()
    {
        var s = await OcdsFixture.CreateAsync(agora, "same");
        await agora.PublishAsync(s);
        agora.Clock.Advance(TimeSpan.FromHours(1));
        await agora.PublishAsync(s);
        await agora.PublishAsync(s);

        Assert.Equal(1, await agora.WithDbAsync(db => db.OcdsReleases.CountAsync(r => r.Ocid == s.ProcedureOcid)));
        Assert.Equal(1, await agora.WithDbAsync(db => db.OcdsReleases.CountAsync(r => r.Ocid == s.ChallengeOcid)));
    }

    [Fact]
    public async Task Each_change_writes_a_new_release_tagged_by_the_section_that_changed()
    {
        var s = await OcdsFixture.CreateAsync(agora, "tags", procedureStatus: ProcedureStatus.Evaluation);
        await agora.RemoveAwardsAsync(s);
        await agora.PublishAsync(s);
        var tags = new List<string[]>();
        async Task StepAsync(Func<Agora.Storage.AgoraDbContext, Task> change)
        {
            agora.Clock.Advance(TimeSpan.FromMinutes(1));
            await agora.ChangeAsync(change);
            await agora.PublishProcedureAsync(s.ProcedureId);
            tags.Add(Tags(Latest(await GetAsync($"/api/v1/procurements/{s.ProcedureId}/ocds"))));
        }

        await StepAsync(async db => (await db.Procedures.FirstAsync(p => p.Id == s.ProcedureId)).Description = "Now with charging.");
        await StepAsync(async db =>
        {
            var bid = await db.Bids.FirstAsync(b => b.SupplierOrgId == s.WinnerId);
            db.Awards.Add(new Award { ProcedureId = s.ProcedureId, LotId = s.Lot1Id, BidId = bid.Id, SupplierOrgId = s.WinnerId, ValueMinor = 100, Status = AwardStatus.Pending, Date = agora.Clock.GetUtcNow().UtcDateTime });
        });
        await StepAsync(async db => (await db.Awards.FirstAsync(a => a.ProcedureId == s.ProcedureId)).Status = AwardStatus.Active);
        await StepAsync(async db =>
        {
            var award = await db.Awards.FirstAsync(a => a.ProcedureId == s.ProcedureId);
            db.Contracts.Add(new Contract { ProcedureId = s.ProcedureId, AwardId = award.Id, Title = "Lot 1", ValueMinor = 100, Status = ContractStatus.Pending });
        });
        await StepAsync(async db =>
        {
            var contract = await db.Contracts.FirstAsync(c => c.ProcedureId == s.ProcedureId);
            db.ContractMilestones.Add(new ContractMilestone { ContractId = contract.Id, Title = "Kick-off", DueDate = new DateOnly(2030, 1, 1) });
        });
        await StepAsync(async db => (await db.ContractMilestones.FirstAsync(m => m.Title == "Kick-off")).Status = MilestoneStatus.Met);
        await StepAsync(async db => (await db.Contracts.FirstAsync(c => c.ProcedureId == s.ProcedureId)).Status = ContractStatus.Terminated);
        await StepAsync(async db => (await db.Challenges.FirstAsync(c => c.Id == s.ChallengeId)).Summary = "A new summary.");

        Assert.Equal<string[][]>([
            ["tenderUpdate"], ["award"], ["awardUpdate"], ["contract"], ["implementation"], ["implementationUpdate"],
            ["contractTermination"], ["planningUpdate"]], [.. tags]);
        var ids = await agora.WithDbAsync(db => db.OcdsReleases.Where(r => r.Ocid == s.ProcedureOcid).Select(r => r.Id).ToListAsync());
        Assert.Equal(Enumerable.Range(1, 9).Select(n => $"{s.ProcedureOcid}-{n}").Order(), ids.Order());
    }

    [Fact]
    public async Task Challenge_changes_are_planning_updates_and_reach_its_procedures_only_when_their_planning_changes()
    {
        var s = await OcdsFixture.CreateAsync(agora, "chup");
        await agora.PublishAsync(s);
        Task<int> ReleasesAsync(string ocid) => agora.WithDbAsync(db => db.OcdsReleases.CountAsync(r => r.Ocid == ocid));

        agora.Clock.Advance(TimeSpan.FromMinutes(1));
        await agora.ChangeAsync(async db =>
        {
            var round = await db.DialogueRounds.FirstAsync(r => r.ChallengeId == s.ChallengeId && r.Number == 1);
            db.DialogueMeetings.Add(new DialogueMeeting { RoundId = round.Id, Title = "Site visit", HeldAt = agora.Clock.GetUtcNow().UtcDateTime.AddDays(7) });
        });
        await agora.PublishChallengeAsync(s.ChallengeId);
        var latest = Latest(await GetAsync($"/api/v1/challenges/{s.ChallengeSlug}/ocds"));
        Assert.Equal(["planningUpdate"], Tags(latest));
        Assert.Contains(Items(latest.GetProperty("planning"), "milestones"),
            m => m.GetProperty("title").GetString() == "Site visit" && m.GetProperty("status").GetString() == "scheduled");
        Assert.Equal(1, await ReleasesAsync(s.ProcedureOcid)); // a meeting is not part of the procedure's release

        agora.Clock.Advance(TimeSpan.FromMinutes(1));
        await agora.ChangeAsync(async db => (await db.ChallengeParticipants.FirstAsync(p => p.ChallengeId == s.ChallengeId && p.Role == ParticipantRole.Lead)).BudgetMinor = 100);
        await agora.PublishChallengeAsync(s.ChallengeId);
        Assert.Equal(3, await ReleasesAsync(s.ChallengeOcid));
        Assert.Equal(2, await ReleasesAsync(s.ProcedureOcid));
        Assert.Equal(["planningUpdate"], Tags(Latest(await GetAsync($"/api/v1/procurements/{s.ProcedureId}/ocds"))));
    }

    [Fact]
    public async Task Publishers_racing_on_one_change_write_it_once()
    {
        var s = await OcdsFixture.CreateAsync(agora, "race");
        await agora.PublishAsync(s);
        agora.Clock.Advance(TimeSpan.FromMinutes(1));
        await agora.ChangeAsync(async db => (await db.Procedures.FirstAsync(p => p.Id == s.ProcedureId)).Title = "Raced");

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => agora.PublishProcedureAsync(s.ProcedureId))));

        var ids = await agora.WithDbAsync(db => db.OcdsReleases.Where(r => r.Ocid == s.ProcedureOcid).Select(r => r.Id).ToListAsync());
        Assert.Equal([$"{s.ProcedureOcid}-1", $"{s.ProcedureOcid}-2"], ids.Order());
    }

    [Fact]
    public async Task Cancelling_a_published_tender_is_tagged_tenderCancellation_and_stays_valid()
    {
        var s = await OcdsFixture.CreateAsync(agora, "cancel", procedureStatus: ProcedureStatus.Tender);
        await agora.PublishAsync(s);
        await agora.ChangeAsync(async db => (await db.Procedures.FirstAsync(p => p.Id == s.ProcedureId)).Status = ProcedureStatus.Cancelled);
        await agora.PublishProcedureAsync(s.ProcedureId);

        var package = await GetAsync($"/api/v1/procurements/{s.ProcedureId}/ocds");
        await AssertValidReleasePackageAsync(package);
        Assert.Equal(["tenderCancellation"], Tags(Latest(package)));
        Assert.Equal("cancelled", Latest(package).GetProperty("tender").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Drafts_are_not_published()
    {
        var s = await OcdsFixture.CreateAsync(agora, "draft", ChallengeStatus.Draft, ProcedureStatus.Planning);
        await agora.PublishAsync(s);

        Assert.False(await agora.WithDbAsync(db => db.OcdsReleases.AnyAsync(r => r.Ocid == s.ChallengeOcid || r.Ocid == s.ProcedureOcid)));
        await (await agora.Anonymous().GetAsync($"/api/v1/challenges/{s.ChallengeSlug}/ocds")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await agora.Anonymous().GetAsync($"/api/v1/procurements/{s.ProcedureId}/ocds")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await agora.Anonymous().GetAsync($"/api/v1/ocds/records/{s.ChallengeOcid}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_published_procedure_of_a_draft_challenge_does_not_name_the_challenge()
    {
        var s = await OcdsFixture.CreateAsync(agora, "hidden", ChallengeStatus.Draft);
        await agora.PublishAsync(s);

        var package = await GetAsync($"/api/v1/procurements/{s.ProcedureId}/ocds");
        await AssertValidReleasePackageAsync(package);
        Assert.False(Latest(package).TryGetProperty("relatedProcesses", out _));
        Assert.False(Latest(package).TryGetProperty("planning", out _));
        Assert.DoesNotContain(s.ChallengeOcid, package.GetRawText());
    }

    [Fact]
    public async Task Unknown_processes_and_releases_are_404_problems()
    {
        await (await agora.Anonymous().GetAsync($"/api/v1/procurements/{Guid.NewGuid()}/ocds")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await agora.Anonymous().GetAsync("/api/v1/procurements/not-a-guid/ocds")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await agora.Anonymous().GetAsync("/api/v1/challenges/no-such-challenge/ocds")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await agora.Anonymous().GetAsync("/api/v1/ocds/records/ocds-nothing-1")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await agora.Anonymous().GetAsync("/api/v1/ocds/releases/ocds-nothing-1-1")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task OpenApi_lists_the_packages_under_Open_Contracting()
    {
        var document = await GetAsync("/openapi/v1.json");
        foreach (var path in new[] { "/api/v1/procurements/{id}/ocds", "/api/v1/challenges/{slug}/ocds", "/api/v1/ocds/records/{ocid}", "/api/v1/ocds/releases/{id}" })
        {
            var get = document.GetProperty("paths").GetProperty(path).GetProperty("get");
            Assert.Equal("Open Contracting", Assert.Single(get.GetProperty("tags").EnumerateArray()).GetString());
        }
    }

    [Fact]
    public async Task One_release_is_served_in_a_valid_package()
    {
        var s = await OcdsFixture.CreateAsync(agora, "one");
        await agora.PublishAsync(s);

        var package = await GetAsync($"/api/v1/ocds/releases/{s.ProcedureOcid}-1");
        await AssertValidReleasePackageAsync(package);
        Assert.Equal($"{s.ProcedureOcid}-1", Assert.Single(package.GetProperty("releases").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Sealed_bids_and_suppliers_feedback_never_appear_in_any_output()
    {
        var s = await OcdsFixture.CreateAsync(agora, "sealed");
        await agora.PublishAsync(s);
        var outputs = new[]
        {
            $"/api/v1/procurements/{s.ProcedureId}/ocds", $"/api/v1/challenges/{s.ChallengeSlug}/ocds",
            $"/api/v1/ocds/records/{s.ProcedureOcid}", $"/api/v1/ocds/records/{s.ChallengeOcid}",
        };
        var bidIds = await agora.WithDbAsync(db => db.Bids.Where(b => b.ProcedureId == s.ProcedureId).Select(b => b.Id.ToString()).ToListAsync());
        foreach (var path in outputs)
        {
            var text = (await GetAsync(path)).GetRawText();
            Assert.DoesNotContain(OcdsFixture.SealedAnswer, text);
            Assert.DoesNotContain("9876543.21", text);
            Assert.DoesNotContain(OcdsFixture.SecretFeedback, text);
            Assert.DoesNotContain(OcdsFixture.SecretQuestionAsker, text);
            Assert.DoesNotContain("\"bids\"", text);
            Assert.All(bidIds, id => Assert.DoesNotContain(id, text));
        }
    }

    [Fact]
    public async Task The_number_of_tenderers_is_told_only_after_the_deadline()
    {
        var s = await OcdsFixture.CreateAsync(agora, "deadline", procedureStatus: ProcedureStatus.Tender);
        await agora.RemoveAwardsAsync(s);
        await agora.ChangeAsync(async db =>
        {
            (await db.Procedures.FirstAsync(p => p.Id == s.ProcedureId)).TenderEnd = agora.Clock.GetUtcNow().UtcDateTime.AddDays(3);
        });
        await agora.PublishProcedureAsync(s.ProcedureId);
        var before = Latest(await GetAsync($"/api/v1/procurements/{s.ProcedureId}/ocds"));
        Assert.False(before.GetProperty("tender").TryGetProperty("numberOfTenderers", out _));

        agora.Clock.Advance(TimeSpan.FromDays(4));
        await agora.PublishProcedureAsync(s.ProcedureId);
        var after = Latest(await GetAsync($"/api/v1/procurements/{s.ProcedureId}/ocds"));
        Assert.Equal(2, after.GetProperty("tender").GetProperty("numberOfTenderers").GetInt32());
        Assert.Equal(["tenderUpdate"], Tags(after));
    }

    [Fact]
    public async Task Codes_used_are_those_of_the_OCDS_codelists()
    {
        var s = await OcdsFixture.CreateAsync(agora, "codes");
        await agora.PublishAsync(s);
        var releases = new[]
        {
            Latest(await GetAsync($"/api/v1/procurements/{s.ProcedureId}/ocds")),
            Latest(await GetAsync($"/api/v1/challenges/{s.ChallengeSlug}/ocds")),
        };
        var documentTypes = OcdsStandard.Codelist("documentType.csv");
        var milestoneTypes = OcdsStandard.Codelist("milestoneType.csv");
        var roles = OcdsStandard.Codelist("partyRole.csv");
        var relationships = OcdsStandard.Codelist("relatedProcess.csv");
        var methods = OcdsStandard.Codelist("method.csv");
        var tenderStatuses = OcdsStandard.Codelist("tenderStatus.csv");
        var releaseTags = OcdsStandard.Codelist("releaseTag.csv");
        foreach (var release in releases)
        {
            Assert.All(Tags(release), t => Assert.Contains(t, releaseTags));
            Assert.All(Items(release, "parties").SelectMany(p => Items(p, "roles")), r => Assert.Contains(r.GetString()!, roles));
            Assert.All(Items(release, "relatedProcesses").SelectMany(p => Items(p, "relationship")), r => Assert.Contains(r.GetString()!, relationships));
            var sections = new[] { release.TryGetProperty("planning", out var p) ? p : default, release.GetProperty("tender") }
                .Where(x => x.ValueKind == JsonValueKind.Object).ToList();
            Assert.All(sections.SelectMany(x => Items(x, "documents")), d => Assert.Contains(d.GetProperty("documentType").GetString()!, documentTypes));
            Assert.All(sections.SelectMany(x => Items(x, "milestones")), m => Assert.Contains(m.GetProperty("type").GetString()!, milestoneTypes));
            Assert.All(Items(release, "contracts").SelectMany(c => Items(c.GetProperty("implementation"), "milestones")),
                m => Assert.Contains(m.GetProperty("type").GetString()!, milestoneTypes));
            Assert.Contains(release.GetProperty("tender").GetProperty("status").GetString()!, tenderStatuses);
            if (release.GetProperty("tender").TryGetProperty("procurementMethod", out var method))
                Assert.Contains(method.GetString()!, methods);
        }
        Assert.All(Enum.GetValues<ProcedureType>(), t => Assert.Contains(OcdsReleaseBuilder.Method(t), methods));
    }
}
