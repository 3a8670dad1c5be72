using System;
using System.Collections.Concurrent;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace Verifik;

/// <summary>
/// One default session per process, as Graph and Az keep one context: a sign-in at the prompt serves thread jobs,
/// ForEach-Object -Parallel and hosted runspaces too, and Disconnect-Verifik in any of them signs them all out.
/// VerifikSession is safe to share between threads; separate identities use New-VerifikSession and -Session.
/// </summary>
internal static class DefaultSession
{
    private static readonly VerifikSession Shared = new();

    /// <summary>Runspaces given a default session of their own: <see cref="Isolate"/>.</summary>
    private static readonly ConditionalWeakTable<Runspace, VerifikSession> Isolated = new();

    /// <summary>
    /// The issuer each token from $env:VERIFIK_ACCESS_TOKEN was first adopted for, keyed by the token's SHA-256 so
    /// the process keeps no second copy of it. A later $env:VERIFIK_BASE_URL never moves that token elsewhere.
    /// SHA256CryptoServiceProvider rather than SHA256.Create(): on .NET Framework under the Windows FIPS policy the
    /// managed implementation Create() returns throws.
    /// </summary>
    private static readonly ConcurrentDictionary<string, Uri> EnvironmentTokenIssuers = new(StringComparer.Ordinal);

    /// <summary>Serialises adoption, so two runspaces' first calls adopt one token and read the saved sign-in once.</summary>
    internal static readonly object AdoptionGate = new();

    public static VerifikSession Current =>
        Runspace.DefaultRunspace is { } runspace && Isolated.TryGetValue(runspace, out var own) ? own : Shared;

    /// <summary>
    /// Gives a runspace a default session of its own, before it runs anything. Internal, for the hosted-runspace
    /// tests: they run in parallel in one process and each needs its own sign-in state.
    /// </summary>
    internal static VerifikSession Isolate(Runspace runspace) => Isolated.GetValue(runspace, _ => new VerifikSession());

    /// <summary>
    /// Where a token from $env:VERIFIK_ACCESS_TOKEN was issued: the address recorded the first time this process
    /// adopted it, else <paramref name="now"/>, which is then recorded.
    /// </summary>
    internal static Uri IssuerOfEnvironmentToken(string jwt, Func<Uri> now) =>
        EnvironmentTokenIssuers.GetOrAdd(Fingerprint(jwt.Trim()), _ => now());

    private static string Fingerprint(string jwt)
    {
        using var sha = new SHA256CryptoServiceProvider();
        return Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(jwt)));
    }
}
