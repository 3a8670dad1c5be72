using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Verifik.Emulator.Endpoints;

/// <summary>Lenient reading of request bodies, done by hand so malformed input gets Verifik's error, not ASP.NET's.</summary>
internal static class RequestJson
{
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement;

    /// <summary>The body as a JSON object (an empty body counts as <c>{}</c>), or null when it is not one.</summary>
    public static async Task<JsonElement?> ReadObjectAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        if (string.IsNullOrWhiteSpace(text))
        {
            return EmptyObject;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A non-blank string, or a number's digits since clients often send codes as numbers; else null.</summary>
    public static string? Text(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var value))
        {
            return null;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    public static bool IsTrue(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    /// <summary>A non-blank query parameter, trimmed; else null.</summary>
    public static string? Query(HttpRequest request, string name)
    {
        var value = request.Query[name].ToString();
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
