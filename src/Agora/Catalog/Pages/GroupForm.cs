using System.Text.Json.Nodes;
using Agora.Catalog.Ckan;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Agora.Catalog.Pages;

/// <summary>The group form's fields, sent to <see cref="GroupManager"/> as group_create's would be.</summary>
public sealed class GroupForm
{
    public string? Name { get; set; }
    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? ImageUrl { get; set; }

    public static GroupForm From(Group g) => new() { Name = g.Name, Title = g.Title, Description = g.Description, ImageUrl = g.ImageUrl };

    public JsonObject ToInput() => new()
    {
        ["name"] = Name ?? "", ["title"] = Title ?? "", ["description"] = Description ?? "", ["image_url"] = ImageUrl ?? "",
    };

    /// <summary>Puts a CKAN validation error's field messages next to the form's fields.</summary>
    public static bool ShowErrors(ModelStateDictionary state, CkanException e)
    {
        if (e.Status != 409) return false;
        foreach (var (field, messages) in e.Error)
        {
            if (field == "__type") continue;
            var key = field switch { "name" => "Form.Name", "title" => "Form.Title", "description" => "Form.Description", "image_url" => "Form.ImageUrl", _ => "" };
            foreach (var message in messages as JsonArray ?? [messages]) state.AddModelError(key, message?.ToString() ?? "Invalid value");
        }
        return true;
    }
}
