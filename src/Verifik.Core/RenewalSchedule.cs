using System;

namespace Verifik;

/// <summary>
/// When a session renews its token before a call, and what it remembers between calls. One per session, shared by
/// its runspaces; the cmdlets do the renewing and the warning, this says when.
/// </summary>
/// <remarks>
/// A token is due when RenewWithin or less is left, unless a wait is recorded for that very token: after a failed
/// renewal (RetryAfter, so a loop of calls does not send a failing renewal each time), or after a renewal that came
/// back no longer than RenewWithin (half its life, so a Verifik that gives short tokens is not asked at every call).
/// A new token has no wait.
/// </remarks>
internal sealed class RenewalSchedule
{
    /// <summary>How long a failed automatic renewal waits before it is tried again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(15);

    // A reference, so runspaces that share the session read a whole wait or none.
    private volatile Wait? wait;
    private bool warnedAboutShortRenewal;

    /// <summary>
    /// Held while the session renews a token in itself alone (not the saved sign-in, whose lock file serves every
    /// process), so runspaces that share the session and need a renewal at once send one.
    /// </summary>
    public object Gate { get; } = new();

    /// <summary>Whether <paramref name="token"/> should be renewed before a call at <paramref name="now"/>.</summary>
    public bool IsDue(VerifikToken token, TimeSpan renewWithin, DateTimeOffset now) =>
        renewWithin > TimeSpan.Zero
        && token.ExpiresOn > now
        && token.ExpiresOn - now <= renewWithin
        && !(wait is { } recorded && ReferenceEquals(recorded.Token, token) && now < recorded.Until);

    /// <summary>Whether the last renewal of <paramref name="token"/> failed (it was warned about, or is being).</summary>
    public bool HasFailed(VerifikToken token) => wait is { Failed: true } recorded && ReferenceEquals(recorded.Token, token);

    /// <summary>The renewal of <paramref name="token"/> failed, or could not start: it is tried again after <see cref="RetryAfter"/>.</summary>
    public void Failed(VerifikToken token, DateTimeOffset now) => wait = new Wait(token, now + RetryAfter, failed: true);

    /// <summary>
    /// The renewal went through and the session now holds <paramref name="renewed"/>. Returns true the first time in
    /// this session that a renewal came back no longer than <paramref name="renewWithin"/>, which the caller warns about.
    /// </summary>
    public bool Renewed(VerifikToken? renewed, TimeSpan renewWithin, DateTimeOffset now)
    {
        wait = null;
        if (renewed is null || renewed.ExpiresOn - now > renewWithin)
        {
            return false;
        }

        wait = new Wait(renewed, now + TimeSpan.FromTicks((renewed.ExpiresOn - now).Ticks / 2), failed: false);
        if (warnedAboutShortRenewal)
        {
            return false;
        }

        warnedAboutShortRenewal = true;
        return true;
    }

    /// <summary>A recorded wait for one token: until when, and whether a failure set it.</summary>
    private sealed class Wait(VerifikToken token, DateTimeOffset until, bool failed)
    {
        public VerifikToken Token { get; } = token;
        public DateTimeOffset Until { get; } = until;
        public bool Failed { get; } = failed;
    }
}
