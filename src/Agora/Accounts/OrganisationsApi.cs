using System.Security.Claims;
using Agora.Storage;
using Agora.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Agora.Accounts;

/// <summary><c>/api/v1/organisations</c>: agencies, companies, universities, NGOs and citizen
/// groups, and who belongs to them. Anyone may read; any signed-in user may create one (and
/// becomes its admin); only its admins or a system administrator change it.</summary>
public static class OrganisationsApi
{
    static readonly Dictionary<string, string> LogoTypes = new()
    {
        ["image/png"] = ".png", ["image/jpeg"] = ".jpg", ["image/webp"] = ".webp", ["image/gif"] = ".gif",
    };
    const long MaxLogoBytes = 2 * 1024 * 1024;

    public static RouteGroupBuilder MapOrganisations(this IEndpointRouteBuilder app)
    {
        var orgs = app.MapGroup("/api/v1/organisations").WithTags("Organisations");

        orgs.MapGet("/", List).WithSummary("List organisations, optionally by kind, level or text");
        orgs.MapGet("/{slug}", async (string slug, AgoraDbContext db, CancellationToken ct) =>
        {
            var org = await Find(db, slug, ct);
            return TypedResults.Ok(OrganisationDto.From(org, await db.Memberships.CountAsync(m => m.OrganisationId == org.Id, ct)));
        }).WithSummary("One organisation");
        orgs.MapPost("/", Create).RequireAuthorization().WithSummary("Create an organisation; the caller becomes its admin");
        orgs.MapPut("/{slug}", Update).RequireAuthorization().WithSummary("Replace an organisation's details (its admins)");
        orgs.MapDelete("/{slug}", Delete).RequireAuthorization(Authentication.SysAdminPolicy).WithSummary("Delete an organisation (system administrators)");

        orgs.MapGet("/{slug}/members", async (string slug, AgoraDbContext db, CancellationToken ct) =>
        {
            var org = await Find(db, slug, ct);
            return TypedResults.Ok(await Members(db, org.Id, ct));
        }).WithSummary("Members and their roles");
        orgs.MapPut("/{slug}/members/{userName}", SetMember).RequireAuthorization().WithSummary("Add a member or change their role (admins)");
        orgs.MapDelete("/{slug}/members/{userName}", RemoveMember).RequireAuthorization().WithSummary("Remove a member (admins, or the member themself)");

        orgs.MapGet("/{slug}/logo", GetLogo).WithSummary("The organisation's logo image");
        orgs.MapPut("/{slug}/logo", PutLogo).RequireAuthorization().DisableAntiforgery()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxLogoBytes))
            .Accepts<Stream>("image/png", "image/jpeg", "image/webp", "image/gif")
            .WithSummary("Upload the logo as the raw request body (PNG, JPEG, WebP or GIF, up to 2 MB)");
        return orgs;
    }

    static async Task<Ok<Page<OrganisationDto>>> List(AgoraDbContext db, CancellationToken ct,
        string? kind = null, string? level = null, string? q = null, int offset = 0, int limit = 50)
    {
        var kindValue = EnumText.Parse<OrganisationKind>(kind, nameof(kind));
        var levelValue = EnumText.Parse<GovernmentLevel>(level, nameof(level));
        if (offset < 0) throw new InvalidInputException("offset", "Must be 0 or more.");
        if (limit is < 1 or > 1000) throw new InvalidInputException("limit", "Must be between 1 and 1000.");
        var (total, items) = await db.Organisations.AsNoTracking().Matching(q, kindValue, levelValue).PageAsync(offset, limit, ct);
        return TypedResults.Ok(new Page<OrganisationDto>(total, offset, limit, items));
    }

    static async Task<Created<OrganisationDto>> Create(OrganisationInput input, ClaimsPrincipal caller, AgoraDbContext db,
        AccountManager accounts, CancellationToken ct)
    {
        var user = await db.Users.FirstAsync(u => u.Id == caller.RequiredUserId(), ct);
        var org = await accounts.CreateOrganisationAsync(input, user, ct);
        return TypedResults.Created($"/api/v1/organisations/{org.Slug}", OrganisationDto.From(org, 1));
    }

    static async Task<Ok<OrganisationDto>> Update(string slug, OrganisationInput input, ClaimsPrincipal caller, AgoraDbContext db,
        AccountManager accounts, CancellationToken ct)
    {
        var org = await FindManaged(db, accounts, caller, slug, ct);
        await accounts.UpdateOrganisationAsync(org, input, ct);
        return TypedResults.Ok(OrganisationDto.From(org, await db.Memberships.CountAsync(m => m.OrganisationId == org.Id, ct)));
    }

    static async Task<NoContent> Delete(string slug, AgoraDbContext db, FileStore files, CancellationToken ct)
    {
        var org = await Find(db, slug, ct);
        db.Organisations.Remove(org);
        await db.SaveChangesAsync(ct);
        files.Delete(org.LogoPath);
        return TypedResults.NoContent();
    }

    static async Task<Ok<MemberDto>> SetMember(string slug, string userName, MemberRequest request, ClaimsPrincipal caller,
        AgoraDbContext db, AccountManager accounts, CancellationToken ct)
    {
        var org = await FindManaged(db, accounts, caller, slug, ct);
        if (request.Role is null) throw new InvalidInputException("role", "Give the role: admin, editor or member.");
        var user = await accounts.FindPersonAsync(caller, userName, ct);
        var membership = await accounts.SetMemberAsync(org, user, request.Role.Value, ct);
        return TypedResults.Ok(new MemberDto(user.Id, user.UserName, user.DisplayName, membership.Role, membership.CreatedAt));
    }

    static async Task<NoContent> RemoveMember(string slug, string userName, ClaimsPrincipal caller, AgoraDbContext db,
        AccountManager accounts, CancellationToken ct)
    {
        var org = await Find(db, slug, ct);
        var leaving = await db.Users.AnyAsync(u => u.Id == caller.RequiredUserId() && u.UserName == userName, ct);
        if (!leaving) await EnsureCanManage(accounts, caller, org, ct);
        var user = await accounts.FindPersonAsync(caller, userName, ct);
        await accounts.RemoveMemberAsync(org, user.Id, ct);
        return TypedResults.NoContent();
    }

    static async Task<Results<FileStreamHttpResult, NotFound>> GetLogo(string slug, AgoraDbContext db, FileStore files, CancellationToken ct)
    {
        var org = await Find(db, slug, ct);
        var stream = org.LogoPath is null ? null : files.OpenRead(org.LogoPath);
        if (stream is null) return TypedResults.NotFound();
        return TypedResults.File(stream, org.LogoContentType ?? "application/octet-stream");
    }

    static async Task<NoContent> PutLogo(string slug, HttpRequest request, ClaimsPrincipal caller, AgoraDbContext db,
        AccountManager accounts, FileStore files, TimeProvider clock, CancellationToken ct)
    {
        var org = await FindManaged(db, accounts, caller, slug, ct);
        await SaveLogoAsync(org, request.ContentType, request.Body, db, files, clock, ct);
        return TypedResults.NoContent();
    }

    /// <summary>Stores a new logo and drops the old one; shared with the web UI's upload form. The
    /// bytes must be the image the content type claims (browsers would otherwise sniff HTML in a "PNG").</summary>
    internal static async Task SaveLogoAsync(Organisation org, string? contentType, Stream body, AgoraDbContext db, FileStore files,
        TimeProvider clock, CancellationToken ct)
    {
        var type = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (type is null || !LogoTypes.TryGetValue(type, out var extension))
            throw new InvalidInputException("logo", "Upload a PNG, JPEG, WebP or GIF image.");

        using var image = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(buffer, ct)) > 0)
        {
            if (image.Length + read > MaxLogoBytes) throw new InvalidInputException("logo", "The logo must be 2 MB or smaller.");
            image.Write(buffer, 0, read);
        }
        if (!LooksLike(type, image.GetBuffer().AsSpan(0, (int)image.Length)))
            throw new InvalidInputException("logo", $"The file is not a {extension.TrimStart('.').ToUpperInvariant()} image.");

        image.Position = 0;
        var path = await files.SaveAsync("logos", extension, image, MaxLogoBytes, ct);
        var old = org.LogoPath;
        org.LogoPath = path;
        org.LogoContentType = type;
        org.UpdatedAt = clock.UtcNow();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            files.Delete(path); // no file without a row that names it
            throw;
        }
        files.Delete(old);
    }

    static bool LooksLike(string type, ReadOnlySpan<byte> bytes) => type switch
    {
        "image/png" => bytes.StartsWith((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        "image/jpeg" => bytes.StartsWith((byte[])[0xFF, 0xD8, 0xFF]),
        "image/gif" => bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8),
        "image/webp" => bytes.Length >= 12 && bytes[..4].SequenceEqual("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8),
        _ => false,
    };

    internal static Task<List<MemberDto>> Members(AgoraDbContext db, Guid organisationId, CancellationToken ct) =>
        db.Memberships.AsNoTracking().Where(m => m.OrganisationId == organisationId)
            .OrderBy(m => m.Role == MembershipRole.Admin ? 0 : m.Role == MembershipRole.Editor ? 1 : 2).ThenBy(m => m.User.DisplayName)
            .Select(m => new MemberDto(m.UserId, m.User.UserName, m.User.DisplayName, m.Role, m.CreatedAt))
            .ToListAsync(ct);

    internal static async Task<Organisation> Find(AgoraDbContext db, string slug, CancellationToken ct) =>
        await db.Organisations.FirstOrDefaultAsync(o => o.Slug == slug, ct) ?? throw new NotFoundException($"No organisation '{slug}'.");

    static async Task<Organisation> FindManaged(AgoraDbContext db, AccountManager accounts, ClaimsPrincipal caller, string slug, CancellationToken ct)
    {
        var org = await Find(db, slug, ct);
        await EnsureCanManage(accounts, caller, org, ct);
        return org;
    }

    internal static async Task<bool> CanManageAsync(AccountManager accounts, ClaimsPrincipal caller, Organisation org, CancellationToken ct) =>
        caller.IsSysAdmin() || (caller.UserId() is { } id && await accounts.RoleInAsync(id, org.Id, ct) == MembershipRole.Admin);

    static async Task EnsureCanManage(AccountManager accounts, ClaimsPrincipal caller, Organisation org, CancellationToken ct)
    {
        if (!await CanManageAsync(accounts, caller, org, ct))
            throw new ForbiddenException($"Only admins of '{org.Slug}' or a system administrator may do this.");
    }
}
