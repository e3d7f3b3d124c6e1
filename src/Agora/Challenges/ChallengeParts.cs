using System.Security.Claims;
using Agora.Accounts;
using Agora.Storage;
using Agora.Web;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.EntityFrameworkCore;

namespace Agora.Challenges;

/// <summary>The parts of a challenge: participants and their demand, KPIs, offered datasets and documents.</summary>
public sealed partial class ChallengeManager
{
    static readonly FileExtensionContentTypeProvider ContentTypes = new();

    // ---- Participants -----------------------------------------------------------------------------

    /// <summary>Joins an organisation to a challenge, or changes what it brings. An organisation's own editors
    /// join it (public agencies as co-owners with their demand; others as supporters) and change its demand;
    /// editors of the lead may add any organisation, but not set another's demand.</summary>
    public async Task<ChallengeParticipant> SetParticipantAsync(string slug, string orgSlug, DemandInput input, ClaimsPrincipal caller,
        CancellationToken ct)
    {
        var challenge = await FindReadableAsync(slug, caller, ct);
        var org = await db.Organisations.FirstOrDefaultAsync(o => o.Slug == orgSlug, ct)
            ?? throw new NotFoundException($"No organisation '{orgSlug}'.");
        var own = await access.IsEditorOfAsync(caller, org.Id, ct);
        var lead = await access.IsLeadAsync(caller, challenge, ct);
        if (!own && !lead) throw new ForbiddenException($"Only editors of {org.Name} (or of the lead agency) may add it to this challenge.");
        if (!own && (input.HasDemand || input.Note is not null))
            throw new ForbiddenException($"Only editors of {org.Name} state its demand; you may add it, and its editors fill in the rest.");

        var isAgency = org.Kind == OrganisationKind.PublicAgency;
        var v = new Validator();
        if (!string.IsNullOrWhiteSpace(input.Role))
        {
            ParticipantRole? role = null;
            try { role = EnumText.Parse<ParticipantRole>(input.Role, "role"); }
            catch (InvalidInputException e) { v.Add("role", e.Errors["role"][0]); }
            if (role == ParticipantRole.Lead && org.Id != challenge.LeadOrgId) v.Add("role", "A challenge has one lead, the agency that started it.");
            if (role == ParticipantRole.CoOwner && !isAgency)
                throw new ForbiddenException($"Only public agencies co-own a challenge; {org.Name} may join as a supporter.");
        }
        CheckDemand(v, input, isAgency);
        v.ThrowIfInvalid();

        var participant = await db.ChallengeParticipants.FirstOrDefaultAsync(p => p.ChallengeId == challenge.Id && p.OrganisationId == org.Id, ct);
        var joining = participant is null;
        if (joining)
        {
            if (challenge.Status == ChallengeStatus.Closed) throw new ConflictException("The challenge is closed; nobody joins it any more.");
            participant = new ChallengeParticipant
            {
                ChallengeId = challenge.Id, OrganisationId = org.Id, JoinedAt = Now,
                Role = isAgency ? ParticipantRole.CoOwner : ParticipantRole.Supporter,
            };
            db.ChallengeParticipants.Add(participant);
        }
        participant!.Organisation = org;
        if (own)
        {
            participant.Quantity = input.Quantity;
            participant.Unit = Blank(input.Unit);
            participant.BudgetMinor = input.BudgetMinor;
            participant.NeededFrom = input.NeededFrom;
            participant.NeededUntil = input.NeededUntil;
            participant.Note = Blank(input.Note);
        }
        Touch(challenge);
        if (joining)
        {
            var summary = $"{org.Name} joined as {(participant.Role == ParticipantRole.CoOwner ? "co-owner" : "supporter")}.";
            Record(challenge, caller, "participant", summary);
            await TellAsync(challenge, caller, "participant", $"{challenge.Title}: {org.Name} joined", summary, ct);
        }
        else Record(challenge, caller, "participant", isAgency ? $"{org.Name} updated its demand." : $"{org.Name} updated its note.");
        await SaveAsync(ct);
        await ocds.ChallengeChangedAsync(challenge.Id, ct);
        return participant;
    }

