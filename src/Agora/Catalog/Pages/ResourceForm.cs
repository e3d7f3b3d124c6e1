using System.Text.Json.Nodes;
using Agora.Catalog.Ckan;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Agora.Catalog.Pages;

/// <summary>The fields of the resource forms. The file comes as the multipart part "upload", as it does
/// to resource_create, and goes through the same DatasetManager code and upload limit.</summary>
public sealed class ResourceForm
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? Format { get; set; }

    /// <summary>A link to the data, for a resource that is not uploaded.</summary>
    public string? Url { get; set; }

    /// <summary>What the fields partial shows: the form, the resource being edited (if any), the upload limit.</summary>
    public sealed record View(ResourceForm Form, Resource? Current, long MaxUploadBytes);

    public static ResourceForm From(Resource r) => new()
    {
        Name = r.Name, Description = r.Description, Format = r.Format, Url = r.UrlType == "upload" ? null : r.Url,
    };

    public JsonObject ToInput() => new()
    {
        ["name"] = Name?.Trim() ?? "",
        ["description"] = Description ?? "",
        ["format"] = Format?.Trim() ?? "",
    };

    static readonly Dictionary<string, string> FieldOf = new()
    {
        ["name"] = "Form.Name", ["description"] = "Form.Description", ["format"] = "Form.Format", ["url"] = "Form.Url", ["upload"] = "Upload",
    };

    public static void ShowErrors(ModelStateDictionary state, CkanException e)
    {
        foreach (var (key, value) in e.Error)
        {
            if (key is "__type" or "message") continue;
            var field = FieldOf.GetValueOrDefault(key, "");
            foreach (var message in value is JsonArray list ? list.Select(m => m?.ToString() ?? "") : [value?.ToString() ?? ""])
                state.AddModelError(field, field.Length == 0 ? $"{key}: {message}" : message);
        }
    }

    /// <summary>"100 MB", "512 KB": the upload limit as people read it.</summary>
    public static string Size(long bytes) => bytes switch
    {
        >= 1024 * 1024 => $"{bytes / (1024.0 * 1024):0.#} MB",
        >= 1024 => $"{bytes / 1024.0:0.#} KB",
        _ => $"{bytes} bytes",
    };
}
