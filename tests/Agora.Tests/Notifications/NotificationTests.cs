using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Agora.Notifications;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Tests.Notifications;

public sealed class NotificationTests(AgoraFactory agora) : IClassFixture<AgoraFactory>
{
    async Task<Guid> UserIdAsync(string userName) =>
        await agora.WithDbAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.Id).FirstAsync());

    async Task NotifyAsync(Guid userId, string title, string? dedupeKey = null)
    {
        await using var scope = agora.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Storage.AgoraDbContext>();
        await scope.ServiceProvider.GetRequiredService<Notifier>()
            .NotifyAsync([userId, userId], "status", title, "The challenge moved on.", "/challenges/clean-sites", dedupeKey);
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task A_notification_is_shown_to_its_user_once_and_queued_as_mail()
    {
        var ana = await agora.CreateUserAsync("notify-ana");
        await NotifyAsync(await UserIdAsync(ana.UserName), "Clean sites is now in dialogue");

        var list = await (await ana.Client.GetAsync("/api/v1/me/notifications")).JsonAsync();
        var item = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal("Clean sites is now in dialogue", item.GetProperty("title").GetString());
        Assert.Equal("/challenges/clean-sites", item.GetProperty("link").GetString());
        var mail = await agora.WithDbAsync(db => db.OutboxMail.Where(m => m.To == "notify-ana@test.example").ToListAsync());
        var queued = Assert.Single(mail);
        Assert.Contains("Clean sites is now in dialogue", queued.Subject);
        Assert.Contains("/challenges/clean-sites", queued.Body);
        Assert.Null(queued.SentAt);
    }

    [Fact]
    public async Task Marking_read_works_for_the_owner_only()
    {
        var ben = await agora.CreateUserAsync("notify-ben");
        var eve = await agora.CreateUserAsync("notify-eve");
        await NotifyAsync(await UserIdAsync(ben.UserName), "A question was answered");
        var id = (await (await ben.Client.GetAsync("/api/v1/me/notifications")).JsonAsync()).GetProperty("items")[0].GetProperty("id").GetString();

        await (await eve.Client.PostAsync($"/api/v1/me/notifications/{id}/read", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(1, (await (await ben.Client.GetAsync("/api/v1/me/notifications?unread=true")).JsonAsync()).GetProperty("total").GetInt32());

        Assert.Equal(HttpStatusCode.NoContent, (await ben.Client.PostAsync($"/api/v1/me/notifications/{id}/read", null)).StatusCode);
        Assert.Equal(0, (await (await ben.Client.GetAsync("/api/v1/me/notifications?unread=true")).JsonAsync()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_reminder_with_a_dedupe_key_reaches_each_user_once()
    {
        var cai = await agora.CreateUserAsync("notify-cai");
        var id = await UserIdAsync(cai.UserName);
        await NotifyAsync(id, "Answers due soon", dedupeKey: "round-deadline:test");
        await NotifyAsync(id, "Answers due soon", dedupeKey: "round-deadline:test");
        Assert.Equal(1, await agora.WithDbAsync(db => db.Notifications.CountAsync(n => n.UserId == id)));
    }

    [Fact]
    public async Task Notifications_need_a_signed_in_caller_and_the_outbox_an_administrator()
    {
        var dan = await agora.CreateUserAsync("notify-dan");
        await (await agora.Anonymous().GetAsync("/api/v1/me/notifications")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await dan.Client.GetAsync("/api/v1/admin/mail")).AssertProblemAsync(HttpStatusCode.Forbidden);
        var outbox = await (await agora.Admin().GetAsync("/api/v1/admin/mail?sent=false")).JsonAsync();
        Assert.True(outbox.GetProperty("total").GetInt32() >= 0);
        await (await dan.Client.GetAsync("/api/v1/me/notifications?limit=0")).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Without_an_SMTP_server_mail_waits_in_the_outbox_page()
    {
        var eli = await agora.CreateUserAsync("notify-eli");
        await NotifyAsync(await UserIdAsync(eli.UserName), "Outbox only");
        Assert.Equal(0, await agora.Services.GetRequiredService<MailSender>().SendDueAsync(default));

        var browser = agora.Browser();
        await browser.SignInAsync("admin@test.example", AgoraFactory.AdminPassword);
        var page = await (await browser.GetAsync("/admin/mail")).Content.ReadAsStringAsync();
        Assert.Contains("No SMTP server is configured", page);
        Assert.Contains("[Agora] Outbox only", page);

        var own = agora.Browser();
        await own.SignInAsync(eli.UserName, eli.Password);
        Assert.Contains("Outbox only", await (await own.GetAsync("/notifications")).Content.ReadAsStringAsync());
        var refused = await own.GetAsync("/admin/mail");
        Assert.StartsWith("/denied", refused.Headers.Location?.PathAndQuery ?? $"{(int)refused.StatusCode}");
    }
}

/// <summary>An Agora whose mail goes to an SMTP server on a loopback port.</summary>
public sealed class SmtpAgoraFactory : AgoraFactory
{
    public SmtpSink Sink { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Agora:Mail:Host", "127.0.0.1");
        builder.UseSetting("Agora:Mail:Port", Sink.Port.ToString());
        builder.UseSetting("Agora:Mail:Security", "none");
        builder.UseSetting("Agora:Mail:From", "Agora Aldport <agora@aldport.example>");
        builder.UseSetting("Agora:Mail:PollSeconds", "3600"); // the tests send by hand
    }
}

public sealed class MailDeliveryTests(SmtpAgoraFactory agora) : IClassFixture<SmtpAgoraFactory>
{
    async Task QueueAsync(string to, string subject)
    {
        await agora.WithDbAsync(async db =>
        {
            var now = Storage.Clock.UtcNow(agora.Clock);
            db.OutboxMail.Add(new OutboxMail { To = to, Subject = subject, Body = "Body text", CreatedAt = now, NextAttemptAt = now });
            return await db.SaveChangesAsync();
        });
    }

    [Fact]
    public async Task Queued_mail_is_sent_through_the_configured_SMTP_server_once()
    {
        await QueueAsync("supplier@firm.example", "Tenders due soon");
        var sender = agora.Services.GetRequiredService<MailSender>();
        Assert.True(await sender.SendDueAsync(default) >= 1);
        Assert.Equal(0, await sender.SendDueAsync(default));

        var (from, to, data) = Assert.Single(agora.Sink.Received, r => r.Data.Contains("Tenders due soon"));
        Assert.Equal("agora@aldport.example", from);
        Assert.Equal(["supplier@firm.example"], to);
        var stored = await agora.WithDbAsync(db => db.OutboxMail.SingleAsync(m => m.Subject == "Tenders due soon"));
        Assert.NotNull(stored.SentAt);
        Assert.Null(stored.LastError);
    }

    [Fact]
    public async Task A_refused_recipient_leaves_the_mail_queued_with_the_reason_and_a_later_attempt()
    {
        await QueueAsync("not an address", "Broken address");
        await agora.Services.GetRequiredService<MailSender>().SendDueAsync(default);
        var stored = await agora.WithDbAsync(db => db.OutboxMail.SingleAsync(m => m.Subject == "Broken address"));
        Assert.Null(stored.SentAt);
        Assert.Equal(1, stored.Attempts);
        Assert.NotNull(stored.LastError);
        Assert.True(stored.NextAttemptAt > agora.Clock.GetUtcNow().UtcDateTime);
    }
}

public sealed class DeadlineReminderTests(AgoraFactory agora) : IClassFixture<AgoraFactory>
{
    [Fact]
    public async Task Registered_suppliers_hear_of_an_answers_deadline_two_days_ahead_once()
    {
        var agency = await agora.CreateUserAsync("remind-agency");
        var supplier = await agora.CreateUserAsync("remind-supplier");
        var bystander = await agora.CreateUserAsync("remind-bystander");
        (await agency.Client.PostAsJsonAsync("/api/v1/organisations",
            new { name = "Remind City", slug = "remind-city", kind = "public-agency", level = "municipal" })).EnsureSuccessStatusCode();
        (await supplier.Client.PostAsJsonAsync("/api/v1/organisations",
            new { name = "Remind Machines", slug = "remind-machines", kind = "company" })).EnsureSuccessStatusCode();
        var now = Storage.Clock.UtcNow(agora.Clock);
        await agora.WithDbAsync(async db =>
        {
            var city = await db.Organisations.SingleAsync(o => o.Slug == "remind-city");
            var firm = await db.Organisations.SingleAsync(o => o.Slug == "remind-machines");
            var supplierId = await db.Users.Where(u => u.UserName == "remind-supplier").Select(u => u.Id).SingleAsync();
            var challenge = new Agora.Challenges.Challenge
            {
                Slug = "remind-challenge", Title = "Quiet sites", Ocid = "ocds-agora0-ch-remind", LeadOrgId = city.Id,
                Status = Agora.Challenges.ChallengeStatus.Dialogue, CreatedAt = now, UpdatedAt = now,
            };
            var round = new Agora.Challenges.DialogueRound
            {
                ChallengeId = challenge.Id, Number = 1, Title = "First round", OpensAt = now.AddDays(-10),
                AnswersDeadline = now.AddDays(5), PublishedAt = now.AddDays(-10), CreatedAt = now,
            };
            db.AddRange(challenge, round, new Agora.Challenges.DialogueInterest
            {
                RoundId = round.Id, OrganisationId = firm.Id, UserId = supplierId, Size = Agora.Challenges.CompanySize.Small, RegisteredAt = now,
            });
            return await db.SaveChangesAsync();
        });
        var reminders = agora.Services.GetRequiredService<DeadlineReminders>();

        Assert.Equal(0, await reminders.RunOnceAsync(default)); // five days ahead: too early
        agora.Clock.Advance(TimeSpan.FromDays(3.5));
        Assert.Equal(1, await reminders.RunOnceAsync(default));
        Assert.Equal(0, await reminders.RunOnceAsync(default)); // told once

        var mine = await (await supplier.Client.GetAsync("/api/v1/me/notifications")).JsonAsync();
        var notice = Assert.Single(mine.GetProperty("items").EnumerateArray());
        Assert.Equal("deadline", notice.GetProperty("kind").GetString());
        Assert.Equal("/challenges/remind-challenge/dialogue", notice.GetProperty("link").GetString());
        Assert.Equal(0, (await (await bystander.Client.GetAsync("/api/v1/me/notifications")).JsonAsync()).GetProperty("total").GetInt32());
        Assert.Equal(0, (await (await agency.Client.GetAsync("/api/v1/me/notifications")).JsonAsync()).GetProperty("total").GetInt32());
    }
}
