using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Verifik.Tests.Core;

/// <summary>
/// The saved sign-in's lock between real processes: children are this test assembly started again
/// (<see cref="SavedSignInChild"/>), renewing through the real core. Time bounds are generous and only prove "not
/// blocked"; nothing here depends on how fast the machine is.
/// </summary>
public sealed class SavedSignInProcessTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private readonly TemporarySavedSignIn _saved = new();

    public void Dispose() => _saved.Dispose();

    [UnixFileFact]
    public void Holds_against_dotnets_own_exclusive_open_of_the_lock_file()
    {
        _saved.SavedSignIn.Save(TemporarySavedSignIn.NewToken(days: 1));

        using (new FileStream(_saved.SavedSignIn.LockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            Assert.Null(SavedSignInLock.TryAcquire(_saved.SavedSignIn.LockPath, TimeSpan.Zero));
        }

        using var free = SavedSignInLock.TryAcquire(_saved.SavedSignIn.LockPath, TimeSpan.Zero);
        Assert.NotNull(free);
    }

    [UnixFileFact]
    public void A_removal_waits_for_another_processs_renewal_in_flight_and_then_wins()
    {
        var generation = _saved.SavedSignIn.Save(TemporarySavedSignIn.NewToken(days: 1));
        var release = Path.Combine(_saved.Folder, "release");
        using var child = StartChild("renew", _saved.FilePath, TemporarySavedSignIn.Issuer.AbsoluteUri, TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddDays(30)), release);
        Assert.Equal(SavedSignInChild.Renewing, ReadLine(child));

        Assert.Throws<SavedSignInBusyException>(() => _saved.SavedSignIn.Delete(generation, TimeSpan.FromMilliseconds(200)));
        Assert.True(File.Exists(_saved.FilePath));

        var removal = Task.Run(() => _saved.SavedSignIn.Delete(generation));
        File.WriteAllText(release, string.Empty);

        Assert.True(removal.Wait(Generous));
        Assert.True(removal.Result);
        Assert.Equal(nameof(SharedRenewalOutcome.Renewed), ReadLine(child));
        Assert.False(File.Exists(_saved.FilePath));
    }

    [UnixFileFact]
    public void The_lock_of_a_process_killed_mid_renewal_is_free_at_once()
    {
        _saved.SavedSignIn.Save(TemporarySavedSignIn.NewToken(days: 1));
        using var child = StartChild("renew", _saved.FilePath, TemporarySavedSignIn.Issuer.AbsoluteUri, TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddDays(30)), Path.Combine(_saved.Folder, "never"));
        Assert.Equal(SavedSignInChild.Renewing, ReadLine(child));
        var next = TemporarySavedSignIn.NewToken(days: 2);
        Assert.Throws<SavedSignInBusyException>(() => _saved.SavedSignIn.Save(next, TimeSpan.FromMilliseconds(200)));

        child.Kill();
        Assert.True(child.WaitForExit((int)Generous.TotalMilliseconds));

        // A few seconds at most, as the issue asks: the system dropped the dead process's lock with it.
        _saved.SavedSignIn.Save(next, TimeSpan.FromSeconds(5));
        Assert.True(_saved.SavedSignIn.Read().Holds(next));
    }

    [UnixFileFact]
    public void Disconnect_wins_against_another_process_that_renews_all_the_time()
    {
        var stop = Path.Combine(_saved.Folder, "stop");
        using var child = StartChild("race", _saved.FilePath, TemporarySavedSignIn.Issuer.AbsoluteUri, stop);
        var clock = Stopwatch.StartNew();
        try
        {
            for (var round = 1; round <= 40; round++)
            {
                var generation = _saved.SavedSignIn.Save(TemporarySavedSignIn.NewToken(days: 1));
                Thread.Sleep(round % 7);

                Assert.True(_saved.SavedSignIn.Delete(generation));

                // Room for a write that raced the removal to land, had the lock not kept it out.
                Thread.Sleep(20);
                Assert.False(File.Exists(_saved.FilePath), $"The removed sign-in came back in round {round}.");
            }
        }
        finally
        {
            File.WriteAllText(stop, string.Empty);
        }

        var renewals = int.Parse(ReadLine(child));
        Assert.True(renewals > 0, "The other process never renewed, so nothing raced.");
        Assert.True(clock.Elapsed < Generous);
    }

    private static Process StartChild(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", "\"" + typeof(SavedSignInChild).Assembly.Location + "\" \"" + string.Join("\" \"", arguments) + "\"")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
        };
        return Process.Start(start)!;
    }

    private static string ReadLine(Process child)
    {
        var line = child.StandardOutput.ReadLineAsync();
        if (!line.Wait(Generous))
        {
            child.Kill();
            throw new TimeoutException("The child process wrote nothing for a minute.");
        }

        return line.Result ?? throw new InvalidOperationException($"The child process ended (exit code {(child.HasExited ? child.ExitCode : -1)}) without a line.");
    }
}