    static void CheckDemand(Validator v, DemandInput input, bool isAgency)
    {
        CheckText(v, input.Note, "note", 5000, multiline: true);
        if (!isAgency)
        {
            foreach (var (given, field) in new[] { (input.Quantity is not null, "quantity"), (!string.IsNullOrWhiteSpace(input.Unit), "unit"),
                (input.BudgetMinor is not null, "budgetMinor"), (input.NeededFrom is not null, "neededFrom"), (input.NeededUntil is not null, "neededUntil") })
                v.Check(!given, field, "Only public agencies bring demand; a supporter gives a note.");
            return;
        }
        CheckNumber(v, input.Quantity, "quantity", positive: true);
        CheckText(v, input.Unit, "unit", 100);
        v.Check(input.Quantity is null || !string.IsNullOrWhiteSpace(input.Unit), "unit", "Say what the quantity counts (e.g. excavators).");
        v.Check(input.Quantity is not null || string.IsNullOrWhiteSpace(input.Unit), "quantity", "Give the quantity of this unit.");
        v.Check(input.BudgetMinor is null || input.BudgetMinor >= 0, "budgetMinor", "The budget cannot be negative.");
        v.Check(input.BudgetMinor is null || input.BudgetMinor <= MaxBudgetMinor, "budgetMinor", "The budget is larger than any this server takes.");
        v.Check(input.NeededFrom is null || input.NeededUntil is null || input.NeededFrom <= input.NeededUntil, "neededUntil",
            "The end of the period comes after its start.");
    }

    /// <summary>Editors of the lead remove any other organisation; an organisation's editors take it out. The lead stays.</summary>
    public async Task RemoveParticipantAsync(string slug, string orgSlug, ClaimsPrincipal caller, CancellationToken ct)
    {
        var challenge = await FindReadableAsync(slug, caller, ct);
        var participant = await db.ChallengeParticipants.Include(p => p.Organisation)
            .FirstOrDefaultAsync(p => p.ChallengeId == challenge.Id && p.Organisation.Slug == orgSlug, ct)
            ?? throw new NotFoundException($"'{orgSlug}' does not take part in this challenge.");
        if (!await access.IsEditorOfAsync(caller, participant.OrganisationId, ct) && !await access.IsLeadAsync(caller, challenge, ct))
            throw new ForbiddenException($"Only editors of {participant.Organisation.Name} or of the lead agency may take it out.");
        if (participant.Role == ParticipantRole.Lead) throw new ConflictException("The lead agency cannot leave its own challenge.");
        db.ChallengeParticipants.Remove(participant);
        Touch(challenge);
        var summary = $"{participant.Organisation.Name} left the challenge.";
        Record(challenge, caller, "participant", summary);
        await TellAsync(challenge, caller, "participant", $"{challenge.Title}: {participant.Organisation.Name} left", summary, ct);
        await SaveAsync(ct);
        await ocds.ChallengeChangedAsync(challenge.Id, ct);
    }

    /// <summary>Organisations the caller may bring into the challenge themself (as their editor), with whether they already take part.</summary>
    public async Task<List<(Organisation Organisation, bool Joined)>> JoinableAsync(Challenge challenge, ClaimsPrincipal caller, CancellationToken ct)
    {
        var ids = (await access.EditableOrganisationsAsync(caller, ct)).Select(o => o.Id).ToList();
        var orgs = await db.Organisations.AsNoTracking().Where(o => ids.Contains(o.Id)).OrderBy(o => o.Name).ToListAsync(ct);
        var joined = await db.ChallengeParticipants.Where(p => p.ChallengeId == challenge.Id && ids.Contains(p.OrganisationId))
            .Select(p => p.OrganisationId).ToListAsync(ct);
        return orgs.Select(o => (o, joined.Contains(o.Id))).ToList();
    }

