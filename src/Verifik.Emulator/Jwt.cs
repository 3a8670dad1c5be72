using System;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Verifik.Emulator;

/// <summary>HS256 JSON Web Tokens under one key.</summary>
internal sealed class Jwt(byte[] key)
{
    private static readonly string HeaderSegment =
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}"""));

    public string Sign(JsonObject payload)
    {
        var signingInput = HeaderSegment + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        return signingInput + "." + Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signingInput)));
    }

    /// <summary>The payload when the token is well formed, HS256 and signed with our key; otherwise null.</summary>
    public JsonObject? ReadVerified(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var header = JsonNode.Parse(Base64Url.DecodeFromChars(parts[0]));
            if (header?["alg"]?.GetValueKind() != JsonValueKind.String || header["alg"]!.GetValue<string>() != "HS256")
            {
                return null;
            }

            var expected = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
            if (!CryptographicOperations.FixedTimeEquals(expected, Base64Url.DecodeFromChars(parts[2])))
            {
                return null;
            }

            return JsonNode.Parse(Base64Url.DecodeFromChars(parts[1])) as JsonObject;
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
            return null;
        }
    }
}
