using System.Text.Json.Nodes;
using Agora.Accounts;
using Agora.Storage;
using Agora.Web;
using Microsoft.EntityFrameworkCore;

namespace Agora.Catalog.Ckan;

/// <summary>CKAN's organization write actions over Agora's organisations, with Agora's rules: any
/// signed-in user may create one and becomes its admin; its admins change it and its members.</summary>
static class OrganizationActions
{
    public static async Task<JsonNode?> CreateAsync(CkanContext c)
    {
        var caller = c.Request.Caller;
        if (caller.UserId() is not { } userId) throw CkanException.NotAuthorized("Action organization_create requires an authenticated user");
        var db = c.Get<AgoraDbContext>();
        var user = await db.Users.FirstAsync(u => u.Id == userId, c.Cancellation);
        var org = await Translate(() => c.Get<AccountManager>().CreateOrganisationAsync(Input(c.Request, null), user, c.Cancellation));
        return CkanDicts.Organization(org, c.SiteUrl);
    }

    /// <summary>organization_update and organization_patch both keep what is not sent: Agora's
    /// organisations carry fields (kind, level of government) that CKAN clients never send, and
    /// replacing would wipe them.</summary>
    public static async Task<JsonNode?> UpdateAsync(CkanContext c)
    {
        var (org, accounts) = await FindManagedAsync(c);
        await Translate(() => accounts.UpdateOrganisationAsync(org, Input(c.Request, org, keepSlug: org.Slug), c.Cancellation));
        return CkanDicts.Organization(org, c.SiteUrl);
    }

    public static async Task<JsonNode?> DeleteAsync(CkanContext c)
    {
        if (!c.Request.Caller.IsSysAdmin()) throw CkanException.NotAuthorized("Only system administrators delete organisations in Agora");
        var db = c.Get<AgoraDbContext>();
        var org = await FindAsync(db, c.Request.RequiredId(), c.Cancellation);
        if (await db.Datasets.AnyAsync(d => d.OwnerOrgId == org.Id, c.Cancellation))
            throw CkanException.Validation("message", "The organisation still owns datasets; move or purge them first.");
        db.Organisations.Remove(org);
        await db.SaveChangesAsync(c.Cancellation);
        return null;
    }

    public static async Task<JsonNode?> MemberCreateAsync(CkanContext c)
    {
        var (org, accounts) = await FindManagedAsync(c);
        var login = c.Request.String("username") ?? throw CkanException.Validation("username", "Missing value");
        var role = c.Request.String("role")?.ToLowerInvariant() switch
        {
            "admin" => MembershipRole.Admin,
            "editor" => MembershipRole.Editor,
            "member" => MembershipRole.Member,
            null => throw CkanException.Validation("role", "Missing value"),
            var other => throw CkanException.Validation("role", $"role \"{other}\" is not a valid role"),
        };
        var membership = await Translate(async () =>
        {
            var user = await accounts.FindPersonAsync(c.Request.Caller, login, c.Cancellation);
            return await accounts.SetMemberAsync(org, user, role, c.Cancellation);
        });
        return new JsonObject
        {
            ["group_id"] = org.Id.ToString(), ["table_id"] = membership.UserId.ToString(), ["table_name"] = "user",
            ["capacity"] = membership.Role.ToString().ToLowerInvariant(), ["state"] = "active",
        };
    }

    static async Task<(Organisation, AccountManager)> FindManagedAsync(CkanContext c)
    {
        var org = await FindAsync(c.Get<AgoraDbContext>(), c.Request.RequiredId(), c.Cancellation);
        var accounts = c.Get<AccountManager>();
        if (!await OrganisationsApi.CanManageAsync(accounts, c.Request.Caller, org, c.Cancellation))
            throw CkanException.NotAuthorized($"User {CatalogAccess.NameOf(c.Request.Caller)} not authorized to edit organization {org.Id}");
        return (org, accounts);
    }

    static async Task<Organisation> FindAsync(AgoraDbContext db, string key, CancellationToken ct) =>
        (Guid.TryParse(key, out var id)
            ? await db.Organisations.FirstOrDefaultAsync(o => o.Id == id, ct)
            : await db.Organisations.FirstOrDefaultAsync(o => o.Slug == key, ct))
        ?? throw CkanException.NotFound("Organization was not found.");

    /// <summary>CKAN's fields (name = short name, title, description) plus Agora's kind and level,
    /// which CKAN clients do not send: their organisations are companies unless they say otherwise.</summary>
    static OrganisationInput Input(CkanRequest r, Organisation? current, string? keepSlug = null)
    {
        var kind = r.String("kind") is { } k ? Web.EnumText.Parse<OrganisationKind>(k, "kind") : current?.Kind ?? OrganisationKind.Company;
        var level = r.String("level") is { } l ? Web.EnumText.Parse<GovernmentLevel>(l, "level") : current?.Level;
        return new OrganisationInput(
            r.String("title") ?? current?.Name ?? r.String("name") ?? "",
            r.String("name") ?? keepSlug,
            kind, kind == OrganisationKind.PublicAgency ? level : null,
            r.Has("city") ? r.String("city") : current?.City,
            r.Has("country") ? r.String("country") : current?.Country,
            r.Has("website") ? r.String("website") : current?.Website,
            r.Has("description") ? r.String("description") : current?.Description);
    }

    /// <summary>Agora's account rules speak in its own errors; CKAN clients expect CKAN's.</summary>
    static async Task<T> Translate<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (InvalidInputException e)
        {
            var fields = new JsonObject();
            foreach (var (field, messages) in e.Errors)
                fields[field switch { "slug" => "name", "name" => "title", _ => field }] = new JsonArray(messages.Select(m => (JsonNode)m).ToArray());
            throw CkanException.Validation(fields);
        }
        catch (ConflictException e)
        {
            throw CkanException.Validation(e.Message.Contains("name", StringComparison.OrdinalIgnoreCase) ? "name" : "message",
                e.Message.Contains("is taken", StringComparison.Ordinal) ? "Group name already exists in database" : e.Message);
        }
        catch (NotFoundException e)
        {
            throw CkanException.NotFound(e.Message);
        }
        catch (ForbiddenException e)
        {
            throw CkanException.NotAuthorized(e.Message);
        }
    }
}