    // ---- KPIs -------------------------------------------------------------------------------------

    public async Task<ChallengeKpi> AddKpiAsync(string slug, KpiInput input, ClaimsPrincipal caller, CancellationToken ct)
    {
        var challenge = await FindLedAsync(slug, caller, ct);
        CheckKpi(input);
        var position = await db.ChallengeKpis.Where(k => k.ChallengeId == challenge.Id).Select(k => (int?)k.Position).MaxAsync(ct) ?? -1;
        var kpi = new ChallengeKpi { ChallengeId = challenge.Id, Title = "", Position = position + 1 };
        ApplyKpi(kpi, input);
        db.ChallengeKpis.Add(kpi);
        Touch(challenge);
        Record(challenge, caller, "kpi", $"KPI added: {kpi.Title}.");
        await SaveAsync(ct);
        await ocds.ChallengeChangedAsync(challenge.Id, ct);
        return kpi;
    }

    public async Task<ChallengeKpi> UpdateKpiAsync(string slug, Guid id, KpiInput input, ClaimsPrincipal caller, CancellationToken ct)
    {
        var challenge = await FindLedAsync(slug, caller, ct);
        var kpi = await db.ChallengeKpis.FirstOrDefaultAsync(k => k.Id == id && k.ChallengeId == challenge.Id, ct)
            ?? throw new NotFoundException("No such KPI on this challenge.");
        CheckKpi(input);
        ApplyKpi(kpi, input);
        Touch(challenge);
        Record(challenge, caller, "kpi", $"KPI changed: {kpi.Title}.");
        await SaveAsync(ct);
        await ocds.ChallengeChangedAsync(challenge.Id, ct);
        return kpi;
    }

    public async Task RemoveKpiAsync(string slug, Guid id, ClaimsPrincipal caller, CancellationToken ct)
    {
        var challenge = await FindLedAsync(slug, caller, ct);
        var kpi = await db.ChallengeKpis.FirstOrDefaultAsync(k => k.Id == id && k.ChallengeId == challenge.Id, ct)
            ?? throw new NotFoundException("No such KPI on this challenge.");
        if (challenge.Status != ChallengeStatus.Draft && await db.ChallengeKpis.CountAsync(k => k.ChallengeId == challenge.Id, ct) == 1)
            throw new ConflictException("A published challenge keeps at least one KPI; add another before removing this one.");
        db.ChallengeKpis.Remove(kpi);
        Touch(challenge);
        Record(challenge, caller, "kpi", $"KPI removed: {kpi.Title}.");
        await SaveAsync(ct);
        await ocds.ChallengeChangedAsync(challenge.Id, ct);
    }

    static void CheckKpi(KpiInput input)
    {
        var v = new Validator();
        CheckText(v, input.Title, "title", 300, required: true);
        CheckText(v, input.Description, "description", 5000, multiline: true);
        CheckText(v, input.Unit, "unit", 100);
        CheckNumber(v, input.Baseline, "baseline");
        if (input.Target is null) v.Add("target", "Give the target value.");
        CheckNumber(v, input.Target, "target");
        v.ThrowIfInvalid();
    }

    static void ApplyKpi(ChallengeKpi kpi, KpiInput input)
    {
        kpi.Title = input.Title!.Trim();
        kpi.Description = Blank(input.Description);
        kpi.Unit = Blank(input.Unit);
        kpi.Baseline = input.Baseline;
        kpi.Target = input.Target!.Value;
        kpi.TargetDate = input.TargetDate;
    }

    // ---- Datasets ---------------------------------------------------------------------------------

