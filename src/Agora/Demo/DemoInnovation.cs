using Agora.Accounts;
using Agora.Challenges;
using Agora.Procurement;
using Agora.Storage;
using Microsoft.EntityFrameworkCore;

namespace Agora.Demo;

/// <summary>The demo's worked example of innovation procurement: emission-free construction sites. A state
/// builder, two regions and three municipalities co-own the challenge; an NGO and a research cluster support
/// it; eight suppliers answered the market dialogue; the agencies signed a joint declaration; an innovation
/// partnership was procured in two lots, awarded and contracted. A second dialogue round is open now, so a
/// supplier signing in can take part. Loading it twice changes nothing.</summary>
public sealed partial class DemoInnovation(AgoraDbContext db, AccountManager accounts, OcdsPublisher ocds, IConfiguration configuration,
    TimeProvider clock, ILogger<DemoInnovation> log)
{
    public const string ChallengeSlug = "emission-free-construction-sites";

    static readonly OrganisationInput[] Organisations =
    [
        new("Fjordland Region", "fjordland-region", OrganisationKind.PublicAgency, GovernmentLevel.Regional, "Vesterby", "DK",
            "https://fjordland.example", "The regional authority west of Aldport: hospitals, regional roads and development."),
        new("Northby Municipality", "northby", OrganisationKind.PublicAgency, GovernmentLevel.Municipal, "Northby", "DK",
            "https://northby.example", "A growing town of 60,000 north of Aldport, building two schools and a harbour front."),
        new("Eastvale Municipality", "eastvale", OrganisationKind.PublicAgency, GovernmentLevel.Municipal, "Eastvale", "DK",
            "https://eastvale.example", "A rural municipality renewing its water and road networks."),
        new("Clean Construction Cluster", "clean-construction-cluster", OrganisationKind.Research, null, "Aldport", "DK",
            "https://cleanconstruction.example", "Universities, contractors and machine makers researching emission-free building."),
        new("Voltgrab Machinery", "voltgrab", OrganisationKind.Company, null, "Odense", "DK",
            "https://voltgrab.example", "Battery-electric excavators from 1.5 to 25 tonnes."),
        new("Nordic E-Loaders", "nordic-e-loaders", OrganisationKind.Company, null, "Gothenburg", "SE",
            "https://e-loaders.example", "Electric wheel loaders and telehandlers."),
        new("SiteCharge", "sitecharge", OrganisationKind.Company, null, "Aldport", "DK",
            "https://sitecharge.example", "Mobile batteries and fast chargers for building sites."),
        new("Hydro Haul", "hydro-haul", OrganisationKind.Company, null, "Hamburg", "DE",
            "https://hydrohaul.example", "Hydrogen fuel-cell trucks and dumpers."),
        new("Retrofit Robotics", "retrofit-robotics", OrganisationKind.Company, null, "Aarhus", "DK",
            "https://retrofit-robotics.example", "Converts diesel machines to battery-electric drive."),
        new("Big Iron Rentals", "big-iron-rentals", OrganisationKind.Company, null, "Copenhagen", "DK",
            "https://bigiron.example", "Machine rental across Scandinavia, now with an electric fleet."),
        new("GridFlex Energy", "gridflex", OrganisationKind.Company, null, "Aldport", "DK",
            "https://gridflex.example", "Temporary grid connections and energy management for sites."),
    ];

    // (user name, display name, organisation slug, role); the existing demo people are reused too.
    static readonly (string UserName, string Name, string Org, MembershipRole Role)[] People =
    [
        ("freja", "Freja Holt — Procurement, Fjordland", "fjordland-region", MembershipRole.Admin),
        ("ole", "Ole Sand — Construction, Northby", "northby", MembershipRole.Admin),
        ("birgit", "Birgit Lyng — Technical services, Eastvale", "eastvale", MembershipRole.Admin),
        ("tove", "Tove Rask — Cluster manager", "clean-construction-cluster", MembershipRole.Admin),
        ("viktor", "Viktor Ahl — Sales, Voltgrab", "voltgrab", MembershipRole.Admin),
        ("elsa", "Elsa Berg — Nordic E-Loaders", "nordic-e-loaders", MembershipRole.Admin),
        ("mads", "Mads Kjær — SiteCharge", "sitecharge", MembershipRole.Admin),
        ("greta", "Greta Vogel — Hydro Haul", "hydro-haul", MembershipRole.Admin),
        ("rune", "Rune Dam — Retrofit Robotics", "retrofit-robotics", MembershipRole.Admin),
        ("anders", "Anders Bech — Big Iron Rentals", "big-iron-rentals", MembershipRole.Admin),
        ("lea", "Lea Winther — GridFlex", "gridflex", MembershipRole.Admin),
    ];

    // Co-owners and what each would buy: (organisation, machines, budget in whole euros, note).
    static readonly (string Org, ParticipantRole Role, decimal? Machines, long? BudgetEur, string Note)[] Participants =
    [
        ("national-building-agency", ParticipantRole.Lead, 40, 9_000_000, "State road and bridge sites from 2027."),
        ("aldport-region", ParticipantRole.CoOwner, 18, 4_200_000, "Hospital extension and regional roads."),
        ("fjordland-region", ParticipantRole.CoOwner, 12, 2_600_000, "Regional road maintenance depots."),
        ("city-of-aldport", ParticipantRole.CoOwner, 25, 5_500_000, "Metro line 2 and the Harbour Quarter."),
        ("northby", ParticipantRole.CoOwner, 8, 1_700_000, "Two schools and the harbour front."),
        ("eastvale", ParticipantRole.CoOwner, 6, 1_100_000, "Water and road networks."),
        ("green-streets", ParticipantRole.Supporter, null, null, "Measures noise and air at sites with residents."),
        ("clean-construction-cluster", ParticipantRole.Supporter, null, null, "Tests machines and shares results with all suppliers."),
    ];

    // The eight suppliers of the first round: (organisation, size, readiness level, barriers, enablers, would bid if).
    static readonly (string Org, CompanySize Size, int Trl, (FactorCategory, string)[] Barriers, (FactorCategory, string)[] Enablers, string BidIf)[] Suppliers =
    [
        ("voltgrab", CompanySize.Small, 8,
            [(FactorCategory.Financial, "Battery machines cost 1.8× diesel ones up front."), (FactorCategory.Technical, "Grid connections on sites arrive late.")],
            [(FactorCategory.Market, "A volume commitment over four years.")], "the volume is committed across all six agencies"),
        ("nordic-e-loaders", CompanySize.Medium, 9,
            [(FactorCategory.Financial, "Residual values of electric machines are unknown to lenders.")],
            [(FactorCategory.Financial, "Buyers accept total cost of ownership as the price criterion.")], "price is judged on total cost of ownership"),
        ("sitecharge", CompanySize.Micro, 7,
            [(FactorCategory.Regulatory, "Permits for temporary high-power connections take months."), (FactorCategory.Organisational, "Nobody on site owns energy planning.")],
            [(FactorCategory.Technical, "Charging as a separate lot.")], "charging is a lot of its own"),
        ("hydro-haul", CompanySize.Medium, 6,
            [(FactorCategory.Technical, "Hydrogen supply near sites is scarce."), (FactorCategory.Regulatory, "Safety rules for hydrogen on sites are unclear.")],
            [(FactorCategory.Market, "Technology-neutral requirements (zero tailpipe emissions).")], "requirements stay technology-neutral"),
        ("retrofit-robotics", CompanySize.Small, 7,
            [(FactorCategory.Market, "Tenders ask for new machines only.")],
            [(FactorCategory.Market, "Retrofitted machines allowed where they meet the same emission limits.")], "retrofits are allowed"),
        ("big-iron-rentals", CompanySize.Large, 9,
            [(FactorCategory.Organisational, "Contractors are not asked for emission-free machines yet.")],
            [(FactorCategory.Regulatory, "The joint declaration's dates written into every agency's tenders.")], "the agencies' dates are binding"),
        ("gridflex", CompanySize.Small, 8,
            [(FactorCategory.Technical, "Grid capacity data for sites is not public.")],
            [(FactorCategory.Technical, "Open data on grid capacity near planned sites.")], "grid data is shared with all bidders"),
        ("harbour-sensorworks", CompanySize.Small, 9,
            [(FactorCategory.Technical, "No common way to measure noise and emissions on sites.")],
            [(FactorCategory.Technical, "A shared measurement protocol with open results.")], "monitoring is part of the contract"),
    ];

    public async Task LoadAsync(CancellationToken ct = default)
    {
        if (await db.Challenges.AnyAsync(c => c.Slug == ChallengeSlug, ct)) return;
        var lead = await db.Organisations.FirstOrDefaultAsync(o => o.Slug == "national-building-agency", ct);
        if (lead is null) return; // only on top of the demo city

        var now = clock.UtcNow();
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            var orgs = await LoadPeopleAsync(ct);
            var challenge = await LoadChallengeAsync(orgs, now, ct);
            await LoadDialogueAsync(challenge, orgs, now, ct);
            await LoadDeclarationAsync(challenge, orgs, now, ct);
            await LoadProcurementAsync(challenge, orgs, now, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        var saved = await db.Challenges.AsNoTracking().FirstAsync(c => c.Slug == ChallengeSlug, ct);
        await ocds.ChallengeChangedAsync(saved.Id, ct);
        foreach (var id in await db.Procedures.Where(p => p.ChallengeId == saved.Id).Select(p => p.Id).ToListAsync(ct))
            await ocds.ProcedureChangedAsync(id, ct);
        log.LogInformation("Loaded the demo challenge '{Challenge}' with its market dialogue, declaration and procurement", saved.Title);
    }

    async Task<Dictionary<string, Organisation>> LoadPeopleAsync(CancellationToken ct)
    {
        foreach (var input in Organisations)
            if (!await db.Organisations.AnyAsync(o => o.Slug == input.Slug, ct))
                await accounts.CreateOrganisationAsync(input, creator: null, ct);
        var orgs = await db.Organisations.ToDictionaryAsync(o => o.Slug, ct);
        foreach (var (userName, name, org, role) in People)
        {
            var user = await accounts.FindByLoginAsync(userName, ct)
                ?? await accounts.CreateUserAsync(new NewUser(userName, name, $"{userName}@{org}.example", DemoCity.Password), ct);
            await accounts.SetMemberAsync(orgs[org], user, role, ct);
        }
        return orgs;
    }

    async Task<Guid> UserAsync(string userName, CancellationToken ct) =>
        await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).FirstAsync(ct);

    async Task<Challenge> LoadChallengeAsync(Dictionary<string, Organisation> orgs, DateTime now, CancellationToken ct)
    {
        var id = Guid.CreateVersion7();
        var challenge = new Challenge
        {
            Id = id, Slug = ChallengeSlug, Ocid = OcdsIds.ForChallenge(configuration, id),
            Title = "Emission-free construction sites",
            Summary = "Six agencies will require emission-free machinery on their building sites and buy it together.",
            Problem = "Diesel machinery on public building sites causes about **a third of the NOx** and much of the noise residents " +
                "complain about near sites. Each agency alone buys too few machines for suppliers to invest in electric models, " +
                "charging and service in the region.",
            Goals = "- Zero tailpipe emissions from machinery on the agencies' sites from 2028.\n- Less noise for neighbours.\n" +
                "- A regional market for electric machines, charging and service that other cities can buy from.",
            Constraints = "Machines must work a full shift on one charge or refuelling; sites often lack a grid connection in their first months. " +
                "Procurement follows the EU directive 2014/24/EU; agencies keep their own contracts under a joint framework.",
            Theme = CityTheme.ClimateChange, Status = ChallengeStatus.Procurement, LeadOrgId = orgs["national-building-agency"].Id,
            Currency = "EUR", CreatedByUserId = await UserAsync("ida", ct),
            CreatedAt = now.AddMonths(-8), UpdatedAt = now.AddMonths(-1), PublishedAt = now.AddMonths(-7),
        };
        db.Challenges.Add(challenge);
        foreach (var (org, role, machines, budget, note) in Participants)
            challenge.Participants.Add(new ChallengeParticipant
            {
                ChallengeId = id, OrganisationId = orgs[org].Id, Role = role, Quantity = machines, Unit = machines is null ? null : "machines",
                BudgetMinor = budget * 100, NeededFrom = machines is null ? null : DateOnly.FromDateTime(now.AddMonths(8)),
                NeededUntil = machines is null ? null : DateOnly.FromDateTime(now.AddYears(4)), Note = note, JoinedAt = now.AddMonths(-7),
            });
        string[] kpis = ["Share of machine hours emission-free|%|8|100", "NOx from machinery on the agencies' sites|t/year|41|4",
            "Noise complaints near sites|per year|230|60"];
        for (var i = 0; i < kpis.Length; i++)
        {
            var k = kpis[i].Split('|');
            challenge.Kpis.Add(new ChallengeKpi
            {
                ChallengeId = id, Title = k[0], Unit = k[1], Baseline = decimal.Parse(k[2]), Target = decimal.Parse(k[3]),
                TargetDate = new DateOnly(now.Year + 3, 12, 31), Position = i,
            });
        }
        foreach (var name in new[] { "air-quality-harbour", "noise-stations", "building-permits" })
            if (await db.Datasets.Where(d => d.Name == name).Select(d => (Guid?)d.Id).FirstOrDefaultAsync(ct) is { } datasetId)
                challenge.Datasets.Add(new ChallengeDataset { ChallengeId = id, DatasetId = datasetId, AddedAt = now.AddMonths(-7),
                    Note = "Baseline for the NOx and noise targets." });
        db.Attachments.Add(new Attachment
        {
            ChallengeId = id, Title = "Needs assessment: machinery on public sites 2025", DocumentType = "needsAssessment",
            Url = "https://building-agency.example/documents/machinery-needs-2025.pdf", ContentType = "application/pdf",
            CreatedAt = now.AddMonths(-8), ModifiedAt = now.AddMonths(-8),
        });
        var ida = await UserAsync("ida", ct);
        ChallengeStatus[] steps = [ChallengeStatus.Published, ChallengeStatus.Dialogue, ChallengeStatus.Procurement];
        int[] monthsAgo = [7, 6, 2];
        var from = ChallengeStatus.Draft;
        for (var i = 0; i < steps.Length; i++)
        {
            challenge.Events.Add(new ChallengeEvent
            {
                ChallengeId = id, At = now.AddMonths(-monthsAgo[i]), UserId = ida, Kind = "status", FromStatus = from, ToStatus = steps[i],
                Summary = $"Status changed from {from} to {steps[i]}.",
            });
            from = steps[i];
        }
        return challenge;
    }

    async Task LoadDialogueAsync(Challenge challenge, Dictionary<string, Organisation> orgs, DateTime now, CancellationToken ct)
    {
        var ida = await UserAsync("ida", ct);
        var first = new DialogueRound
        {
            ChallengeId = challenge.Id, Number = 1, Title = "Emission-free machinery for public sites, 2027–2031",
            Announcement = "The six agencies plan to buy or rent about **109 emission-free machines** and the charging to run them, " +
                "for an estimated EUR 24 million over four years. We want to hear from makers, rental firms, energy and charging " +
                "companies and retrofitters before we write the requirements.",
            Agenda = "1. The agencies' sites and timelines\n2. Barriers and enablers\n3. Lots and award criteria\n4. Questions",
            ExpectedProcedure = nameof(ProcedureType.InnovationPartnership),
            OpensAt = now.AddMonths(-6), AnswersDeadline = now.AddMonths(-5), PublishedAt = now.AddMonths(-6), CreatedAt = now.AddMonths(-6),
        };
        var second = new DialogueRound
        {
            ChallengeId = challenge.Id, Number = 2, Title = "Service and measurement during the pilots",
            Announcement = "Before the pilots start we ask how service, spare parts and on-site measurement of noise and emissions " +
                "should be organised across six agencies' sites.",
            ExpectedProcedure = nameof(ProcedureType.Open),
            OpensAt = now.AddDays(-3), AnswersDeadline = now.AddDays(25), PublishedAt = now.AddDays(-3), CreatedAt = now.AddDays(-4),
        };
        db.DialogueRounds.AddRange(first, second);
        foreach (var (org, size, trl, barriers, enablers, bidIf) in Suppliers)
        {
            var organisation = orgs[org];
            var user = await db.Memberships.Where(m => m.OrganisationId == organisation.Id).OrderBy(m => m.Role == MembershipRole.Admin ? 0 : 1)
                .Select(m => m.UserId).FirstAsync(ct);
            var at = first.OpensAt.AddDays(3 + Array.FindIndex(Suppliers, s => s.Org == org));
            db.DialogueInterests.Add(new DialogueInterest { RoundId = first.Id, OrganisationId = organisation.Id, UserId = user, Size = size, RegisteredAt = at });
            var feedback = new DialogueFeedback
            {
                RoundId = first.Id, OrganisationId = organisation.Id, UserId = user, WouldBidIf = $"We would bid if {bidIf}.",
                ReadinessLevel = trl, SuggestedApproach = "Pilot on two sites per agency first, then roll out under the framework.",
                SubmittedAt = at.AddDays(5), UpdatedAt = at.AddDays(5),
            };
            foreach (var (category, text) in barriers)
                feedback.Factors.Add(new DialogueFactor { Kind = FactorKind.Barrier, Category = category, Text = text });
            foreach (var (category, text) in enablers)
                feedback.Factors.Add(new DialogueFactor { Kind = FactorKind.Enabler, Category = category, Text = text });
            db.DialogueFeedback.Add(feedback);
        }
        (string Org, string Question, string? Answer)[] questions =
        [
            ("sitecharge", "Will charging be a separate lot, or must machine suppliers provide it?",
                "Charging and site energy will be a lot of its own; machine suppliers may bid for both lots."),
            ("retrofit-robotics", "May retrofitted diesel machines take part if they meet the same emission limits?",
                "Yes. The requirement is zero tailpipe emissions, whatever the machine's history."),
            ("hydro-haul", "Is hydrogen accepted, or only battery-electric machines?",
                "The requirements are technology-neutral: any machine without tailpipe emissions qualifies."),
            ("gridflex", "Will grid capacity data for the planned sites be published?", null),
        ];
        var asked = first.OpensAt.AddDays(10);
        foreach (var (org, question, answer) in questions)
        {
            var organisation = orgs[org];
            var user = await db.Memberships.Where(m => m.OrganisationId == organisation.Id).Select(m => m.UserId).FirstAsync(ct);
            asked = asked.AddDays(2);
            db.DialogueQuestions.Add(new DialogueQuestion
            {
                RoundId = first.Id, AskedByOrgId = organisation.Id, AskedByUserId = user, Question = question, AskedAt = asked,
                Answer = answer, AnsweredAt = answer is null ? null : asked.AddDays(4), AnsweredByUserId = answer is null ? null : ida,
            });
        }
        db.DialogueMeetings.Add(new DialogueMeeting
        {
            RoundId = first.Id, Title = "Information day at the Clean Construction Cluster", HeldAt = first.OpensAt.AddDays(14),
            Location = "Aldport, Harbour Innovation House", Attendees = 34, CreatedAt = first.OpensAt.AddDays(15),
            Minutes = "The agencies presented their sites and timelines. Suppliers asked for a volume commitment, a separate charging " +
                "lot and technology-neutral requirements. The cluster offered its test track for demonstrations.",
        });
        db.ChallengeEvents.Add(new ChallengeEvent { ChallengeId = challenge.Id, At = first.PublishedAt!.Value, UserId = ida, Kind = "round",
            Summary = "Market dialogue round 1 published." });
        db.ChallengeEvents.Add(new ChallengeEvent { ChallengeId = challenge.Id, At = second.PublishedAt!.Value, UserId = ida, Kind = "round",
            Summary = "Market dialogue round 2 published." });
    }

    async Task LoadDeclarationAsync(Challenge challenge, Dictionary<string, Organisation> orgs, DateTime now, CancellationToken ct)
    {
        var declaration = new Declaration
        {
            ChallengeId = challenge.Id, Title = "Joint declaration on emission-free construction sites",
            Text = "We, the undersigned public agencies, will **require emission-free machinery** on the building sites we commission, " +
                "from the dates each of us states below, and will procure together so that suppliers can plan for the combined volume.",
            CreatedAt = now.AddMonths(-4).AddDays(-5), PublishedAt = now.AddMonths(-4),
        };
        db.Declarations.Add(declaration);
        (string Org, string Signer, string Name, string Title, int Year)[] signatures =
        [
            ("national-building-agency", "ida", "Ida Krogh", "Director of procurement", now.Year + 2),
            ("aldport-region", "henrik", "Henrik Holm", "Head of regional development", now.Year + 2),
            ("fjordland-region", "freja", "Freja Holt", "Head of procurement", now.Year + 3),
            ("city-of-aldport", "mette", "Mette Lund", "Chief Data Officer, for the Mayor", now.Year + 2),
            ("northby", "ole", "Ole Sand", "Head of construction", now.Year + 3),
            ("eastvale", "birgit", "Birgit Lyng", "Head of technical services", now.Year + 3),
        ];
        var signedAt = now.AddMonths(-4).AddDays(1);
        foreach (var (org, signer, name, title, year) in signatures)
        {
            signedAt = signedAt.AddDays(2);
            declaration.Signatures.Add(new DeclarationSignature
            {
                DeclarationId = declaration.Id, OrganisationId = orgs[org].Id, SignedByUserId = await UserAsync(signer, ct),
                Commitment = $"All machinery on our sites emission-free from 1 January {year}.", EffectiveFrom = new DateOnly(year, 1, 1),
                SignatoryName = name, SignatoryTitle = title, SignedAt = signedAt,
            });
        }
        db.ChallengeEvents.Add(new ChallengeEvent { ChallengeId = challenge.Id, At = signedAt, UserId = await UserAsync("ida", ct),
            Kind = "declaration", Summary = "The joint declaration was signed by six agencies." });
    }
}
