using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Verifik.Emulator;

/// <summary>How a token states its expiry: Verifik's current form, and the older forms clients must still read.</summary>
internal enum ExpiryClaimStyle
{
    ExpiresAt,
    Exp,
    ExpMs,
    ExpString,
    None,
}

/// <summary>Verifik access tokens: issuing them and deciding whether a presented one is still good.</summary>
internal sealed class AccessTokens(Jwt jwt, EmulatorState state)
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(30);

    // Epoch milliseconds pass this in 1973, epoch seconds only in 5138: it tells the two units apart.
    private const double MillisecondsThreshold = 100_000_000_000;
    private static readonly double EarliestMilliseconds = (DateTimeOffset.MinValue - DateTimeOffset.UnixEpoch).TotalMilliseconds;
    private static readonly double LatestMilliseconds = (DateTimeOffset.MaxValue - DateTimeOffset.UnixEpoch).TotalMilliseconds;

    public string Issue(Account account, TimeSpan lifetime, ExpiryClaimStyle style = ExpiryClaimStyle.ExpiresAt)
    {
        var now = state.Now;
        var expiresAt = now + lifetime;
        var payload = new JsonObject
        {
            ["clientId"] = account.ClientId,
            ["p"] = "vk",
            ["JWTPhrase"] = state.GetPhrase(account),
        };
        switch (style)
        {
            case ExpiryClaimStyle.ExpiresAt:
                payload["expiresAt"] = expiresAt.ToUnixTimeSeconds();
                break;
            case ExpiryClaimStyle.Exp:
                payload["exp"] = expiresAt.ToUnixTimeSeconds();
                break;
            case ExpiryClaimStyle.ExpMs:
                payload["exp"] = expiresAt.ToUnixTimeMilliseconds();
                break;
            case ExpiryClaimStyle.ExpString:
                payload["expiresAt"] = Timestamps.Iso(expiresAt);
                break;
            case ExpiryClaimStyle.None:
                break;
        }

        payload["iat"] = now.ToUnixTimeSeconds();
        return jwt.Sign(payload);
    }

    /// <summary>
    /// The account a token belongs to, or null when the header is absent, the signature is not ours, the token has
    /// expired on the emulator clock or its JWTPhrase was revoked. Accepts "Bearer x", "JWT x" and a bare token.
    /// </summary>
    public Account? Authenticate(string? authorization)
    {
        if (string.IsNullOrWhiteSpace(authorization))
        {
            return null;
        }

        var token = authorization.Trim();
        foreach (var scheme in (string[])["Bearer ", "JWT "])
        {
            if (token.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                token = token[scheme.Length..].Trim();
                break;
            }
        }

        var payload = jwt.ReadVerified(token);
        if (payload is null || Text(payload["clientId"]) is not { } clientId || state.FindByClientId(clientId) is not { } account)
        {
            return null;
        }

        return Text(payload["JWTPhrase"]) == state.GetPhrase(account) && IsUnexpired(payload) ? account : null;
    }

    private bool IsUnexpired(JsonObject payload)
    {
        var claim = payload["expiresAt"] ?? payload["exp"];
        if (claim is null)
        {
            return true;
        }

        DateTimeOffset expiresAt;
        switch (claim.GetValueKind())
        {
            case JsonValueKind.Number:
                var number = claim.GetValue<double>();
                var milliseconds = number > MillisecondsThreshold ? number : number * 1000;
                expiresAt = DateTimeOffset.UnixEpoch.AddMilliseconds(Math.Clamp(milliseconds, EarliestMilliseconds, LatestMilliseconds));
                break;
            case JsonValueKind.String when DateTimeOffset.TryParse(
                claim.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed):
                expiresAt = parsed;
                break;
            default:
                return false;
        }

        return expiresAt > state.Now;
    }

    private static string? Text(JsonNode? node) =>
        node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
}
