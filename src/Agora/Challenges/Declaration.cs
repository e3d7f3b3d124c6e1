using Agora.Accounts;

namespace Agora.Challenges;

/// <summary>A joint declaration: agencies state together what they will require of the market (for
/// instance emission-free construction machinery from a date). Open for signature once published.</summary>
public sealed class Declaration
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ChallengeId { get; set; }
    public Challenge Challenge { get; set; } = null!;
    public required string Title { get; set; }
    /// <summary>The text every signatory signs, in Markdown; fixed once the first signature is on it.</summary>
    public required string Text { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? PublishedAt { get; set; }
    public List<DeclarationSignature> Signatures { get; } = [];
}

/// <summary>One agency's signature and its own commitment.</summary>
public sealed class DeclarationSignature
{
    public Guid DeclarationId { get; set; }
    public Guid OrganisationId { get; set; }
    public Organisation Organisation { get; set; } = null!;
    public required string Commitment { get; set; }
    public DateOnly? EffectiveFrom { get; set; }
    public Guid SignedByUserId { get; set; }
    /// <summary>Name and title of the signatory as printed on the declaration.</summary>
    public required string SignatoryName { get; set; }
    public string? SignatoryTitle { get; set; }
    public DateTime SignedAt { get; set; }
}

/// <summary>A document attached to a challenge, a dialogue round, a declaration, a procedure or a bid:
/// either an uploaded file (in the file store) or a link. <see cref="DocumentType"/> is from OCDS's
/// documentType codelist. Who may read it follows what it is attached to; a bid's documents are sealed
/// like the bid.</summary>
public sealed class Attachment
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid? ChallengeId { get; set; }
    public Guid? RoundId { get; set; }
    public Guid? DeclarationId { get; set; }
    public Guid? ProcedureId { get; set; }
    public Guid? BidId { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public required string DocumentType { get; set; }
    public string? Url { get; set; }
    public string? FilePath { get; set; }
    public string? ContentType { get; set; }
    public long? Size { get; set; }
    public string? Language { get; set; }
    public Guid? UploadedByUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ModifiedAt { get; set; }
}
