using System;

namespace Verifik;

/// <summary>
/// The token a call uses, and the warning before it runs out: given by every cmdlet that uses the token, once per
/// token and session, both as a warning (for people) and as an information record tagged Verifik.TokenExpiring
/// (for log collectors and monitors).
/// </summary>
public abstract partial class VerifikCmdlet
{
    /// <summary>The information record's tag, also what about_Verifik tells monitors to alert on.</summary>
    public const string TokenExpiringTag = "Verifik.TokenExpiring";

    /// <summary>Below this much time left, a cmdlet that uses the token warns.</summary>
    internal static readonly TimeSpan ExpiryWarningWithin = TimeSpan.FromDays(3);

    /// <summary>
    /// The session's token for a call (or the error a user can act on), renewed first when RenewWithin or less is
    /// left, with the warning when it runs out soon.
    /// </summary>
    protected VerifikToken TokenForCall(VerifikSession session, TimeSpan? minimumValidity = null)
    {
        RenewIfDue(session);
        var token = session.RequireToken(minimumValidity);
        WarnIfExpiring(session, token);
        return token;
    }

    /// <summary>
    /// Once per token and session: a loop, a prompt function or a runbook's many calls must not repeat it, and a
    /// renewed token, which is another token, starts afresh.
    /// </summary>
    protected void WarnIfExpiring(VerifikSession session, VerifikToken token)
    {
        if (token.TimeRemaining >= ExpiryWarningWithin || ReferenceEquals(session.WarnedAboutExpiry, token))
        {
            return;
        }

        session.WarnedAboutExpiry = token;
        var notice = new TokenExpiryNotice(token);
        WriteWarning(notice.Message);
        WriteInformation(notice, new[] { TokenExpiringTag });
    }
}
