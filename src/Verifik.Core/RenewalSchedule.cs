using System;
using System.Threading;

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

    // References, so runspaces that share the session read a whole wait or none. Two, so that recording one never
    // erases the other: a late failure of an older token leaves the short renewal's wait in place.
    private volatile Wait? failure;
    private volatile Wait? shortRenewal;
    private int warnedAboutShortRenewal;

    /// <summary>
    /// Held while a runspace renews the session's token, so runspaces that share the session and need a renewal at
    /// once send one; what it leaves (a renewal, a failure) is recorded before it is released.
    /// </summary>
    public object Gate { get; } = new();

    /// <summary>
    /// Whether <paramref name="token"/> should be renewed before a call at <paramref name="now"/>. A RenewWithin of 0
    /// never renews: no token that has not expired has 0 or less left.
    /// </summary>
    public bool IsDue(VerifikToken token, TimeSpan renewWithin, DateTimeOffset now) =>
        token.ExpiresOn > now
        && token.ExpiresOn - now <= renewWithin
        && !Holds(failure, token, now)
        && !Holds(shortRenewal, token, now);

    /// <summary>Whether the last renewal of <paramref name="token"/> failed (it was warned about, or is being).</summary>
    public bool HasFailed(VerifikToken token) => failure is { } recorded && ReferenceEquals(recorded.Token, token);

    /// <summary>The renewal of <paramref name="token"/> failed, or could not start: it is tried again after <see cref="RetryAfter"/>.</summary>
    public void RecordFailure(VerifikToken token, DateTimeOffset now) => failure = new Wait(token, now + RetryAfter);

    /// <summary>
    /// The renewal went through and the session now holds <paramref name="renewed"/> (null: no new token). Recorded
    /// under <see cref="Gate"/>, so no runspace waiting there finds the new token without its wait.
    /// </summary>
    /// <returns>
    /// Whether to warn about a short renewal: true the first time in this session that a renewal came back no longer
    /// than <paramref name="renewWithin"/>.
    /// </returns>
    public bool RecordRenewal(VerifikToken? renewed, TimeSpan renewWithin, DateTimeOffset now)
    {
        failure = null;
        if (renewed is null || renewed.ExpiresOn - now > renewWithin)
        {
            return false;
        }

        shortRenewal = new Wait(renewed, now + TimeSpan.FromTicks((renewed.ExpiresOn - now).Ticks / 2));
        return Interlocked.Exchange(ref warnedAboutShortRenewal, 1) == 0;
    }

    private static bool Holds(Wait? wait, VerifikToken token, DateTimeOffset now) =>
        wait is { } recorded && ReferenceEquals(recorded.Token, token) && now < recorded.Until;

    /// <summary>A recorded wait: until when <see cref="Token"/> is not renewed.</summary>
    private sealed class Wait(VerifikToken token, DateTimeOffset until)
    {
        public VerifikToken Token { get; } = token;
        public DateTimeOffset Until { get; } = until;
    }
}
