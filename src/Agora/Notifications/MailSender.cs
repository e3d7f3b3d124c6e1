using Agora.Storage;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Agora.Notifications;

/// <summary>The <c>Agora:Mail</c> section: the SMTP server notifications are mailed through. Without a
/// <see cref="Host"/> nothing is sent and the mail waits in the outbox, where administrators read it.</summary>
public sealed class MailOptions
{
    public const string Section = "Agora:Mail";

    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    /// <summary><c>auto</c> (STARTTLS when the server offers it), <c>starttls</c>, <c>tls</c> (implicit, port 465) or <c>none</c>.</summary>
    public string Security { get; set; } = "auto";
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "Agora <agora@localhost>";
    /// <summary>How often each node looks for mail to send.</summary>
    public int PollSeconds { get; set; } = 10;
    /// <summary>After this many failed attempts a mail is left in the outbox for an administrator.</summary>
    public int MaxAttempts { get; set; } = 8;

    public bool Configured => !string.IsNullOrWhiteSpace(Host);

    internal SecureSocketOptions SocketOptions => Security.ToLowerInvariant() switch
    {
        "none" => SecureSocketOptions.None,
        "starttls" => SecureSocketOptions.StartTls,
        "tls" or "ssl" => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}

/// <summary>Sends the outbox through the configured SMTP server (MailKit). Any number of nodes may run
/// it on one database: each mail is claimed with a conditional update before it is sent, so only one
/// node sends it. A failed mail is tried again later, waiting longer each time.</summary>
public sealed class MailSender(IServiceScopeFactory scopes, IOptions<MailOptions> options, TimeProvider clock, ILogger<MailSender> log)
    : BackgroundService
{
    /// <summary>How long a claim holds: a node that dies mid-send leaves the mail to be sent again after it.</summary>
    static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Configured) return;
        var poll = TimeSpan.FromSeconds(Math.Max(1, options.Value.PollSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Wait first: mail queued before a start is as well sent a poll later, and a node starting
                // up has better things to do.
                await Task.Delay(poll, clock, stoppingToken);
                await SendDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Sending mail failed; trying again shortly");
                try { await Task.Delay(poll, clock, stoppingToken); } catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>Sends every mail that is due, one SMTP connection for the lot. Returns how many were sent.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var settings = options.Value;
        if (!settings.Configured) return 0;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AgoraDbContext>();
        var now = clock.UtcNow();
        var due = await db.OutboxMail.AsNoTracking()
            .Where(m => m.SentAt == null && m.NextAttemptAt != null && m.NextAttemptAt <= now)
            .OrderBy(m => m.NextAttemptAt).Take(100).ToListAsync(ct);
        if (due.Count == 0) return 0;

        using var smtp = new SmtpClient();
        var sent = 0;
        foreach (var mail in due)
        {
            var claimed = await db.OutboxMail.Where(m => m.Id == mail.Id && m.SentAt == null && m.NextAttemptAt == mail.NextAttemptAt)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, now + ClaimFor), ct);
            if (claimed == 0) continue; // another node has it
            try
            {
                if (!smtp.IsConnected)
                {
                    await smtp.ConnectAsync(settings.Host!, settings.Port, settings.SocketOptions, ct);
                    if (!string.IsNullOrEmpty(settings.UserName)) await smtp.AuthenticateAsync(settings.UserName, settings.Password ?? "", ct);
                }
                await smtp.SendAsync(Compose(settings, mail), ct);
                await db.OutboxMail.Where(m => m.Id == mail.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.SentAt, clock.UtcNow()).SetProperty(m => m.NextAttemptAt, (DateTime?)null)
                    .SetProperty(m => m.Attempts, mail.Attempts + 1).SetProperty(m => m.LastError, (string?)null), ct);
                sent++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var attempts = mail.Attempts + 1;
                // 1, 2, 4 … minutes, at most six hours apart; after MaxAttempts the mail stays for an administrator.
                DateTime? next = attempts >= settings.MaxAttempts ? null
                    : now + TimeSpan.FromMinutes(Math.Min(360, Math.Pow(2, attempts - 1)));
                var error = e.Message.Length > 2000 ? e.Message[..2000] : e.Message;
                await db.OutboxMail.Where(m => m.Id == mail.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Attempts, attempts).SetProperty(m => m.NextAttemptAt, next)
                    .SetProperty(m => m.LastError, error), ct);
                log.LogWarning("Mail {Id} to {To} not sent (attempt {Attempts}): {Error}", mail.Id, mail.To, attempts, e.Message);
                if (smtp.IsConnected) await smtp.DisconnectAsync(true, CancellationToken.None);
            }
        }
        if (smtp.IsConnected) await smtp.DisconnectAsync(true, ct);
        return sent;
    }

    static MimeMessage Compose(MailOptions settings, OutboxMail mail)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(settings.From));
        message.To.Add(MailboxAddress.Parse(mail.To));
        message.Subject = mail.Subject;
        message.MessageId = $"{mail.Id}@agora";
        message.Body = new TextPart("plain") { Text = mail.Body };
        return message;
    }
}
