using System;
using System.Collections.Generic;
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
    LegacyDate,
    None,
}

/// <summary>Verifik access tokens: issuing them and deciding whether a presented one is still good.</summary>
internal sealed class AccessTokens(Jwt jwt, EmulatorState state)
{
    /// <summary>The names tests and --behaviour use for each style.</summary>
    public static readonly IReadOnlyDictionary<string, ExpiryClaimStyle> ClaimStyles = new Dictionary<string, ExpiryClaimStyle>(StringComparer.OrdinalIgnoreCase)
    {
        ["expiresAt"] = ExpiryClaimStyle.ExpiresAt,
        ["exp"] = ExpiryClaimStyle.Exp,
        ["expMs"] = ExpiryClaimStyle.ExpMs,
        ["expString"] = ExpiryClaimStyle.ExpString,
        ["legacyDate"] = ExpiryClaimStyle.LegacyDate,
        ["none"] = ExpiryClaimStyle.None,
    };

    // Epoch milliseconds pass this in 1973, epoch seconds only in 5138: it tells the two units apart.
    private const double MillisecondsThreshold = 100_000_000_000;
    private static readonly double EarliestMilliseconds = (DateTimeOffset.MinValue - DateTimeOffset.UnixEpoch).TotalMilliseconds;
    private static readonly double LatestMilliseconds = (DateTimeOffset.MaxValue - DateTimeOffset.UnixEpoch).TotalMilliseconds;

    /// <summary>A token for whole calendar months, as Verifik issues them: from the 1st of a 31-day month it lasts 31 days.</summary>
    public string Issue(Account account, int months = 1)
    {
        // One reading of the clock, so iat and the expiry are whole months apart even when a second ticks between.
        var now = state.Now;
        return Issue(account, now.AddMonths(months), state.Behaviour.TokenClaimStyle, now);
    }

    public string Issue(Account account, DateTimeOffset expiresAt, ExpiryClaimStyle style, DateTimeOffset? issuedAt = null)
    {
        var now = issuedAt ?? state.Now;
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
            case ExpiryClaimStyle.LegacyDate:
                // 2022 to early 2024 tokens: "2024-04-21 21:19:56", UTC without a zone.
                payload["expiresAt"] = expiresAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
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
