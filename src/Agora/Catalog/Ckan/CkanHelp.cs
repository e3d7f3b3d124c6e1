using System.Text.Json.Nodes;

namespace Agora.Catalog.Ckan;

/// <summary>What <c>help_show</c> answers: a short description of each action, as CKAN answers
/// with the action function's docstring. Clients such as ckanapi show it as the action's documentation.</summary>
static class CkanHelp
{
    static readonly Dictionary<string, string> Texts = new()
    {
        ["status_show"] = "Return a dictionary with information about the site's configuration.",
        ["site_read"] = "Return True.",
        ["help_show"] = "Return the help string for a particular API action.\n\n:param name: Action function name (eg `package_create`)",
        ["package_list"] = "Return a list of the names of the site's public datasets (packages).\n\n:param limit: the maximum number of datasets per page\n:param offset: when limit is given, the offset to start returning packages from",
        ["package_show"] = "Return the metadata of a dataset (package) and its resources.\n\n:param id: the id or name of the dataset",
        ["package_search"] = "Searches for packages satisfying a given search criteria.\n\n:param q: the Solr-style query (free text, field:value, \"phrases\", AND/OR/NOT, ranges)\n:param fq: a filter query\n:param fq_list: additional filter queries\n:param sort: e.g. 'score desc, metadata_modified desc', 'name asc'\n:param rows: the maximum number of matching rows to return (default 10, at most 1000)\n:param start: the offset in the complete result\n:param facet.field: the fields to facet upon (organization, groups, tags, res_format, license_id, visibility)\n:param facet.limit: the maximum number of values the facet fields return (default 50)\n:param facet.mincount: the minimum count a facet value needs to be returned\n:param include_private: include private datasets the user may read\n:param include_drafts: include the user's draft datasets",
        ["package_create"] = "Create a new dataset (package).\n\n:param name: the name of the new dataset, 2-100 characters of lowercase alphanumerics, - and _\n:param owner_org: the id or name of the organization the dataset belongs to\n:param title, notes, url, version, author, author_email, maintainer, maintainer_email, license_id, private, state, tags, extras, resources, groups",
        ["package_update"] = "Update a dataset (package). The dataset is replaced by what is given: fields left out are cleared.\n\n:param id: the id or name of the dataset",
        ["package_patch"] = "Patch a dataset (package): only the fields given change.\n\n:param id: the id or name of the dataset",
        ["package_delete"] = "Delete a dataset (package): its state becomes 'deleted'.\n\n:param id: the id or name of the dataset",
        ["dataset_purge"] = "Purge a dataset: remove it and its resources completely. Only sysadmins may purge.\n\n:param id: the id or name of the dataset",
        ["resource_show"] = "Return the metadata of a resource.\n\n:param id: the id of the resource",
        ["resource_create"] = "Append a new resource to a dataset. Send a multipart form with an 'upload' file to store the file in Agora.\n\n:param package_id: the id of the dataset\n:param url, name, description, format, mimetype, size, hash, upload",
        ["resource_update"] = "Update a resource: it is replaced by what is given.\n\n:param id: the id of the resource",
        ["resource_patch"] = "Patch a resource: only the fields given change.\n\n:param id: the id of the resource",
        ["resource_delete"] = "Delete a resource from a dataset.\n\n:param id: the id of the resource",
        ["organization_list"] = "Return a list of the names of the site's organizations.\n\n:param all_fields: return full dictionaries instead of names\n:param sort, limit, offset",
        ["organization_show"] = "Return the details of an organization.\n\n:param id: the id or name of the organization\n:param include_datasets: include a truncated list of the organization's datasets",
        ["organization_create"] = "Create a new organization; the caller becomes its admin.\n\n:param name: the name of the organization\n:param title, description, image_url",
        ["organization_update"] = "Update an organization.\n\n:param id: the id or name of the organization",
        ["organization_patch"] = "Patch an organization: only the fields given change.\n\n:param id: the id or name of the organization",
        ["organization_delete"] = "Delete an organization.\n\n:param id: the id or name of the organization",
        ["organization_member_create"] = "Make a user a member of an organization.\n\n:param id: the id or name of the organization\n:param username: name or id of the user\n:param role: admin, editor or member",
        ["group_list"] = "Return a list of the names of the site's groups.\n\n:param all_fields: return full dictionaries instead of names",
        ["group_show"] = "Return the details of a group.\n\n:param id: the id or name of the group",
        ["group_create"] = "Create a new group. Only sysadmins may create groups.\n\n:param name: the name of the group\n:param title, description, image_url",
        ["group_update"] = "Update a group: its title, description and image are replaced by what is given. Only sysadmins may; a group's name cannot change.\n\n:param id: the id or name of the group\n:param title, description, image_url",
        ["group_patch"] = "Patch a group: only the fields given change.\n\n:param id: the id or name of the group",
        ["member_create"] = "Make a dataset a member of a group. Whoever may edit the dataset may file it.\n\n:param id: the id or name of the group\n:param object: the id or name of the dataset\n:param object_type: 'package'\n:param capacity: 'public'",
        ["member_delete"] = "Remove a dataset from a group.\n\n:param id: the id or name of the group\n:param object: the id or name of the dataset\n:param object_type: 'package'",
        ["tag_list"] = "Return a list of the site's tags.\n\n:param query: a tag name query to search for",
        ["license_list"] = "Return the list of licenses available for datasets on the site.",
        ["user_show"] = "Return a user account.\n\n:param id: the id or name of the user",
        ["package_activity_list"] = "Return a package's activity stream, newest first.\n\n:param id: the id or name of the package\n:param limit, offset",
        ["recently_changed_packages_activity_list"] = "Return the activity stream of all recently added or changed packages.\n\n:param limit, offset",
    };

    /// <summary>help_show: the description of the action named by <c>name</c>.</summary>
    public static Task<JsonNode?> ShowAsync(CkanContext c)
    {
        var name = c.Request.String("name");
        if (string.IsNullOrEmpty(name)) throw CkanException.Validation("name", "Missing value");
        if (!CkanActions.All.ContainsKey(name)) throw CkanException.NotFound("Action function not found");
        return Task.FromResult<JsonNode?>(Texts.GetValueOrDefault(name));
    }

    /// <summary>The actions that have no help text yet (a test keeps this empty).</summary>
    public static IEnumerable<string> Missing => CkanActions.All.Keys.Where(k => !Texts.ContainsKey(k));
}
