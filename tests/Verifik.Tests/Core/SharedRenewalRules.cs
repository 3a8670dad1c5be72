using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Verifik.Tests.Core;

/// <summary>
/// SavedSignIn.RenewSharedAsync: under the cross-process lock the file is read again, so a renewal is sent once for
/// everyone who needs it, a removed sign-in is never written back, a newer sign-in is followed, and trouble with
/// the file (a lock that cannot be had, a lock held too long, a failed renewal) is an outcome, never a surprise.
/// Concurrent callers here are threads with their own open of the lock file, which the system locks against each
/// other exactly as it does processes; SavedSignInProcessTests starts real processes.
/// </summary>
public sealed class SharedRenewalRules : IDisposable
{
    private static readonly TimeSpan RenewWithin = TimeSpan.FromDays(7);

    private readonly TemporarySavedSignIn _saved = new();

    public void Dispose() => _saved.Dispose();

    [UnixFileFact]
    public async Task Eight_renewers_at_once_send_one_renewal_and_all_use_its_token()
    {
        var old = TemporarySavedSignIn.NewToken(days: 1);
        var generation = _saved.SavedSignIn.Save(old);
        var renewed = TemporarySavedSignIn.NewToken(days: 30);
        var renewals = 0;

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            new SavedSignIn(_saved.FilePath).RenewSharedAsync(old, generation, RenewWithin, async (token, cancellationToken) =>
            {
                Interlocked.Increment(ref renewals);
                // Long enough for the others to be waiting for the lock, not for them to give up.
                await Task.Delay(200, cancellationToken);
                return renewed;
            }, CancellationToken.None))));

        Assert.Equal(1, renewals);
        Assert.Single(results, result => result.Outcome == SharedRenewalOutcome.Renewed);
        Assert.Equal(7, results.Count(result => result.Outcome == SharedRenewalOutcome.FoundSaved));
        Assert.All(results, result => Assert.Equal(renewed.Reveal(), result.Token!.Reveal()));
        Assert.All(results, result => Assert.Equal(generation, result.Generation));
        Assert.True(_saved.SavedSignIn.Read().Holds(renewed));
    }

    [UnixFileFact]
    public async Task A_removed_sign_in_is_neither_renewed_nor_written_back()
    {
        var token = TemporarySavedSignIn.NewToken(days: 1);
        var generation = _saved.SavedSignIn.Save(token);
        Assert.True(_saved.SavedSignIn.Delete(generation));

        var result = await _saved.SavedSignIn.RenewSharedAsync(token, generation, RenewWithin, NoRenewal, CancellationToken.None);

        Assert.Equal(SharedRenewalOutcome.Removed, result.Outcome);
        Assert.Null(result.Token);
        Assert.Null(result.Generation);
        Assert.False(File.Exists(_saved.FilePath));
    }

    [UnixFileFact]
    public async Task A_token_with_enough_time_left_is_not_renewed_and_an_explicit_renewal_always_is()
    {
        var token = TemporarySavedSignIn.NewToken(days: 20);
        var generation = _saved.SavedSignIn.Save(token);
        var renewed = TemporarySavedSignIn.NewToken(days: 30);

        var notDue = await _saved.SavedSignIn.RenewSharedAsync(token, generation, RenewWithin, NoRenewal, CancellationToken.None);
        var asked = await _saved.SavedSignIn.RenewSharedAsync(token, generation, TimeSpan.MaxValue, (_, _) => Task.FromResult(renewed), CancellationToken.None);

        Assert.Equal(SharedRenewalOutcome.NotNeeded, notDue.Outcome);
        Assert.Same(token, notDue.Token);
        Assert.Equal(SharedRenewalOutcome.Renewed, asked.Outcome);
        Assert.True(_saved.SavedSignIn.Read().Holds(renewed));
    }

    [UnixFileFact]
    public async Task A_sign_in_that_replaced_the_sessions_is_followed_and_renewed_under_its_own_generation()
    {
        var mine = TemporarySavedSignIn.NewToken(days: 1);
        var myGeneration = _saved.SavedSignIn.Save(mine);
        var theirs = TemporarySavedSignIn.NewToken(days: 2);
        var theirGeneration = _saved.SavedSignIn.Save(theirs);
        var renewed = TemporarySavedSignIn.NewToken(days: 30);
        var renewer = new Renewer(renewed);

        var result = await _saved.SavedSignIn.RenewSharedAsync(mine, myGeneration, RenewWithin, renewer.RenewAsync, CancellationToken.None);

        Assert.Equal(SharedRenewalOutcome.Renewed, result.Outcome);
        Assert.Equal(theirs.Reveal(), renewer.Sent!.Reveal());
        Assert.Equal(theirGeneration, result.Generation);
        Assert.True(_saved.SavedSignIn.TryLoad(out var saved, out var generation, out _));
        Assert.Equal(renewed.Reveal(), saved!.Reveal());
        Assert.Equal(theirGeneration, generation);
    }

    [UnixFileFact]
    public async Task A_failed_renewal_writes_nothing_and_frees_the_lock()
    {
        var token = TemporarySavedSignIn.NewToken(days: 1);
        var generation = _saved.SavedSignIn.Save(token);

        await Assert.ThrowsAsync<VerifikException>(() => _saved.SavedSignIn.RenewSharedAsync(token, generation, RenewWithin,
            (_, _) => throw new VerifikException(VerifikErrorKind.Unauthorized, "refused"), CancellationToken.None));

        Assert.True(_saved.SavedSignIn.Read().Holds(token));
        using var free = SavedSignInLock.TryAcquire(_saved.SavedSignIn.LockPath, TimeSpan.Zero);
        Assert.NotNull(free);
    }

    [UnixFileFact]
    public async Task A_lock_held_too_long_is_an_outcome_with_the_token_still_held_and_nothing_sent()
    {
        var token = TemporarySavedSignIn.NewToken(days: 1);
        var generation = _saved.SavedSignIn.Save(token);
        using var other = SavedSignInLock.TryAcquire(_saved.SavedSignIn.LockPath, TimeSpan.Zero);
        Assert.NotNull(other);

        var result = await _saved.SavedSignIn.RenewSharedAsync(token, generation, RenewWithin, NoRenewal, CancellationToken.None, TimeSpan.FromMilliseconds(100));

        Assert.Equal(SharedRenewalOutcome.LockTimedOut, result.Outcome);
        Assert.Same(token, result.Token);
        Assert.Equal(generation, result.Generation);
        Assert.Contains(_saved.SavedSignIn.LockPath, result.Problem);
    }

    [UnixFileFact]
    public async Task A_lock_file_that_cannot_be_created_means_renewing_in_memory_and_writing_nothing()
    {
        var token = TemporarySavedSignIn.NewToken(days: 1);
        var generation = _saved.SavedSignIn.Save(token);
        var renewed = TemporarySavedSignIn.NewToken(days: 30);
        // The tests run as root, for whom no folder is read-only: a folder in the lock file's place fails the same way.
        File.Delete(_saved.SavedSignIn.LockPath);
        Directory.CreateDirectory(_saved.SavedSignIn.LockPath);

        var result = await _saved.SavedSignIn.RenewSharedAsync(token, generation, RenewWithin, (_, _) => Task.FromResult(renewed), CancellationToken.None);

        Assert.Equal(SharedRenewalOutcome.RenewedInMemory, result.Outcome);
        Assert.Same(renewed, result.Token);
        Assert.Equal(generation, result.Generation);
        Assert.Contains(_saved.FilePath, result.Problem);
        Assert.True(_saved.SavedSignIn.Read().Holds(token));
        // A sign-in's save reports it as the cmdlet already warns about an unwritable folder.
        Assert.True(Record.Exception(() => _saved.SavedSignIn.Save(renewed)) is IOException or UnauthorizedAccessException);
    }

    [UnixFileFact]
    public async Task An_unusable_file_is_left_as_it_is_and_the_session_renews_its_own_token_in_memory()
    {
        var token = TemporarySavedSignIn.NewToken(days: 1);
        var generation = _saved.SavedSignIn.Save(token);
        File.WriteAllText(_saved.FilePath, "{\"version\": 99}");
        var renewed = TemporarySavedSignIn.NewToken(days: 30);
        var renewer = new Renewer(renewed);

        var result = await _saved.SavedSignIn.RenewSharedAsync(token, generation, RenewWithin, renewer.RenewAsync, CancellationToken.None);

        Assert.Equal(SharedRenewalOutcome.RenewedInMemory, result.Outcome);
        Assert.Same(token, renewer.Sent);
        Assert.Same(renewed, result.Token);
        Assert.Equal(generation, result.Generation);
        Assert.Contains(_saved.FilePath, result.Problem);
        Assert.Equal("{\"version\": 99}", File.ReadAllText(_saved.FilePath));
    }

    [UnixFileFact]
    public async Task Of_one_sign_in_the_token_that_lasts_longer_is_renewed_even_when_it_is_the_sessions_own()
    {
        var saved = TemporarySavedSignIn.NewToken(days: 1);
        var generation = _saved.SavedSignIn.Save(saved);
        // Renewed in memory earlier (the file could not be written then), so it outlasts the file's.
        var mine = TemporarySavedSignIn.NewToken(days: 3);
        var renewer = new Renewer(TemporarySavedSignIn.NewToken(days: 30));

        var result = await _saved.SavedSignIn.RenewSharedAsync(mine, generation, RenewWithin, renewer.RenewAsync, CancellationToken.None);

        Assert.Equal(SharedRenewalOutcome.Renewed, result.Outcome);
        Assert.Same(mine, renewer.Sent);
    }

    [UnixFileFact]
    public async Task A_renewal_that_cannot_be_written_under_the_lock_is_kept_in_memory()
    {
        var token = TemporarySavedSignIn.NewToken(days: 1);
        var generation = _saved.SavedSignIn.Save(token);
        var renewed = TemporarySavedSignIn.NewToken(days: 30);

        var result = await _saved.SavedSignIn.RenewSharedAsync(token, generation, RenewWithin, (_, _) =>
        {
            // The file's place taken by a folder while the renewal was in flight: the rename over it fails.
            File.Delete(_saved.FilePath);
            Directory.CreateDirectory(_saved.FilePath);
            return Task.FromResult(renewed);
        }, CancellationToken.None);

        Assert.Equal(SharedRenewalOutcome.RenewedInMemory, result.Outcome);
        Assert.Same(renewed, result.Token);
        Assert.Equal(generation, result.Generation);
        Assert.Contains(_saved.FilePath, result.Problem);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(_saved.FilePath)!, "*.tmp"));
    }

    private static Task<VerifikToken> NoRenewal(VerifikToken token, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("No renewal may be sent here.");

    /// <summary>A renewal that answers <paramref name="renewed"/> and keeps the token it was sent to renew.</summary>
    private sealed class Renewer(VerifikToken renewed)
    {
        public VerifikToken? Sent { get; private set; }

        public Task<VerifikToken> RenewAsync(VerifikToken basis, CancellationToken cancellationToken)
        {
            Sent = basis;
            return Task.FromResult(renewed);
        }
    }
}
