using Agora.Context.JsonLd;
using Agora.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Agora.Context.Pages;

/// <summary>The live data overview: the entity types of a tenant, how many entities each has and their attributes.</summary>
public sealed class IndexModel(AgoraDbContext db, ContextResolver resolver) : PageModel
{
    public string Tenant { get; private set; } = "";
    public List<TypeSummary> Types { get; private set; } = [];
    public List<string> Tenants { get; private set; } = [];
    public LdContext Core => resolver.Core;

    public async Task<IActionResult> OnGetAsync(string? tenant, CancellationToken ct)
    {
        if (!ContextWeb.TryTenant(tenant, out var t)) return BadRequest();
        Tenant = t;
        Types = await ContextWeb.TypesAsync(db, resolver.Core, Tenant, ct);
        Tenants = await ContextWeb.TenantsAsync(db, ct);
        return Page();
    }
}
