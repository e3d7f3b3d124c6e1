using Agora.Accounts;
using Agora.Catalog.Ckan;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Agora.Catalog.Pages;

/// <summary>What the catalogue's pages share: finding the dataset an address names, as the caller may see it.</summary>
static class DatasetPages
{
    /// <summary>The dataset, or the answer to give instead: not found, sign in, or not allowed (also when
    /// <paramref name="toEdit"/> and the caller may read but not change it).</summary>
    public static async Task<(Dataset? Dataset, IActionResult? Refused)> FindAsync(PageModel page, DatasetManager datasets,
        CatalogAccess access, string name, bool toEdit, CancellationToken ct)
    {
        Dataset dataset;
        try
        {
            dataset = await datasets.FindReadableAsync(name, page.User, ct);
        }
        catch (CkanException e) when (e.Status == 404)
        {
            return (null, page.NotFound());
        }
        catch (CkanException)
        {
            return (null, Refuse(page));
        }
        if (toEdit && !await access.CanEditAsync(page.User, dataset.OwnerOrgId, ct)) return (null, Refuse(page));
        return (dataset, null);
    }

    /// <summary>Anonymous callers are sent to sign in; signed-in ones are told they may not.</summary>
    public static IActionResult Refuse(PageModel page) => page.User.UserId() is null ? page.Challenge() : page.Forbid();

    /// <summary>The address of an uploaded file, or the link itself if it is one a browser may safely follow.</summary>
    public static string? Href(Dataset d, Resource r) => r.UrlType == "upload"
        ? CkanDicts.DownloadUrl("", d.Id, r.Id, r.Url)
        : Uri.TryCreate(r.Url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "ftp" ? r.Url : null;
}
