using System;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Verifik;

/// <summary>
/// Turns Verifik's documented bodies into module objects and its errors into VerifikExceptions. Pure functions
/// over bytes, so every documented body and every malformed one is unit-tested without a server.
/// </summary>
internal static partial class ResponseMapper
{
    public static VerifikOtpRequest ToOtpRequest(ApiResponse response, string what)
    {
        using var document = Parse(response, what);
        var data = RequireData(document, what);
        return new VerifikOtpRequest
        {
            Email = Text(data, "email"),
            Phone = Text(data, "phone"),
            CountryCode = Text(data, "countryCode"),
            Gateway = Text(data, "phoneGateway"),
            Status = Text(data, "status"),
            ExpiresAt = ReadDate(data, "expiresAt"),
            ValidationMethod = Text(data, "validationMethod"),
            Requires2FA = data.TryGetProperty("requires2FA", out var twoFactor) && twoFactor.ValueKind == JsonValueKind.True,
            Id = Text(data, "_id"),
            ClientId = Text(data, "client"),
            ProjectId = Text(data, "project"),
            ProjectFlowId = Text(data, "projectFlow"),
        };
    }

    /// <summary>A text field of an answer, through the gate every server-supplied text passes.</summary>
    private static string? Text(JsonElement element, string name) => ServerText.Clean(Json.ReadString(element, name));

    /// <summary>
    /// The JWT from a sign-in confirmation (wrapped in data, as an object or, in older answers, as the bare string)
    /// or a renewal (not wrapped). A confirmation of a
    /// two-factor account that lacked the authenticator code answers 200 with a message instead of a token.
    /// </summary>
    public static string ToAccessToken(ApiResponse response, string what, bool wrappedInData, params string?[] secrets)
    {
        using var document = Parse(response, what);
        // Verifik's 2023 answers carried the JWT itself as data: {"data": "<JWT>"}.
        if (wrappedInData && document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("data", out var bare) && bare.ValueKind == JsonValueKind.String
            && bare.GetString() is { Length: > 0 } bareToken)
        {
            return bareToken;
        }

        var holder = wrappedInData ? RequireData(document, what) : document.RootElement;
        if (!wrappedInData && holder.ValueKind == JsonValueKind.Object && !holder.TryGetProperty("accessToken", out _)
            && holder.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
        {
            holder = data;
        }

        if (holder.ValueKind == JsonValueKind.Object)
        {
            if (Json.ReadString(holder, "accessToken") is { Length: > 0 } token)
            {
                return token;
            }

            if (Json.ReadString(holder, "token") is { Length: > 0 } renewed)
            {
                return renewed;
            }

            if (wrappedInData && (holder.TryGetProperty("requires2FA", out _) || holder.TryGetProperty("message", out _)))
            {
                throw new VerifikException(
                    VerifikErrorKind.AuthenticatorOtpRequired,
                    "The code was right, and this account also needs the 6-digit code from its authenticator app.",
                    response.StatusCode,
                    apiMessage: ServerText.Clean(Json.ReadString(holder, "message"), secrets));
            }
        }

        throw Invalid(what, response, "it has no accessToken");
    }

    /// <summary>Any JSON answer, for endpoints the module does not know the shape of.</summary>
    public static JsonDocument ParseAny(ApiResponse response, string what) => Parse(response, what);

    private static JsonDocument Parse(ApiResponse response, string what)
    {
        if (response.Body.Length == 0)
        {
            throw Invalid(what, response, "the body is empty");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(response.Body);
        }
        catch (JsonException ex)
        {
            throw Invalid(what, response, "the body is not valid JSON", ex);
        }

        try
        {
            EnsureReadable(document.RootElement);
            return document;
        }
        catch (InvalidOperationException ex)
        {
            // Stryker disable once Statement : equivalent: only when the memory goes back to the pool changes, nothing a caller sees.
            document.Dispose();
            throw Invalid(what, response, "it has text that is not valid Unicode", ex);
        }
    }

    /// <summary>
    /// System.Text.Json accepts an escaped lone surrogate (\uD800) or invalid UTF-8 inside a string and fails only
    /// when that string or name is read. Reading each one once here means no reader after Parse can fail that way.
    /// </summary>
    private static void EnsureReadable(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    _ = property.Name;
                    EnsureReadable(property.Value);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    EnsureReadable(item);
                }

                break;
            case JsonValueKind.String:
                _ = element.GetString();
                break;
        }
    }

    private static JsonElement RequireData(JsonDocument document, string what)
    {
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object
            && root.TryGetProperty("data", out var data)
            && data.ValueKind == JsonValueKind.Object)
        {
            return data;
        }

        throw new VerifikException(
            VerifikErrorKind.InvalidResponse,
            $"Verifik's answer to {what} has no 'data' object, so it is not the documented answer. Check the base URI points at the Verifik API.");
    }

    private static VerifikException Invalid(string what, ApiResponse response, string reason, Exception? inner = null) => new(
        VerifikErrorKind.InvalidResponse,
        $"Verifik's answer to {what} is not the documented JSON: {reason} ({response.StatusCode}, {response.MediaType ?? "no content type"}, {response.Body.Length} bytes). Check the base URI points at the Verifik API.",
        response.StatusCode,
        innerException: inner);


    private static string? ReadScalar(JsonElement element, string name)
    {
        // Stryker disable once Block : equivalent: without it, the missing property reads as the default (Undefined) kind, which the switch below also reads as null.
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => null,
        };
    }

    private static DateTimeOffset? ReadDate(JsonElement element, string name) =>
        Json.ReadString(element, name) is { } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value.ToUniversalTime()
            : null;
}
