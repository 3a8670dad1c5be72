using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;

namespace Verifik.Emulator;

/// <summary>
/// The answers that Verifik's sources disagree on, or that depend on things a test cannot arrange on the real
/// service (a provider outage, the cooldown). Each can be switched at startup (--behaviour name=value) or at run time
/// (POST /_emulator/behaviour); a reset goes back to the startup values. The defaults model the real API as the
/// login page documents it, cooldown included.
/// </summary>
public sealed record EmulatorBehaviour
{
    /// <summary>The names and values <see cref="With"/> accepts, for the usage text and error answers.</summary>
    public static readonly IReadOnlyDictionary<string, string> Choices = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["cooldownSeconds"] = "whole seconds, 0 turns the cooldown off (default 120)",
        ["wrongOtp"] = "invalid_otp (400, default) | otp_does_not_match (403)",
        ["expiredBody"] = "PreconditionFailed (default) | validationCode",
        ["usedCode"] = "not_found (404, default) | already_validated (409)",
        ["confirmShape"] = "object (default) | bare_string",
        ["failingGateways"] = "comma-separated email, sms, whatsapp (default none)",
        ["tokenClaims"] = "expiresAt (default) | exp | expMs | expString | legacyDate | none",
    };

    /// <summary>Seconds after a code is sent during which another for the same address or number gets 409 otp_recently_sent.</summary>
    public int CooldownSeconds { get; init; } = 120;

    /// <summary>invalid_otp: 400 as the login page shows; otp_does_not_match: 403 as the validation endpoints answer.</summary>
    public string WrongOtp { get; init; } = "invalid_otp";

    /// <summary>PreconditionFailed: code PreconditionFailed; validationCode: the validation's own code with a "412:" message.</summary>
    public string ExpiredBody { get; init; } = "PreconditionFailed";

    /// <summary>not_found: a used code is gone (404); already_validated: 409 *_validation_already_validated.</summary>
    public string UsedCode { get; init; } = "not_found";

    /// <summary>object: data is {accessToken, tokenType}; bare_string: the 2023 form, data is the JWT itself.</summary>
    public string ConfirmShape { get; init; } = "object";

    /// <summary>Channels whose provider refuses every message (409 otp_not_sent).</summary>
    public IReadOnlySet<string> FailingGateways { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>How tokens issued by sign-in and renewal state their expiry.</summary>
    public string TokenClaims { get; init; } = "expiresAt";

    internal ExpiryClaimStyle TokenClaimStyle => AccessTokens.ClaimStyles[TokenClaims];

    /// <summary>A copy with one setting changed; throws ArgumentException naming the allowed values when it is not one.</summary>
    public EmulatorBehaviour With(string name, string value)
    {
        string OneOf(params string[] allowed) =>
            allowed.FirstOrDefault(candidate => string.Equals(candidate, value, StringComparison.OrdinalIgnoreCase))
            ?? throw Invalid(name);

        return name.ToLowerInvariant() switch
        {
            "cooldownseconds" => this with
            {
                CooldownSeconds = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : throw Invalid(name),
            },
            "wrongotp" => this with { WrongOtp = OneOf("invalid_otp", "otp_does_not_match") },
            "expiredbody" => this with { ExpiredBody = OneOf("PreconditionFailed", "validationCode") },
            "usedcode" => this with { UsedCode = OneOf("not_found", "already_validated") },
            "confirmshape" => this with { ConfirmShape = OneOf("object", "bare_string") },
            "failinggateways" => this with { FailingGateways = Gateways(value, name) },
            "tokenclaims" => this with { TokenClaims = OneOf([.. AccessTokens.ClaimStyles.Keys]) },
            _ => throw new ArgumentException($"unknown behaviour '{name}'; known: {string.Join(", ", Choices.Keys)}"),
        };
    }

    public JsonObject ToJson() => new()
    {
        ["cooldownSeconds"] = CooldownSeconds,
        ["wrongOtp"] = WrongOtp,
        ["expiredBody"] = ExpiredBody,
        ["usedCode"] = UsedCode,
        ["confirmShape"] = ConfirmShape,
        ["failingGateways"] = new JsonArray([.. FailingGateways.Order(StringComparer.Ordinal).Select(gateway => (JsonNode)gateway)]),
        ["tokenClaims"] = TokenClaims,
    };

    private static HashSet<string> Gateways(string value, string name)
    {
        var gateways = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return gateways.All(gateway => gateway.ToLowerInvariant() is "email" or "sms" or "whatsapp")
            ? new HashSet<string>(gateways, StringComparer.OrdinalIgnoreCase)
            : throw Invalid(name);
    }

    private static ArgumentException Invalid(string name) => new($"'{name}' takes {Choices[name]}");
}
