using System.Security.Claims;
using Agora.Accounts;
using Agora.Challenges;
using Agora.Storage;
using Agora.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Agora.Procurement;

/// <summary>Sealed bids: editors of a company bid on a lot, change and withdraw their bid while bidding is
/// open; who may read a bid is <see cref="BidViewer.CanRead"/>. Every read, list, download and change — and
/// every refused attempt — is written to the bid's access log. A bid the caller may not see is a 404,
/// exactly as one that does not exist.</summary>
public sealed class BidManager(AgoraDbContext db, ProcedureManager procedures, ProcedureAccess access, FileStore files,
    IOptions<AgoraOptions> options, TimeProvider clock)
{
    public const string DefaultDocumentType = "submissionDocuments";

    public async Task<Bid> SubmitAsync(Guid id, BidInput input, ClaimsPrincipal caller, CancellationToken ct)
    {
        var p = await procedures.FindAsync(id, caller, ct);
        var supplier = await SupplierAsync(input.Supplier, caller, ct);
        EnsureOpen(p);
        var lot = p.Lots.FirstOrDefault(l => l.Number == input.Lot)
            ?? throw new InvalidInputException("lot", input.Lot is null ? "Give the lot's number." : $"No lot {input.Lot}.");
        Validate(p, input);
        var now = clock.UtcNow();
        var bid = await db.Bids.Include(b => b.Answers).FirstOrDefaultAsync(b => b.ProcedureId == p.Id && b.LotId == lot.Id && b.SupplierOrgId == supplier.Id, ct);
        if (bid is { Status: not BidStatus.Withdrawn })
            throw new ConflictException($"{supplier.Name} has already bid on lot {lot.Number}; change that bid instead.");
        if (bid is null)
        {
            bid = new Bid { ProcedureId = p.Id, LotId = lot.Id, SupplierOrgId = supplier.Id, SupplierOrg = supplier };
            db.Bids.Add(bid);
        }
        bid.Status = BidStatus.Submitted;
        bid.SubmittedAt = now;
        Fill(bid, input, caller.RequiredUserId(), now);
        access.Log(bid.Id, caller.UserId(), "submit", true);
        await SaveAsync(ct);
        return bid;
    }

    public async Task<Bid> UpdateAsync(Guid id, Guid bidId, BidInput input, ClaimsPrincipal caller, CancellationToken ct)
    {
        var (p, bid) = await FindOwnAsync(id, bidId, caller, "change", ct);
        if (input.Lot is { } n && p.Lots.FirstOrDefault(l => l.Id == bid.LotId)?.Number != n)
            throw new InvalidInputException("lot", "A bid stays on its lot; withdraw it and bid on the other lot.");
        Validate(p, input);
        Fill(bid, input, caller.RequiredUserId(), clock.UtcNow());
        access.Log(bid.Id, caller.UserId(), "change", true);
        await SaveAsync(ct);
        return bid;
    }

    public async Task WithdrawAsync(Guid id, Guid bidId, ClaimsPrincipal caller, CancellationToken ct)
    {
        var (_, bid) = await FindOwnAsync(id, bidId, caller, "withdraw", ct);
        bid.Status = BidStatus.Withdrawn;
        bid.UpdatedAt = clock.UtcNow();
        access.Log(bid.Id, caller.UserId(), "withdraw", true);
        await SaveAsync(ct);
    }

    /// <summary>One bid, if the caller may read it; the read (or the refusal) is logged.</summary>
    public async Task<(Procedure Procedure, Bid Bid)> ReadAsync(Guid id, Guid bidId, ClaimsPrincipal caller, string action, CancellationToken ct)
    {
        var p = await procedures.FindAsync(id, caller, ct);
        var viewer = await access.ViewerAsync(caller, p, ct);
        var bid = await db.Bids.Include(b => b.Answers).Include(b => b.SupplierOrg)
            .FirstOrDefaultAsync(b => b.Id == bidId && b.ProcedureId == p.Id, ct);
        if (bid is null) throw new NotFoundException($"No bid {bidId} that you may see.");
        var allowed = viewer.CanRead(bid) && (bid.Status == BidStatus.Submitted || viewer.Organisations.Contains(bid.SupplierOrgId));
        access.Log(bid.Id, viewer.UserId, action, allowed);
        await access.SaveLogAsync(ct);
        if (!allowed) throw new NotFoundException($"No bid {bidId} that you may see.");
        return (p, bid);
    }

    /// <summary>The bids the caller may read: their own company's at any time; all submitted bids after the
    /// deadline for the lead's editors and evaluators without conflict. Each bid left out is logged as a
    /// refused listing, each shown as an allowed one.</summary>
    public async Task<(Procedure Procedure, List<Bid> Bids)> ListAsync(Guid id, ClaimsPrincipal caller, CancellationToken ct)
    {
        var p = await procedures.FindAsync(id, caller, ct);
        var viewer = await access.ViewerAsync(caller, p, ct);
        var all = await db.Bids.Include(b => b.Answers).Include(b => b.SupplierOrg).Where(b => b.ProcedureId == p.Id).ToListAsync(ct);
        var shown = new List<Bid>();
        foreach (var bid in all)
        {
            var own = viewer.Organisations.Contains(bid.SupplierOrgId);
            var allowed = own || (viewer.SeesAll && bid.Status == BidStatus.Submitted);
            if (allowed) shown.Add(bid);
            if (own || bid.Status == BidStatus.Submitted) access.Log(bid.Id, viewer.UserId, "list", allowed);
        }
        await access.SaveLogAsync(ct);
        var lots = p.Lots.ToDictionary(l => l.Id, l => l.Number);
        return (p, shown.OrderBy(b => lots.GetValueOrDefault(b.LotId)).ThenBy(b => b.SupplierOrg.Name).ToList());
    }

    public Task<List<Attachment>> DocumentsAsync(IEnumerable<Guid> bidIds, CancellationToken ct)
    {
        var ids = bidIds.ToList();
        return db.Attachments.AsNoTracking().Where(a => a.BidId != null && ids.Contains(a.BidId.Value)).OrderBy(a => a.CreatedAt).ToListAsync(ct);
    }

    /// <summary>Adds a document to the caller's own bid while bidding is open: an uploaded file or a link.</summary>
    public async Task<Attachment> AddDocumentAsync(Guid id, Guid bidId, string? title, string? documentType, string? description,
        string? url, (string FileName, string? ContentType, Stream Content)? upload, ClaimsPrincipal caller, CancellationToken ct)
    {
        var (_, bid) = await FindOwnAsync(id, bidId, caller, "document", ct);
        var v = new Validator();
        title = string.IsNullOrWhiteSpace(title) ? upload?.FileName : title.Trim();
        v.Check(!string.IsNullOrWhiteSpace(title) && title.Length <= 300, "title", "A title of 1 to 300 characters.");
        v.Check(description is not { Length: > 5000 }, "description", "At most 5,000 characters.");
        v.Check(documentType is null || (documentType.Length <= 64 && documentType.All(char.IsAsciiLetterOrDigit)), "documentType",
            "An OCDS document type such as submissionDocuments.");
        if (upload is null)
            v.Check(Uri.TryCreate(url, UriKind.Absolute, out var link) && link.Scheme is "https" or "http" && url!.Length <= 2000,
                "url", "Upload a file or give an http(s) link.");
        v.ThrowIfInvalid();
        var now = clock.UtcNow();
        var doc = new Attachment
        {
            BidId = bid.Id, Title = title!, Description = description, DocumentType = documentType ?? DefaultDocumentType,
            UploadedByUserId = caller.UserId(), CreatedAt = now, ModifiedAt = now,
        };
        if (upload is { } file)
        {
            var extension = Path.GetExtension(file.FileName).ToLowerInvariant();
            if (extension.Length > 10 || !extension.Skip(1).All(char.IsAsciiLetterOrDigit)) extension = "";
            try
            {
                doc.FilePath = await files.SaveAsync("bids", extension, file.Content, options.Value.MaxUploadBytes, ct);
            }
            catch (FileTooLargeException e)
            {
                throw new InvalidInputException("file", $"The file is larger than {e.MaxBytes} bytes.");
            }
            doc.ContentType = string.IsNullOrWhiteSpace(file.ContentType) ? "application/octet-stream" : file.ContentType;
            await using (var stored = files.OpenRead(doc.FilePath)) doc.Size = stored?.Length;
        }
        else doc.Url = url;
        db.Attachments.Add(doc);
        bid.UpdatedAt = now;
        access.Log(bid.Id, caller.UserId(), "document", true);
        try
        {
            await SaveAsync(ct);
        }
        catch
        {
            files.Delete(doc.FilePath);
            throw;
        }
        return doc;
    }

    public async Task RemoveDocumentAsync(Guid id, Guid bidId, Guid documentId, ClaimsPrincipal caller, CancellationToken ct)
    {
        var (_, bid) = await FindOwnAsync(id, bidId, caller, "document", ct);
        var doc = await db.Attachments.FirstOrDefaultAsync(a => a.Id == documentId && a.BidId == bid.Id, ct)
            ?? throw new NotFoundException($"No document {documentId}.");
        db.Attachments.Remove(doc);
        bid.UpdatedAt = clock.UtcNow();
        access.Log(bid.Id, caller.UserId(), "document", true);
        await SaveAsync(ct);
        files.Delete(doc.FilePath);
    }

    /// <summary>A document of a bid the caller may read; the download is logged.</summary>
    public async Task<(Attachment Document, Stream? Content)> DownloadAsync(Guid id, Guid bidId, Guid documentId, ClaimsPrincipal caller, CancellationToken ct)
    {
        var (_, bid) = await ReadAsync(id, bidId, caller, "download", ct);
        var doc = await db.Attachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == documentId && a.BidId == bid.Id, ct)
            ?? throw new NotFoundException($"No document {documentId}.");
        return (doc, doc.FilePath is null ? null : files.OpenRead(doc.FilePath));
    }

    /// <summary>The caller's own company's bid, for a change while bidding is open. Others get a 404 (logged).</summary>
    async Task<(Procedure, Bid)> FindOwnAsync(Guid id, Guid bidId, ClaimsPrincipal caller, string action, CancellationToken ct)
    {
        var p = await procedures.FindAsync(id, caller, ct);
        var viewer = await access.ViewerAsync(caller, p, ct);
        var bid = await db.Bids.Include(b => b.Answers).Include(b => b.SupplierOrg).FirstOrDefaultAsync(b => b.Id == bidId && b.ProcedureId == p.Id, ct);
        if (bid is null) throw new NotFoundException($"No bid {bidId} that you may see.");
        if (!viewer.EditorOf.Contains(bid.SupplierOrgId))
        {
            access.Log(bid.Id, viewer.UserId, action, false);
            await access.SaveLogAsync(ct);
            if (viewer.Organisations.Contains(bid.SupplierOrgId)) throw new ForbiddenException("Only editors of the bidding company change its bid.");
            throw new NotFoundException($"No bid {bidId} that you may see.");
        }
        EnsureOpen(p);
        if (bid.Status == BidStatus.Withdrawn && action != "withdraw")
            throw new ConflictException("The bid is withdrawn; submit it again to change it.");
        return (p, bid);
    }

    /// <summary>Bids are taken from the start of the tender period until (not at) its end.</summary>
    void EnsureOpen(Procedure p)
    {
        var now = clock.UtcNow();
        if (p.Status != ProcedureStatus.Tender || p.TenderStart > now || p.TenderEnd is not { } end || now >= end)
            throw new ConflictException(p.Status == ProcedureStatus.Tender && p.TenderStart > now
                ? $"Bidding opens at {Labels.Time(p.TenderStart)}."
                : $"Bidding is closed (the deadline was {Labels.Time(p.TenderEnd)}); bids can no longer be submitted, changed or withdrawn.");
    }

    async Task<Organisation> SupplierAsync(string? key, ClaimsPrincipal caller, CancellationToken ct)
    {
        var userId = caller.RequiredUserId();
        var companies = await db.Memberships.Where(m => m.UserId == userId && m.Organisation.Kind == OrganisationKind.Company
                && (m.Role == MembershipRole.Editor || m.Role == MembershipRole.Admin))
            .Select(m => m.Organisation).ToListAsync(ct);
        if (!string.IsNullOrWhiteSpace(key))
            return companies.FirstOrDefault(o => o.Slug == key.Trim() || o.Id.ToString() == key.Trim())
                ?? throw new ForbiddenException($"You do not edit for a company '{key}'; only editors of a company bid for it.");
        return companies.Count switch
        {
            0 => throw new ForbiddenException("Only editors of a company may bid."),
            1 => companies[0],
            _ => throw new InvalidInputException("supplier", "You edit for several companies: name the one that bids."),
        };
    }

    static void Validate(Procedure p, BidInput input)
    {
        var v = new Validator();
        v.Check(input.PriceMinor is > 0, "priceMinor", $"Give the price in minor units of {p.Currency}, more than 0.");
        var answers = input.Answers ?? [];
        var criteria = p.Criteria.ToDictionary(c => c.Id);
        for (var i = 0; i < answers.Count; i++)
        {
            v.Check(criteria.ContainsKey(answers[i].CriterionId), $"answers[{i}].criterionId", "Not a criterion of this procedure.");
            v.Check(!string.IsNullOrWhiteSpace(answers[i].Text) && answers[i].Text!.Length <= 50_000, $"answers[{i}].text", "An answer of 1 to 50,000 characters.");
        }
        v.Check(answers.Select(a => a.CriterionId).Distinct().Count() == answers.Count, "answers", "One answer per criterion.");
        foreach (var c in p.Criteria.Where(c => c.Kind != CriterionKind.Price).OrderBy(c => c.Position))
            v.Check(answers.Any(a => a.CriterionId == c.Id), "answers", $"Answer the criterion '{c.Name}'.");
        v.ThrowIfInvalid();
    }

    static void Fill(Bid bid, BidInput input, Guid userId, DateTime now)
    {
        bid.PriceMinor = input.PriceMinor!.Value;
        bid.SubmittedByUserId = userId;
        bid.UpdatedAt = now;
        var answers = input.Answers ?? [];
        bid.Answers.RemoveAll(a => !answers.Any(x => x.CriterionId == a.CriterionId));
        foreach (var a in answers)
        {
            if (bid.Answers.FirstOrDefault(x => x.CriterionId == a.CriterionId) is { } kept) kept.Text = a.Text!.Trim();
            else bid.Answers.Add(new BidAnswer { BidId = bid.Id, CriterionId = a.CriterionId, Text = a.Text!.Trim() });
        }
    }

    async Task SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            throw new ConflictException("Another bid of your company on this lot was saved at the same moment; reload and try again.");
        }
    }
}
