using System;
using System.Diagnostics;
using System.Threading;

namespace Verifik;

/// <summary>
/// Lets a session that holds a token from the saved sign-in notice, before its next call, that another process
/// renewed it, revoked the others, signed in again or disconnected. The check is one stat of the file, at most once
/// per <see cref="CheckInterval"/>, and the file is read only when its stamp changed, so a loop of calls costs a
/// clock read each. Safe to share between threads: a race costs at most one extra stat.
/// </summary>
public sealed class SavedSignInFollower
{
    /// <summary>Another shell's change shows within this time; calls in between pay only a clock read.</summary>
    public static readonly TimeSpan DefaultCheckInterval = TimeSpan.FromSeconds(1);

    private readonly long _intervalTicks;
    private FileStampBox _followed;
    private long _nextCheck;

    /// <param name="loaded">The read the session's token came from; its stamp is what later stamps are compared with.</param>
    public SavedSignInFollower(SavedSignIn savedSignIn, SavedSignInSnapshot loaded, TimeSpan? checkInterval = null)
    {
        SavedSignIn = savedSignIn;
        CheckInterval = checkInterval ?? DefaultCheckInterval;
        _intervalTicks = (long)(CheckInterval.TotalSeconds * Stopwatch.Frequency);
        _followed = new FileStampBox(loaded.Stamp);
        _nextCheck = Stopwatch.GetTimestamp() + _intervalTicks;
    }

    public SavedSignIn SavedSignIn { get; }

    public TimeSpan CheckInterval { get; }

    /// <summary>
    /// Null when there is nothing to follow: not yet time to look, or the file is as it was. Otherwise the saved
    /// sign-in as it is now, to adopt: not <see cref="SavedSignInSnapshot.Exists"/> (disconnected elsewhere: sign
    /// out), a <see cref="SavedSignInSnapshot.Token"/> (renewed or signed in elsewhere; it may be the same token
    /// rewritten), or only a <see cref="SavedSignInSnapshot.Problem"/> (keep the token held, warn once).
    /// </summary>
    public SavedSignInSnapshot? CheckForChange()
    {
        var now = Stopwatch.GetTimestamp();
        if (now < Volatile.Read(ref _nextCheck))
        {
            return null;
        }

        Volatile.Write(ref _nextCheck, now + _intervalTicks);
        if (FileStamp.Of(SavedSignIn.Path).Equals(Volatile.Read(ref _followed).Stamp))
        {
            return null;
        }

        return ReadAndFollow();
    }

    /// <summary>
    /// After Verifik refused <paramref name="refused"/> (401): reads the saved sign-in once, whatever the stamp
    /// says, and returns it when it holds a different token that has not expired, for one retry; else null, and the
    /// 401 stands.
    /// </summary>
    public SavedSignInSnapshot? AfterUnauthorized(VerifikToken refused)
    {
        var now = ReadAndFollow();
        return now.Token is { IsExpired: false } && !now.Holds(refused) ? now : null;
    }

    /// <summary>
    /// After <see cref="SavedSignIn.RenewSharedAsync"/>: what it wrote or read is what the session now holds, so
    /// the next check does not read it again. A renewal kept in memory changes nothing here.
    /// </summary>
    public void Followed(SharedRenewal renewal)
    {
        if (renewal.Stamp is { } stamp)
        {
            Volatile.Write(ref _followed, new FileStampBox(stamp));
        }
    }

    private SavedSignInSnapshot ReadAndFollow()
    {
        var now = SavedSignIn.Read();
        Volatile.Write(ref _followed, new FileStampBox(now.Stamp));
        return now;
    }

    /// <summary>A stamp swapped whole, so a reader on another thread never sees half of one.</summary>
    private sealed class FileStampBox
    {
        public FileStampBox(FileStamp stamp)
        {
            Stamp = stamp;
        }

        public FileStamp Stamp { get; }
    }
}
