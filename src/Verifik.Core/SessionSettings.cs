using System;

namespace Verifik;

/// <summary>
/// The one source of each transport setting's default and bounds: VerifikSession's initial values and setters,
/// New-VerifikSession's defaults and ValidateRange attributes, VerifikClient and the help all read them here.
/// </summary>
public static class SessionSettings
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

    /// <summary>The value, or an ArgumentOutOfRangeException that names the setting and its bounds.</summary>
    internal static int InRange(int value, int min, int max, string name) =>
        value >= min && value <= max ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be from {min} to {max}.");
}
