using System;
using System.Security;

namespace Verifik;

/// <summary>
/// A Verifik bearer token (PowerShell type name Verifik.Token). Immutable, so a session can swap it atomically
/// while other threads read it. The JWT itself is reachable only as a SecureString or through the module's
/// explicit -AsPlainText and -AsHeader switches; ToString() and every public property keep it hidden.
/// </summary>
public sealed class VerifikToken
{
    public const string TypeName = "Verifik.Token";

    /// <summary>Verifik documents a 30-day lifetime; used when the JWT carries no expiry claim.</summary>
    public static readonly TimeSpan DocumentedLifetime = TimeSpan.FromDays(30);

    /// <summary>
    /// The longest renewal Update-VerifikToken asks for. Verifik documents "1 to any number you wish" with examples up
    /// to 120 months; ten years is as far as anyone has shown it to work.
    /// </summary>
    public const int MaxRenewalMonths = 120;

    /// <summary>How long a renewal lasts unless asked otherwise, in calendar months: Verifik's own default.</summary>
    public const int DefaultRenewalMonths = 1;

    /// <summary>
    /// The largest -MinimumValidity (Get-, Test-, Update-VerifikToken): the longest token a renewal gives,
    /// <see cref="MaxRenewalMonths"/> months of at most 31 days. More could never be met, so it is a mistake.
    /// </summary>
    public static readonly TimeSpan MaxMinimumValidity = TimeSpan.FromDays(MaxRenewalMonths * 31);

    /// <summary>
    /// A token has fewer characters than this: a SecureString holds at most 65,536, and Verifik's are about 300.
    /// Longer text is refused as Verifik.InvalidToken before it can fail deep inside.
    /// </summary>
    public const int MaxLength = 65536;

    private readonly string _jwt;

    private VerifikToken(string jwt, JwtClaims claims, SignInSubject? subject, DateTimeOffset receivedOn, Uri? issuedBy)
    {
        IssuedBy = issuedBy;
        _jwt = jwt;
        AuthorizationHeaderValue = "Bearer " + jwt;
        ClientId = claims.ClientId;
        Subject = subject;
        Email = subject is null ? claims.Email : subject.Email;
        IssuedOn = claims.IssuedOn ?? receivedOn;
        ExpiresOn = claims.ExpiresOn ?? receivedOn + DocumentedLifetime;
    }

    /// <summary>The JWT as a new read-only SecureString, for Invoke-RestMethod -Token and the like.</summary>
    public SecureString Token => Secrets.ToSecureString(_jwt);

    public string TokenType => "Bearer";

    public DateTimeOffset ExpiresOn { get; }

    public DateTimeOffset IssuedOn { get; }

    public string? ClientId { get; }

    /// <summary>The address signed in with, or for an adopted token the one it carries; null for phone sign-ins.</summary>
    public string? Email { get; }

    /// <summary>The national number signed in with, for phone sign-ins.</summary>
    public string? Phone => Subject?.Phone;

    public string? CountryCode => Subject?.CountryCode;

    /// <summary>
    /// Who the token belongs to: the address, the phone number (+57 3001234567), else the client id labelled as one
    /// ("client 65f1…", in full: it is no secret, and only whole can it be matched with ClientId and Verifik's
    /// dashboard), so that an id in a column of addresses is not read as a name.
    /// </summary>
    public string? SignedInAs => Subject?.Display ?? Email ?? (ClientId is { } id ? ClientLabel + id : null);

    /// <summary>Who, as error targets and verbose lines name them: a***@example.com, +57 ******4567, else as SignedInAs.</summary>
    internal string? MaskedSignedInAs => Subject?.Masked ?? (Email is { } address ? InputRules.MaskEmail(address) : null) ?? SignedInAs;

    private const string ClientLabel = "client ";

    public bool IsExpired => TimeRemaining <= TimeSpan.Zero;

    /// <summary>Time left before expiry, zero once expired.</summary>
    public TimeSpan TimeRemaining
    {
        get
        {
            var remaining = ExpiresOn - DateTimeOffset.UtcNow;
            return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
        }
    }

    internal SignInSubject? Subject { get; }

    /// <summary>The Verifik that issued the token, where renewals and requests with it go unless told otherwise.</summary>
    internal Uri? IssuedBy { get; }

    /// <summary>"Bearer &lt;jwt&gt;", built once because scripts ask for the header in loops.</summary>
    internal string AuthorizationHeaderValue { get; }

    /// <summary>
    /// Reads a token Verifik returned (or a user supplied). Raises Verifik.InvalidToken when it is not a readable
    /// JWT; callers that received it from the server turn that into Verifik.InvalidResponse.
    /// </summary>
    public static VerifikToken FromJwt(string jwt, SignInSubject? subject, DateTimeOffset receivedOn, Uri? issuedBy = null)
    {
        var trimmed = jwt.Trim();
        return new VerifikToken(trimmed, JwtClaims.Read(trimmed), subject, receivedOn, issuedBy);
    }

    /// <summary>The JWT in plain text: only for the caller's explicit request.</summary>
    internal string Reveal() => _jwt;

    public override string ToString() =>
        $"Verifik bearer token for {SignedInAs ?? "an unknown client"}, expires {ExpiresOn:u}";
}
