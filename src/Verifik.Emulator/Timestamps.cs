using System;
using System.Globalization;

namespace Verifik.Emulator;

internal static class Timestamps
{
    /// <summary>The JavaScript <c>toISOString()</c> form Verifik's Node API returns.</summary>
    public static string Iso(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
