using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Agora.Web;

/// <summary>Shows the domain's validation and conflict errors on a form, next to the fields they name.</summary>
public static class PageErrors
{
    /// <summary>Adds the exception's errors to the model state; false for exceptions that are not the user's to fix.</summary>
    public static bool Show(ModelStateDictionary state, Exception e, string? prefix = null)
    {
        switch (e)
        {
            case InvalidInputException invalid:
                foreach (var (field, messages) in invalid.Errors)
                    foreach (var message in messages)
                        state.AddModelError(Key(prefix, field), message);
                return true;
            case ConflictException or NotFoundException or ForbiddenException:
                state.AddModelError(string.Empty, e.Message);
                return true;
            default:
                return false;
        }
    }

    // Domain errors name fields in camelCase ("userName"); form fields are "Input.UserName".
    static string Key(string? prefix, string field)
    {
        var pascal = field.Length == 0 ? field : char.ToUpperInvariant(field[0]) + field[1..];
        return prefix is null ? pascal : $"{prefix}.{pascal}";
    }
}
