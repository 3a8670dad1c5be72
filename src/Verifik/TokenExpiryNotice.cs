using System;

namespace Verifik;

/// <summary>
/// The MessageData of the information record tagged Verifik.TokenExpiring that goes with the expiry warning, so a
/// log collector can alert on the tag and read when the token runs out without parsing the warning's text.
/// </summary>
public sealed class TokenExpiryNotice
{
    internal TokenExpiryNotice(VerifikToken token)
    {
        SignedInAs = VerifikSession.Who(token);
        ExpiresOn = token.ExpiresOn;
        TimeRemaining = token.TimeRemaining;
        Message = $"The Verifik token for {SignedInAs} expires in {VerifikSession.Format(TimeRemaining)}. Renew it with Update-VerifikToken.";
    }

    public string SignedInAs { get; }

    public DateTimeOffset ExpiresOn { get; }

    /// <summary>Time left when the notice was given.</summary>
    public TimeSpan TimeRemaining { get; }

    /// <summary>The warning's text.</summary>
    public string Message { get; }

    public override string ToString() => Message;
}
