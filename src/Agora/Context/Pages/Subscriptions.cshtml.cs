using System.Text.Json.Nodes;
using Agora.Accounts;
using Agora.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Agora.Context.Pages;

/// <summary>The broker's subscriptions and how their notifications fare, read-only. Only system
/// administrators see it: a notification endpoint often carries a receiver's key in its address,
/// and subscriptions have no owner to show them to instead.</summary>
[Authorize(Policy = Authentication.SysAdminPolicy)]
public sealed class SubscriptionsModel(AgoraDbContext db) : PageModel
{
    public sealed record Row(string Id, string? Description, string? Endpoint, bool IsActive, DateTime? ExpiresAt, long TimesSent, long TimesFailed,
        DateTime? LastSuccess, DateTime? LastFailure, string? Reason);

    public string Tenant { get; private set; } = "";
    public List<Row> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? tenant, CancellationToken ct)
    {
        if (!ContextWeb.TryTenant(tenant, out var t)) return BadRequest();
        Tenant = t;
        var subscriptions = await db.NgsiSubscriptions.AsNoTracking().Where(s => s.Tenant == Tenant).OrderBy(s => s.Id).Take(1000).ToListAsync(ct);
        Rows = subscriptions.Select(s =>
        {
            JsonNode? doc = null;
            try { doc = JsonNode.Parse(s.Doc); } catch (System.Text.Json.JsonException) { }
            var endpoint = ContextWeb.Member(ContextWeb.Member(doc, "notification"), "endpoint");
            return new Row(s.Id, ContextWeb.MemberText(doc, "description"), ContextWeb.MemberText(endpoint, "uri"), s.IsActive, s.ExpiresAt,
                s.TimesSent, s.TimesFailed, s.LastSuccess, s.LastFailure, s.LastFailureReason);
        }).ToList();
        return Page();
    }
}
