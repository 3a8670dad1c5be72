using System.Text.Json;

namespace Verifik;

/// <summary>Small readers shared by everything that takes values out of Verifik's JSON.</summary>
internal static class Json
{
    /// <summary>The property's value when it is a string; null when it is missing or of another kind.</summary>
    public static string? ReadString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
