using System;
using System.Text;

namespace Verifik.Tests.Core;

/// <summary>Builds unsigned test JWTs at run time, so no token is ever committed.</summary>
internal static class TestJwt
{
    public static string Create(string payloadJson) =>
        Encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + Encode(payloadJson) + "." + Encode("not-a-real-signature");

    public static string WithExpiresAt(DateTimeOffset expiresOn, string clientId = "613375a1eab2fe08527f81e2") =>
        Create($"{{\"clientId\":\"{clientId}\",\"p\":\"vk\",\"JWTPhrase\":\"0123456789abcdef01234567\",\"expiresAt\":{expiresOn.ToUnixTimeSeconds()},\"iat\":{expiresOn.AddDays(-30).ToUnixTimeSeconds()}}}");

    public static string Encode(string text) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
