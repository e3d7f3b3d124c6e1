namespace Agora.Notifications;

/// <summary>A message to one user, shown in the web UI (the bell) until read, and mailed to them.</summary>
public sealed class Notification
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid UserId { get; set; }
    /// <summary>"status", "deadline", "question", "answer", "signature", "bid"…</summary>
    public required string Kind { get; set; }
    public required string Title { get; set; }
    public string? Body { get; set; }
    /// <summary>Where in the web UI the matter is (a path such as /challenges/clean-sites).</summary>
    public string? Link { get; set; }
    /// <summary>Set for reminders that must be sent once only (a deadline reminder per round and user).</summary>
    public string? DedupeKey { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ReadAt { get; set; }
}

/// <summary>An e-mail waiting to be sent, or sent. Without an SMTP server configured, mail stays here
/// and the administrator reads it at /admin/mail.</summary>
public sealed class OutboxMail
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string To { get; set; }
    public required string Subject { get; set; }
    public required string Body { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? SentAt { get; set; }
    public int Attempts { get; set; }
    public DateTime? NextAttemptAt { get; set; }
    public string? LastError { get; set; }
}
