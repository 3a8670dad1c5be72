using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Win32.SafeHandles;

namespace Verifik;

/// <summary>
/// The lock that serialises renewing, saving and removing the saved sign-in across all of the user's processes:
/// an operating-system lock on a file beside it (token.json.lock, token.dat.lock), flock on Linux and macOS and an
/// exclusive share mode on Windows. The system releases it when its holder closes the file or dies, so a killed
/// process never leaves a lock behind; the file itself stays, empty, since removing it would let two processes
/// lock two different files of the same name.
/// </summary>
internal sealed class SavedSignInLock : IDisposable
{
    /// <summary>
    /// How long a process waits for another one's renewal (one HTTP call) before it carries on without the lock.
    /// The holder is alive for all of that time: a dead one's lock is gone at once.
    /// </summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private const int SharingViolation = unchecked((int)0x80070020);
    private const int LockViolation = unchecked((int)0x80070021);
    /// <summary>Short, since a try is one system call and a waiter that looks seldom loses the lock to busier processes.</summary>
    private static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(20);

    private readonly IDisposable _held;

    private SavedSignInLock(IDisposable held)
    {
        _held = held;
    }

    public static string PathFor(string savedSignInPath) => savedSignInPath + ".lock";

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for the lock. Null when another process held it all that time; an
    /// IOException or UnauthorizedAccessException when the lock file cannot be created (an unwritable folder).
    /// </summary>
    public static async Task<SavedSignInLock?> TryAcquireAsync(string lockPath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var attempt = new Attempt(lockPath);
        var clock = Stopwatch.StartNew();
        for (var pause = TimeSpan.FromMilliseconds(5); ; pause = Longer(pause))
        {
            if (attempt.TryTake() is { } held)
            {
                return held;
            }

            if (clock.Elapsed >= timeout)
            {
                return null;
            }

            await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary><see cref="TryAcquireAsync"/> for the synchronous callers (a sign-in's save, a sign-out's removal).</summary>
    public static SavedSignInLock? TryAcquire(string lockPath, TimeSpan timeout) =>
        TryAcquireAsync(lockPath, timeout, CancellationToken.None).GetAwaiter().GetResult();

    public void Dispose() => _held.Dispose();

    private static TimeSpan Longer(TimeSpan pause) => pause + pause < LongestPause ? pause + pause : LongestPause;

    /// <summary>
    /// One wait for the lock. On Unix the file is opened once and flock tried on it until it is free; on Windows the
    /// exclusive open is itself the lock, so each try is an open.
    /// </summary>
    private sealed class Attempt : IDisposable
    {
        private readonly string _path;
        private SafeFileHandle? _unixHandle;

        public Attempt(string path)
        {
            _path = path;
            if (!SavedSignIn.IsWindows)
            {
                _unixHandle = UnixFile.OpenLockFile(path);
            }
        }

        public SavedSignInLock? TryTake()
        {
            if (_unixHandle is { } handle)
            {
                if (!UnixFile.TryLockExclusive(handle))
                {
                    return null;
                }

                // The held lock owns the handle from here; this attempt no longer closes it.
                _unixHandle = null;
                return new SavedSignInLock(handle);
            }

            try
            {
                return new SavedSignInLock(new FileStream(_path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException ex) when (ex.HResult is SharingViolation or LockViolation)
            {
                return null;
            }
        }

        public void Dispose() => _unixHandle?.Dispose();
    }
}

/// <summary>
/// Another process held the saved sign-in's lock for all of the wait: something to report as one warning, never a
/// reason to stop, since the sign-in in memory still works.
/// </summary>
public sealed class SavedSignInBusyException : IOException
{
    public SavedSignInBusyException(string lockPath, TimeSpan waited)
        : base($"Another Verifik process held the lock on the saved sign-in ({lockPath}) for all of {waited.TotalSeconds:0.#} seconds.")
    {
    }
}
