using System;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Verifik;

/// <summary>
/// Turns Verifik's documented bodies into module objects and its errors into VerifikExceptions. Pure functions
/// over bytes, so every documented body and every malformed one is unit-tested without a server.
/// </summary>
internal static class ResponseMapper
{
    public static VerifikOtpRequest ToOtpRequest(ApiResponse response, string what)
    {
        using var document = Parse(response, what);
        var data = RequireData(document, what);
        return new VerifikOtpRequest
        {
            Email = Json.ReadString(data, "email"),
            Phone = Json.ReadString(data, "phone"),
            CountryCode = Json.ReadString(data, "countryCode"),
            Gateway = Json.ReadString(data, "phoneGateway"),
            Status = Json.ReadString(data, "status"),
            ExpiresAt = ReadDate(data, "expiresAt"),
            ValidationMethod = Json.ReadString(data, "validationMethod"),
            Requires2FA = data.TryGetProperty("requires2FA", out var twoFactor) && twoFactor.ValueKind == JsonValueKind.True,
            Id = Json.ReadString(data, "_id"),
            ClientId = Json.ReadString(data, "client"),
            ProjectId = Json.ReadString(data, "project"),
            ProjectFlowId = Json.ReadString(data, "projectFlow"),
        };
    }

    /// <summary>
    /// The JWT from a sign-in confirmation (wrapped in data) or a renewal (not wrapped). A confirmation of a
    /// two-factor account that lacked the authenticator code answers 200 with a message instead of a token.
    /// </summary>
    public static string ToAccessToken(ApiResponse response, string what, bool wrappedInData, params string?[] secrets)
    {
        using var document = Parse(response, what);
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
                    "The code was right, and this account also needs the 6-digit code from its authenticator app. Run Confirm-VerifikOtp again with -AuthenticatorOtp.",
                    response.StatusCode,
                    apiMessage: Redact(Json.ReadString(holder, "message"), secrets));
            }
        }

        throw Invalid(what, response, "it has no accessToken");
    }

    /// <summary>Maps a non-success answer. <paramref name="secrets"/> are removed from Verifik's message in case it echoes them.</summary>
    public static VerifikException ToError(ApiResponse response, ApiOperation operation, string what, string? subject, params string?[] secrets)
    {
        var (apiCode, apiMessage) = ReadErrorBody(response);
        apiMessage = Redact(apiMessage, secrets);
        apiCode = Redact(apiCode, secrets);
        var status = response.StatusCode;
        var said = apiMessage is null ? $"{status}" : $"{status} {Flatten(apiMessage)}";
        var who = subject ?? "this account";

        VerifikException Error(VerifikErrorKind kind, string message) => new(kind, message, status, apiCode, apiMessage);

        var isAuthenticatorMessage = apiMessage?.IndexOf("authenticator", StringComparison.OrdinalIgnoreCase) >= 0;
        return (status, operation) switch
        {
            (404, ApiOperation.RequestOtp) when subject?.Contains("@") == true => Error(VerifikErrorKind.InvalidEmail,
                $"Verifik has no account for {who} ({said}). Check the address, or sign up at https://app.verifik.co first."),
            (404, ApiOperation.RequestOtp) => Error(VerifikErrorKind.InvalidPhone,
                $"Verifik has no account for the phone number {who} ({said}). Check the number and its country code."),
            (400, ApiOperation.RequestOtp) when apiMessage?.IndexOf("phone", StringComparison.OrdinalIgnoreCase) >= 0 => Error(VerifikErrorKind.InvalidPhone,
                $"Verifik did not accept the phone number {who} ({said}). Give the national number in -Phone and the country code, such as +57, in -CountryCode."),
            (404, ApiOperation.ConfirmOtp) => Error(VerifikErrorKind.OtpNotFound,
                $"No code is waiting to be confirmed for {who} ({said}); each code can be used once. Request one with Request-VerifikOtp, then confirm it."),
            (412, ApiOperation.ConfirmOtp) => Error(VerifikErrorKind.OtpExpired,
                $"The code for {who} has expired ({said}); codes are valid for 10 minutes. Request a new one with Request-VerifikOtp."),
            (400, ApiOperation.ConfirmOtp) when isAuthenticatorMessage => Error(VerifikErrorKind.InvalidAuthenticatorOtp,
                $"Verifik rejected the authenticator-app code for {who} ({said}). Use the current 6-digit code from the authenticator app and confirm again."),
            (400, ApiOperation.ConfirmOtp) => Error(VerifikErrorKind.InvalidOtp,
                $"Verifik rejected the code for {who} ({said}). Check the code in the latest message and confirm again, or request a new one with Request-VerifikOtp."),
            (409, _) => Error(VerifikErrorKind.MissingParameter,
                $"Verifik says a parameter is missing from {what} ({Flatten(said)}). Supply it and try again."),
            (401, _) => Error(VerifikErrorKind.Unauthorized,
                $"Verifik refused the token for {what} ({said}). Sign in again with Request-VerifikOtp and Confirm-VerifikOtp, or renew the token before it expires."),
            _ => Error(VerifikErrorKind.ApiError,
                $"Verifik answered {what} with {status} {response.ReasonPhrase}{Describe(apiCode, apiMessage, response)}{(response.Attempts > 1 ? $", after {response.Attempts} attempts" : string.Empty)}. {NextStep(status)}"),
        };
    }

    private static string NextStep(int status) => status switch
    {
        429 => "Too many requests: wait a little and try again.",
        >= 500 => "The service or a proxy in between failed: try again later.",
        _ => "Check the request's parameters.",
    };

    private static string Describe(string? apiCode, string? apiMessage, ApiResponse response)
    {
        if (apiCode is null && apiMessage is null)
        {
            return response.Body.Length == 0
                ? " and an empty body"
                : $" and a body that is not Verifik's JSON ({response.MediaType ?? "no content type"}, {response.Body.Length} bytes)";
        }

        return $": {Flatten(apiCode ?? "no code")}: {Flatten(apiMessage ?? "no message")}";
    }

    private static (string? Code, string? Message) ReadErrorBody(ApiResponse response)
    {
        try
        {
            using var document = JsonDocument.Parse(response.Body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            var code = ReadScalar(root, "code");
            var error = ReadScalar(root, "error");
            var message = ReadScalar(root, "message") ?? error ?? code;
            return (code ?? error, message);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return (null, null);
        }
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

    private static string Flatten(string text) => text.Replace("\r", string.Empty).Replace("\n", " ").Trim();

    private static string? Redact(string? text, string?[] secrets)
    {
        if (text is null)
        {
            return null;
        }

        var builder = new StringBuilder(text);
        foreach (var secret in secrets)
        {
            if (!string.IsNullOrEmpty(secret))
            {
                builder.Replace(secret, "***");
            }
        }

        return builder.ToString();
    }
}
