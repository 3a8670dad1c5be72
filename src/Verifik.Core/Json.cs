using System;
using System.IO;
using System.Text.Json;

namespace Verifik;

/// <summary>Small readers and writers shared by everything that handles Verifik's JSON.</summary>
internal static class Json
{
    /// <summary>The property's value when it is a string; null when it is missing or of another kind.</summary>
    public static string? ReadString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>A JSON object as UTF-8 bytes, written by <paramref name="writeProperties"/>.</summary>
    public static byte[] Object(Action<Utf8JsonWriter> writeProperties)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }
}
