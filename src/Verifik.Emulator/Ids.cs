using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Verifik.Emulator;

/// <summary>Identifiers shaped like Verifik's (MongoDB ObjectIds are 24 hex characters).</summary>
internal static class Ids
{
    public static string NewObjectId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    /// <summary>Stable across restarts so a seeded account keeps the same id in every run.</summary>
    public static string Derive(string purpose, string seed) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(purpose + ":" + seed)))[..24];

    public static string NewOtp() =>
        RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
}
