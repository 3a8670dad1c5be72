using System;
using System.Text;
using CsCheck;
using Xunit;

namespace Verifik.Tests.Properties;

/// <summary>
/// JwtClaims.Read is handed whatever a server or a user supplies. Whatever that is, it returns claims or raises
/// Verifik.InvalidToken; nothing else may escape, and an expiry it reports is a usable UTC instant.
/// </summary>
public sealed class JwtClaimsProperties
{
    private const long Iterations = 2_000;
    private static readonly string Header = Generators.Base64Url(Encoding.UTF8.GetBytes("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"));

    [Fact]
    public void Any_string_is_read_or_rejected_as_InvalidToken() =>
        Gen.String.Sample(ReadOrReject, iter: Iterations);

    [Fact]
    public void Three_parts_around_arbitrary_text_are_read_or_rejected_as_InvalidToken() =>
        Gen.Select(Gen.String, Gen.String, Gen.String, (a, b, c) => a + "." + b + "." + c)
            .Sample(ReadOrReject, iter: Iterations);

    [Fact]
    public void A_payload_of_arbitrary_bytes_is_read_or_rejected_as_InvalidToken() =>
        Gen.Byte.Array[0, 96].Select(bytes => Header + "." + Generators.Base64Url(bytes) + ".sig")
            .Sample(ReadOrReject, iter: Iterations);

    [Fact]
    public void A_payload_of_arbitrary_json_is_read_or_rejected_as_InvalidToken() => ArbitraryJson(Generators.All);

    [Fact]
    public void Expiry_and_identity_claims_of_any_kind_and_size_are_read_or_rejected_as_InvalidToken() => ArbitraryClaims(Generators.All);

    private static void ArbitraryJson(Generators generators) =>
        generators.JsonValue.Select(Jwt).Sample(ReadOrReject, iter: Iterations);

    private static void ArbitraryClaims(Generators generators) =>
        generators.ClaimsObject.Select(Jwt).Sample(ReadOrReject, iter: Iterations);

    private static string Jwt(string payloadJson) =>
        Header + "." + Generators.Base64Url(Encoding.UTF8.GetBytes(payloadJson)) + ".sig";

    private static void ReadOrReject(string text)
    {
        JwtClaims claims;
        try
        {
            claims = JwtClaims.Read(text);
        }
        catch (VerifikException ex)
        {
            Assert.Equal(VerifikErrorKind.InvalidToken, ex.Kind);
            return;
        }

        Assert.Equal(3, text.Split('.').Length);
        AssertUtc(claims.ExpiresOn);
        AssertUtc(claims.IssuedOn);

        // What the module builds from the claims must work too. FromJwt trims first, so it may still reject.
        VerifikToken token;
        try
        {
            token = VerifikToken.FromJwt(text, null, DateTimeOffset.UtcNow);
        }
        catch (VerifikException ex)
        {
            Assert.Equal(VerifikErrorKind.InvalidToken, ex.Kind);
            return;
        }

        Assert.True(token.TimeRemaining >= TimeSpan.Zero);
        Assert.NotNull(token.ToString());
    }

    private static void AssertUtc(DateTimeOffset? instant)
    {
        if (instant is { } value)
        {
            Assert.Equal(TimeSpan.Zero, value.Offset);
            Assert.Equal(DateTimeKind.Utc, value.UtcDateTime.Kind);
        }
    }
}
