using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Agora.Web.Pages;

public sealed class ModuleModel : PageModel
{
    public Module Module { get; private set; } = null!;

    public IActionResult OnGet(string slug)
    {
        var module = Module.All.FirstOrDefault(m => m.Slug == slug);
        if (module is null) return NotFound();
        if (module.Available) return Redirect(module.Link);
        Module = module;
        return Page();
    }
}