    /// <summary>Offered datasets the caller may read (one made private later drops out of the list).</summary>
    public async Task<List<OfferedDatasetDto>> DatasetsAsync(Challenge challenge, ClaimsPrincipal caller, CancellationToken ct)
    {
        var readable = await catalog.ReadableOrganisationsAsync(caller, ct);
        var offered = db.ChallengeDatasets.AsNoTracking().Where(d => d.ChallengeId == challenge.Id);
        var listed = Catalog.CatalogAccess.Listed(db.Datasets, readable);
        return await offered.Where(o => listed.Any(d => d.Id == o.DatasetId)).OrderBy(o => o.AddedAt)
            .Select(o => new OfferedDatasetDto(o.DatasetId, o.Dataset.Name, o.Dataset.Title, o.Note, o.AddedAt, "/dataset/" + o.Dataset.Name))
            .ToListAsync(ct);
    }

    /// <summary>Offers a catalogue dataset to solvers. It must be listed publicly (public or brokered), since
    /// everyone who reads the challenge sees it, and the caller must be able to read it.</summary>
    public async Task<OfferedDatasetDto> OfferDatasetAsync(string slug, string datasetName, DatasetOfferInput input, ClaimsPrincipal caller,
        CancellationToken ct)
    {
        var challenge = await FindLedAsync(slug, caller, ct);
        var v = new Validator();
        CheckText(v, input.Note, "note", 2000, multiline: true);
        v.ThrowIfInvalid();
        var dataset = await db.Datasets.FirstOrDefaultAsync(d => d.Name == datasetName, ct);
        if (dataset is null || !await catalog.CanReadAsync(caller, dataset, ct)) throw new NotFoundException($"No dataset '{datasetName}'.");
        if (dataset.State != Catalog.DatasetState.Active || dataset.Visibility == Catalog.Visibility.Private)
            throw new InvalidInputException("dataset", "Only active public or brokered datasets can be offered: everyone who reads the challenge sees them.");
        var offer = await db.ChallengeDatasets.FirstOrDefaultAsync(d => d.ChallengeId == challenge.Id && d.DatasetId == dataset.Id, ct);
        if (offer is null)
        {
            offer = new ChallengeDataset { ChallengeId = challenge.Id, DatasetId = dataset.Id, AddedAt = Now };
            db.ChallengeDatasets.Add(offer);
            Record(challenge, caller, "dataset", $"Dataset offered to solvers: {dataset.Title ?? dataset.Name}.");
        }
        offer.Note = Blank(input.Note);
        Touch(challenge);
        await SaveAsync(ct);
        await ocds.ChallengeChangedAsync(challenge.Id, ct);
        return new OfferedDatasetDto(dataset.Id, dataset.Name, dataset.Title, offer.Note, offer.AddedAt, "/dataset/" + dataset.Name);
    }

    public async Task WithdrawDatasetAsync(string slug, string datasetName, ClaimsPrincipal caller, CancellationToken ct)
    {
        var challenge = await FindLedAsync(slug, caller, ct);
        var offer = await db.ChallengeDatasets.Include(d => d.Dataset)
            .FirstOrDefaultAsync(d => d.ChallengeId == challenge.Id && d.Dataset.Name == datasetName, ct)
            ?? throw new NotFoundException($"The dataset '{datasetName}' is not offered on this challenge.");
        db.ChallengeDatasets.Remove(offer);
        Touch(challenge);
        Record(challenge, caller, "dataset", $"Dataset withdrawn: {offer.Dataset.Title ?? offer.Dataset.Name}.");
        await SaveAsync(ct);
        await ocds.ChallengeChangedAsync(challenge.Id, ct);
    }

    // ---- Documents --------------------------------------------------------------------------------

