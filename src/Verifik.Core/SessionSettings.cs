using System;
using System.Net;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Verifik;

/// <summary>
/// How a session talks to Verifik, as one immutable record handed to its client. Each setting is written here once,
/// with its default and bounds: VerifikSession keeps one of these (a change swaps the record and the client),
/// New-VerifikSession's parameters and ValidateRange attributes, VerifikClient, the serialised session and the help
/// all read it.
/// </summary>
public sealed record SessionSettings
{
    public const int DefaultTimeoutSec = 30;
    public const int MinTimeoutSec = 1;

    /// <summary>An hour: long enough for any answer, short enough that a hung call ends.</summary>
    public const int MaxTimeoutSec = 3600;

    public const int DefaultMaximumRetryCount = 3;
    public const int MinMaximumRetryCount = 0;

    /// <summary>With backoff doubling from the interval, more retries would wait for hours.</summary>
    public const int MaxMaximumRetryCount = 10;

    public const int DefaultRetryIntervalSec = 1;
    public const int MinRetryIntervalSec = 0;
    public const int MaxRetryIntervalSec = 60;

    /// <summary>What a session that keeps the saved sign-in renews within when RenewWithin is left automatic (null).</summary>
    public static readonly TimeSpan DefaultSavedRenewWithin = TimeSpan.FromDays(7);

    /// <summary>
    /// Half of the shortest month a renewal gives: a renewed token then always lasts longer than this, so renewing
    /// stops; a larger value could renew on every call.
    /// </summary>
    public static readonly TimeSpan MaxRenewWithin = TimeSpan.FromDays(14);

    /// <summary>
    /// Renew the token before a call when this much or less is left; 0 never renews. Null, the default, is automatic:
    /// <see cref="DefaultSavedRenewWithin"/> for a token from the saved sign-in (the renewal is written back there for
    /// every shell), 0 for any other, which a renewal could not write back to where it came from.
    /// </summary>
    public TimeSpan? RenewWithin
    {
        get;
        init => field = value is not { } span || span == TimeSpan.Zero || (span >= MinRenewWithin && span <= MaxRenewWithin)
            ? value
            : throw new ArgumentOutOfRangeException(null, $"{RenewWithinRule} {span:c} is not.");
    }

    /// <summary>
    /// The shortest non-zero RenewWithin. PowerShell reads a bare number as ticks (RenewWithin = 7 is 0.7 microseconds),
    /// which would never renew; any value under a minute is that mistake, not a choice.
    /// </summary>
    public static readonly TimeSpan MinRenewWithin = TimeSpan.FromMinutes(1);

    /// <summary>The bounds as the setter's error, New-VerifikSession's and the help state them.</summary>
    public static readonly string RenewWithinRule =
        $"RenewWithin must be {TimeSpan.Zero:c} (never renew) or from {MinRenewWithin:c} to {MaxRenewWithin:c}, such as (New-TimeSpan -Days 7), or $null for automatic ({DefaultSavedRenewWithin:c} for the saved sign-in, otherwise never).";

    /// <summary>Seconds one attempt may take before Verifik.Timeout.</summary>
    public int TimeoutSec
    {
        get => (int)Timeout.TotalSeconds;
        init => Timeout = TimeSpan.FromSeconds(InRange(value, MinTimeoutSec, MaxTimeoutSec, nameof(TimeoutSec)));
    }

    /// <summary>Retries after 429, 502, 503, 504 (GET only) and failures to connect.</summary>
    public int MaximumRetryCount
    {
        get;
        init => field = InRange(value, MinMaximumRetryCount, MaxMaximumRetryCount, nameof(MaximumRetryCount));
    } = DefaultMaximumRetryCount;

    /// <summary>The first backoff interval in seconds, doubled on each retry (with jitter); 0 retries at once.</summary>
    public int RetryIntervalSec
    {
        get => (int)RetryInterval.TotalSeconds;
        init => RetryInterval = TimeSpan.FromSeconds(InRange(value, MinRetryIntervalSec, MaxRetryIntervalSec, nameof(RetryIntervalSec)));
    }

    /// <summary>A proxy for every request; null uses the system's proxy settings.</summary>
    public Uri? Proxy
    {
        get;
        init => field = value is not null && InputRules.HasUserInfo(value)
            ? throw new ArgumentException($"{ProxyWithUserInfo} {ProxyWithUserInfoAction}")
            : value;
    }

    /// <summary>Why a proxy address with a user name or password in it is refused; New-VerifikSession's error message.</summary>
    public const string ProxyWithUserInfo = "The proxy address has a user name or password in it, which would show wherever the session is shown.";

    /// <summary>What to do instead; New-VerifikSession's recommended action.</summary>
    public const string ProxyWithUserInfoAction = "Give the proxy's address alone with -Proxy, and its user name and password with -ProxyCredential.";

    /// <summary>Internal so that no view, ConvertTo-Json or serialised session can show the password.</summary>
    internal NetworkCredential? ProxyCredential { get; init; }

    /// <summary>Bypass every proxy, the system's included.</summary>
    public bool NoProxy { get; init; }

    /// <summary>What every request's User-Agent says, so Verifik's logs can tell this module and its version apart.</summary>
    public string UserAgent => $"Verifik-PowerShell/{ModuleVersion} (PowerShell {PowerShellVersion ?? "unknown"}; {OperatingSystem})";

    /// <summary>TimeoutSec as the client uses it; tests set it below a second.</summary>
    internal TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(DefaultTimeoutSec);

    /// <summary>RetryIntervalSec as the client uses it; tests set it below a second.</summary>
    internal TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(DefaultRetryIntervalSec);

    /// <summary>Set by the cmdlets, which can read $PSVersionTable; the core has no PowerShell of its own.</summary>
    internal static string? PowerShellVersion { get; set; }

    private static readonly string ModuleVersion =
        typeof(SessionSettings).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    private static readonly string OperatingSystem =
        (RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "Windows" : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "macOS" : "Linux")
        + " " + Environment.OSVersion.Version;

    /// <summary>
    /// The value, or an ArgumentOutOfRangeException whose message is the bounds alone: PowerShell shows it as is
    /// ((Get-VerifikSession).TimeoutSec = 0), and .NET's "Parameter" and "Actual value was" lines would only add noise.
    /// </summary>
    private static int InRange(int value, int min, int max, string name) =>
        value >= min && value <= max ? value : throw new ArgumentOutOfRangeException(null, $"{name} must be from {min} to {max}; {value} is not.");
}
