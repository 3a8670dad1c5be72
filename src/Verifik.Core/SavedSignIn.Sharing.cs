using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Verifik;

/// <summary>Renewing the saved sign-in once for every process of the user that needs it at the same moment.</summary>
public sealed partial class SavedSignIn
{
    /// <summary>
    /// Renews the saved sign-in unless another process did so already or removed it. Under the lock, the file is
    /// read again: gone means signed out elsewhere (nothing is renewed or written back); a token with more than
    /// <paramref name="renewWithin"/> left is used as it is (renewed elsewhere, or not due); otherwise
    /// <paramref name="renew"/> is called once, with the newest token of that sign-in, and its result written under
    /// the file's generation. The session follows the file, so a sign-in that replaced <paramref name="generation"/>
    /// is followed, never overwritten. Exceptions of <paramref name="renew"/>, and cancellation, propagate with
    /// nothing written; every other trouble with the file is an outcome (see <see cref="SharedRenewalOutcome"/>).
    /// </summary>
    /// <param name="current">The token the session holds now.</param>
    /// <param name="generation">The saved sign-in the session loaded or saved it as.</param>
    /// <param name="renewWithin">Renew when this much or less is left; TimeSpan.MaxValue always renews.</param>
    /// <param name="renew">The one renewal (an HTTP call): given the token to renew, returns the new one.</param>
    /// <param name="lockTimeout">How long to wait for another process's renewal; <see cref="SavedSignInLock.DefaultTimeout"/> if null.</param>
    public async Task<SharedRenewal> RenewSharedAsync(
        VerifikToken current,
        string generation,
        TimeSpan renewWithin,
        Func<VerifikToken, CancellationToken, Task<VerifikToken>> renew,
        CancellationToken cancellationToken,
        TimeSpan? lockTimeout = null)
    {
        // Nothing is written without the file, so this needs no lock, nor a folder created for one.
        if (!File.Exists(Path))
        {
            return SharedRenewal.Removed();
        }

        var wait = lockTimeout ?? SavedSignInLock.DefaultTimeout;
        SavedSignInLock? held;
        try
        {
            PrepareDirectory();
            held = await SavedSignInLock.TryAcquireAsync(LockPath, wait, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // An unwritable folder: no process can write the file either, so renewing here in memory is safe.
            var why = $"The renewed Verifik token is kept in this session only: the saved sign-in at {Path} cannot be locked for writing ({ex.Message}).";
            return await RenewAgainstFileAsync(current, generation, renewWithin, renew, why, cancellationToken).ConfigureAwait(false);
        }

        if (held is null)
        {
            return SharedRenewal.LockTimedOut(current, generation, new SavedSignInBusyException(LockPath, wait).Message + " The token was not renewed.");
        }

        using (held)
        {
            return await RenewAgainstFileAsync(current, generation, renewWithin, renew, inMemoryBecause: null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <param name="inMemoryBecause">Null when the lock is held and the result may be written; otherwise why it is not.</param>
    private async Task<SharedRenewal> RenewAgainstFileAsync(
        VerifikToken current,
        string generation,
        TimeSpan renewWithin,
        Func<VerifikToken, CancellationToken, Task<VerifikToken>> renew,
        string? inMemoryBecause,
        CancellationToken cancellationToken)
    {
        var now = Read();
        if (!now.Exists)
        {
            return SharedRenewal.Removed();
        }

        if (now.Token is not { } saved || now.Generation is not { } savedGeneration)
        {
            // A file there but unusable is left as it is (it may be a newer version's); the session renews its own.
            var renewedHere = await renew(current, cancellationToken).ConfigureAwait(false);
            return SharedRenewal.InMemory(renewedHere, generation, now.Problem!);
        }

        if (saved.TimeRemaining > renewWithin)
        {
            return now.Holds(current) ? SharedRenewal.NotNeeded(current, savedGeneration, now.Stamp) : SharedRenewal.FoundSaved(saved, savedGeneration, now.Stamp);
        }

        // Of one sign-in, renew the token that lasts longer (this session's, if it renewed in memory before).
        var basis = savedGeneration == generation && current.ExpiresOn > saved.ExpiresOn ? current : saved;
        var renewed = await renew(basis, cancellationToken).ConfigureAwait(false);
        if (inMemoryBecause is not null)
        {
            return SharedRenewal.InMemory(renewed, savedGeneration, inMemoryBecause);
        }

        try
        {
            Write(renewed, savedGeneration);
            return SharedRenewal.Renewed(renewed, savedGeneration, FileStamp.Of(Path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return SharedRenewal.InMemory(renewed, savedGeneration, RenewalNotSaved(ex));
        }
    }

    /// <summary>What a renewal that worked but could not be written here says, wherever it was renewed.</summary>
    internal string RenewalNotSaved(Exception ex) =>
        $"The renewed Verifik token is kept in this session only: it could not be saved to {Path} ({ex.Message}).";
}

/// <summary>How <see cref="SavedSignIn.RenewSharedAsync"/> ended; the cmdlet says so in one verbose line or warning.</summary>
public enum SharedRenewalOutcome
{
    /// <summary>The renewal was made here, once, and saved: other processes now find it in the file.</summary>
    Renewed,

    /// <summary>The file holds another token with enough time left (renewed or signed in elsewhere); nothing was sent.</summary>
    FoundSaved,

    /// <summary>The file holds the session's own token, with enough time left; nothing was sent.</summary>
    NotNeeded,

    /// <summary>Renewed, but kept in this session only (an unwritable folder, an unusable file); Problem says why.</summary>
    RenewedInMemory,

    /// <summary>The saved sign-in was removed (Disconnect-Verifik elsewhere): nothing was sent or written.</summary>
    Removed,

    /// <summary>Another process held the lock for all of the wait: nothing was sent; Problem is the warning.</summary>
    LockTimedOut,
}

/// <summary>The result of <see cref="SavedSignIn.RenewSharedAsync"/>: what the session holds and follows from now on.</summary>
public sealed class SharedRenewal
{
    private SharedRenewal(SharedRenewalOutcome outcome, VerifikToken? token, string? generation, string? problem, FileStamp? stamp = null)
    {
        Outcome = outcome;
        Token = token;
        Generation = generation;
        Problem = problem;
        Stamp = stamp;
    }

    public SharedRenewalOutcome Outcome { get; }

    /// <summary>The token the session should hold now; null only when <see cref="SharedRenewalOutcome.Removed"/>.</summary>
    public VerifikToken? Token { get; }

    /// <summary>The saved sign-in's generation the session keeps following; null only when Removed.</summary>
    public string? Generation { get; }

    /// <summary>For one warning (RenewedInMemory, LockTimedOut); names paths, never a token.</summary>
    public string? Problem { get; }

    /// <summary>The file as this renewal left or found it, for <see cref="SavedSignInFollower.Followed"/>; null when unknown.</summary>
    internal FileStamp? Stamp { get; }

    internal static SharedRenewal Renewed(VerifikToken token, string generation, FileStamp stamp) => new(SharedRenewalOutcome.Renewed, token, generation, null, stamp);

    internal static SharedRenewal FoundSaved(VerifikToken token, string generation, FileStamp stamp) => new(SharedRenewalOutcome.FoundSaved, token, generation, null, stamp);

    internal static SharedRenewal NotNeeded(VerifikToken token, string generation, FileStamp stamp) => new(SharedRenewalOutcome.NotNeeded, token, generation, null, stamp);

    internal static SharedRenewal InMemory(VerifikToken token, string generation, string problem) => new(SharedRenewalOutcome.RenewedInMemory, token, generation, problem);

    internal static SharedRenewal Removed() => new(SharedRenewalOutcome.Removed, null, null, null, FileStamp.None);

    internal static SharedRenewal LockTimedOut(VerifikToken token, string generation, string problem) => new(SharedRenewalOutcome.LockTimedOut, token, generation, problem);
}
