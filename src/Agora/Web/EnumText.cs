using System.Text.Json;

namespace Agora.Web;

/// <summary>Enum values in query strings, written as the JSON API writes them ("public-agency").</summary>
public static class EnumText
{
    public static T? Parse<T>(string? text, string field) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var compact = text.Replace("-", "").Replace("_", "");
        if (!int.TryParse(compact, out _) && Enum.TryParse<T>(compact, ignoreCase: true, out var value) && Enum.IsDefined(value))
            return value;
        throw new InvalidInputException(field, $"Unknown value '{text}'. Use one of: {string.Join(", ", Enum.GetValues<T>().Select(Name))}.");
    }

    public static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());
}