    /// <summary>Adds a document: a link, or an uploaded file kept in the file store.</summary>
    public async Task<Attachment> AddDocumentAsync(string slug, DocumentInput input, IFormFile? file, ClaimsPrincipal caller, CancellationToken ct)
    {
        var challenge = await FindLedAsync(slug, caller, ct);
        var title = string.IsNullOrWhiteSpace(input.Title) && file is not null ? Path.GetFileName(file.FileName) : input.Title;
        var v = new Validator();
        CheckText(v, title, "title", 300, required: true);
        CheckText(v, input.Description, "description", 5000, multiline: true);
        if (string.IsNullOrWhiteSpace(input.DocumentType)) v.Add("documentType", "Give the OCDS document type, e.g. needsAssessment.");
        else if (!DocumentTypes.IsKnown(input.DocumentType.Trim()))
            v.Add("documentType", "Unknown document type: use a code of OCDS's documentType codelist, e.g. needsAssessment or marketStudies.");
        var url = Blank(input.Url);
        if (file is null && url is null) v.Add("url", "Give a link, or upload a file.");
        if (file is not null && url is not null) v.Add("url", "Give a link or a file, not both.");
        if (url is not null && (url.Length > 2000 || !AccountRules.IsWebUrl(url))) v.Add("url", "Give an http(s) address of at most 2,000 characters.");
        if (input.Language is { Length: > 0 } language && (language.Length > 8 || !language.All(c => char.IsAsciiLetter(c) || c == '-')))
            v.Add("language", "Give a language code such as en or da.");
        if (file is not null && file.Length == 0) v.Add("file", "The file is empty.");
        v.ThrowIfInvalid();

        var attachment = new Attachment
        {
            ChallengeId = challenge.Id, Title = title!.Trim(), Description = Blank(input.Description), DocumentType = input.DocumentType!.Trim(),
            Url = url, Language = Blank(input.Language), UploadedByUserId = caller.UserId(), CreatedAt = Now, ModifiedAt = Now,
        };
        string? stored = null;
        if (file is not null)
        {
            var name = Path.GetFileName(file.FileName);
            var extension = Path.GetExtension(name);
            if (extension.Length > 16 || !extension.Skip(1).All(char.IsAsciiLetterOrDigit)) extension = "";
            try
            {
                await using var stream = file.OpenReadStream();
                stored = await files.SaveAsync("documents", extension.ToLowerInvariant(), stream, options.Value.MaxUploadBytes, ct);
            }
            catch (FileTooLargeException e)
            {
                throw new InvalidInputException("file", $"The file is larger than the {e.MaxBytes:N0} bytes allowed.");
            }
            attachment.FilePath = stored;
            attachment.Size = file.Length;
            attachment.ContentType = ContentTypes.TryGetContentType(name, out var type) ? type : "application/octet-stream";
        }
        db.Attachments.Add(attachment);
        Touch(challenge);
        Record(challenge, caller, "document", $"Document added: {attachment.Title} ({DocumentTypes.Title(attachment.DocumentType)}).");
        try
        {
            await SaveAsync(ct);
        }
        catch
        {
            files.Delete(stored); // no file without a row that names it
            throw;
        }
        await ocds.ChallengeChangedAsync(challenge.Id, ct);
        return attachment;
    }

    public async Task RemoveDocumentAsync(string slug, Guid id, ClaimsPrincipal caller, CancellationToken ct)
    {
        var challenge = await FindLedAsync(slug, caller, ct);
        var attachment = await db.Attachments.FirstOrDefaultAsync(a => a.Id == id && a.ChallengeId == challenge.Id, ct)
            ?? throw new NotFoundException("No such document on this challenge.");
        db.Attachments.Remove(attachment);
        Touch(challenge);
        Record(challenge, caller, "document", $"Document removed: {attachment.Title}.");
        await SaveAsync(ct);
        files.Delete(attachment.FilePath);
        await ocds.ChallengeChangedAsync(challenge.Id, ct);
    }

    /// <summary>An uploaded document's file, for those who may read the challenge.</summary>
    public async Task<(Attachment Document, Stream Content)> OpenDocumentAsync(string slug, Guid id, ClaimsPrincipal caller, CancellationToken ct)
    {
        var challenge = await FindReadableAsync(slug, caller, ct);
        var attachment = await db.Attachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id && a.ChallengeId == challenge.Id, ct);
        var stream = attachment?.FilePath is null ? null : files.OpenRead(attachment.FilePath);
        if (stream is null) throw new NotFoundException("No such file on this challenge.");
        return (attachment!, stream);
    }
}
