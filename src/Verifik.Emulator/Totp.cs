using System;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace Verifik.Emulator;

/// <summary>RFC 6238 time-based codes as authenticator apps make them: HMAC-SHA1, 30-second steps, 6 digits.</summary>
internal static class Totp
{
    private const int StepSeconds = 30;
    private const string Base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static string Compute(string base32Secret, DateTimeOffset at) =>
        ComputeForStep(DecodeBase32(base32Secret), at.ToUnixTimeSeconds() / StepSeconds);

    /// <summary>One step either side is accepted, as real servers do, to forgive a code typed near a step boundary.</summary>
    public static bool Verify(string base32Secret, string code, DateTimeOffset at)
    {
        var secret = DecodeBase32(base32Secret);
        var step = at.ToUnixTimeSeconds() / StepSeconds;
        var candidate = code.Trim();
        for (var offset = -1; offset <= 1; offset++)
        {
            if (ComputeForStep(secret, step + offset) == candidate)
            {
                return true;
            }
        }

        return false;
    }

    private static string ComputeForStep(byte[] secret, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        var hash = HMACSHA1.HashData(secret, counter);
        var offset = hash[^1] & 0x0F;
        var binary = (BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(offset, 4)) & 0x7FFFFFFF) % 1_000_000;
        return binary.ToString("D6", CultureInfo.InvariantCulture);
    }

    private static byte[] DecodeBase32(string text)
    {
        var cleaned = text.Replace(" ", "", StringComparison.Ordinal).TrimEnd('=').ToUpperInvariant();
        var bytes = new byte[cleaned.Length * 5 / 8];
        int buffer = 0, bits = 0, index = 0;
        foreach (var character in cleaned)
        {
            var value = Base32Alphabet.IndexOf(character, StringComparison.Ordinal);
            if (value < 0)
            {
                throw new FormatException($"'{character}' is not a base32 character.");
            }

            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes[index++] = (byte)(buffer >> bits);
                buffer &= (1 << bits) - 1;
            }
        }

        return bytes;
    }
}
