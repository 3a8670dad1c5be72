using System;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace Verifik;

/// <summary>
/// The claims of a Verifik JWT that the module shows or acts on. The signature cannot be checked on the client
/// (the key is Verifik's), so the payload is read for display and expiry only.
/// </summary>
public sealed class JwtClaims
{
    // Verifik's own sign-in app reads expiry values up to here as seconds and larger ones as milliseconds.
    private const long LargestSecondsValue = 100_000_000_000;

    private JwtClaims(string? clientId, string? email, DateTimeOffset? expiresOn, DateTimeOffset? issuedOn)
    {
        ClientId = clientId;
        Email = email;
        ExpiresOn = expiresOn;
        IssuedOn = issuedOn;
    }

    public string? ClientId { get; }

    /// <summary>An email claim that is one bare address; Verifik's own tokens carry none, others' may.</summary>
    public string? Email { get; }

    public DateTimeOffset? ExpiresOn { get; }

    public DateTimeOffset? IssuedOn { get; }

    /// <summary>Reads the payload of a compact JWT; anything that is not one raises Verifik.InvalidToken.</summary>
    public static JwtClaims Read(string jwt)
    {
        if (jwt.Length >= VerifikToken.MaxLength)
        {
            throw Invalid($"it has {jwt.Length} characters, and a token has fewer than {VerifikToken.MaxLength}", null);
        }

        var parts = jwt.Split('.');
        if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0 || parts[2].Length == 0)
        {
            throw Invalid("it does not have the three dot-separated parts of a JWT", null);
        }

        // Nothing but base64url between the dots: a CR/LF, space or other byte would travel into the
        // Authorization header as is (it is added without validation) and could start a header of its own.
        if (!jwt.All(character => character is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.'))
        {
            throw Invalid("it has characters other than the letters, digits, '-' and '_' of base64url between its dots", null);
        }

        byte[] payload;
        try
        {
            payload = Base64Url.Decode(parts[1]);
        }
        catch (FormatException ex)
        {
            throw Invalid("its payload is not base64url", ex);
        }

        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("its payload is not a JSON object", null);
            }

            return new JwtClaims(
                ReadText(root, "clientId") ?? ReadText(root, "sub"),
                ReadAddress(root, "email"),
                ReadInstant(root, "expiresAt") ?? ReadInstant(root, "exp"),
                ReadInstant(root, "iat"));
        }
        catch (JsonException ex)
        {
            throw Invalid("its payload is not JSON", ex);
        }
        catch (InvalidOperationException ex)
        {
            // System.Text.Json parses \uD800 and invalid UTF-8 inside strings, then refuses to read them as text.
            throw Invalid("its payload has text that is not valid Unicode", ex);
        }
    }

    private static VerifikException Invalid(string reason, Exception? inner) => new(
        VerifikErrorKind.InvalidToken,
        $"The access token is not a readable Verifik token: {reason}. Pass the whole accessToken value Verifik returned (it starts with 'eyJ').",
        innerException: inner);

    /// <summary>
    /// A claim shown as it is would reach the console: whoever issued or handed over the token wrote it, and it can
    /// carry terminal controls (an OSC 52 clipboard write), bidi overrides or 48K characters. Every text claim is
    /// cleaned here, where claims are read, so no object, view, message or warning can hold it raw; one that is
    /// nothing once cleaned is no claim.
    /// </summary>
    private static string? ReadText(JsonElement root, string name) =>
        ServerText.Clean(Json.ReadString(root, name)) is { Length: > 0 } text ? text : null;

    private static string? ReadAddress(JsonElement root, string name)
    {
        try
        {
            return ReadText(root, name) is { } text ? InputRules.NormalizeEmail(text) : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static DateTimeOffset? ReadInstant(JsonElement root, string name)
    {
        // Stryker disable once Block : equivalent: without it, the missing claim reads as the default (Undefined) kind, which the switch below also reads as null.
        if (!root.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetDouble(out var number) => FromNumber(number),
            JsonValueKind.String => FromText(value.GetString()!),
            _ => null,
        };
    }

    private static DateTimeOffset? FromText(string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return FromNumber(number);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? instant.ToUniversalTime()
            : null;
    }

    private static DateTimeOffset? FromNumber(double number)
    {
        if (double.IsNaN(number) || double.IsInfinity(number) || number < 0)
        {
            return null;
        }

        var milliseconds = number > LargestSecondsValue ? number : number * 1000;
        return milliseconds > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
            ? null
            : DateTimeOffset.FromUnixTimeMilliseconds((long)milliseconds);
    }
}
