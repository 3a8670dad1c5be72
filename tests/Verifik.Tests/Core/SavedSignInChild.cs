using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Verifik.Tests.Core;

/// <summary>
/// The test assembly's entry point (the project sets GenerateProgramFile to false for it): run as
/// <c>dotnet Verifik.Tests.dll &lt;role&gt; ...</c>, it is another process of the same user working on the saved
/// sign-in through the real core, so the lock is proved between processes, not only between threads.
/// </summary>
public static class SavedSignInChild
{
    /// <summary>What a child writes on its own line once it holds the lock, in the middle of its renewal.</summary>
    public const string Renewing = "renewing";

    public static int Main(string[] arguments) => arguments.Length > 0 && arguments[0] == "renew" && arguments.Length == 5
        ? RenewOnce(new SavedSignIn(arguments[1]), new Uri(arguments[2]), arguments[3], arguments[4])
        : arguments.Length > 0 && arguments[0] == "race" && arguments.Length == 4
        ? RenewWhileThere(new SavedSignIn(arguments[1]), new Uri(arguments[2]), arguments[3])
        : 2;

    /// <summary>One shared renewal whose HTTP call lasts until <paramref name="release"/> exists; prints the outcome.</summary>
    private static int RenewOnce(SavedSignIn saved, Uri issuer, string newJwt, string release)
    {
        var loaded = saved.Read();
        var result = saved.RenewSharedAsync(
            loaded.Token!,
            loaded.Generation!,
            TimeSpan.MaxValue,
            async (_, cancellationToken) =>
            {
                Console.Out.WriteLine(Renewing);
                Console.Out.Flush();
                while (!File.Exists(release))
                {
                    await Task.Delay(10, cancellationToken);
                }

                return VerifikToken.FromJwt(newJwt, null, DateTimeOffset.UtcNow, issuer);
            },
            CancellationToken.None).GetAwaiter().GetResult();
        Console.Out.WriteLine(result.Outcome);
        return 0;
    }

    /// <summary>
    /// Renews the saved sign-in whenever there is one, as fast as it can, until <paramref name="stop"/> exists: the
    /// other side of the Disconnect race. Each renewal writes a token that differs from the one before.
    /// </summary>
    private static int RenewWhileThere(SavedSignIn saved, Uri issuer, string stop)
    {
        var clock = Stopwatch.StartNew();
        var renewals = 0;
        while (!File.Exists(stop) && clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            var loaded = saved.Read();
            if (loaded.Token is null)
            {
                Thread.Sleep(1);
                continue;
            }

            var next = TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddDays(20).AddSeconds(++renewals));
            saved.RenewSharedAsync(
                loaded.Token,
                loaded.Generation!,
                TimeSpan.MaxValue,
                (_, _) => Task.FromResult(VerifikToken.FromJwt(next, null, DateTimeOffset.UtcNow, issuer)),
                CancellationToken.None).GetAwaiter().GetResult();
            // No process renews back to back for real; one that did would hold the lock nearly all the time.
            Thread.Sleep(2);
        }

        Console.Out.WriteLine(renewals);
        return 0;
    }
}
