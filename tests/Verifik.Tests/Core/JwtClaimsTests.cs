using System;
using Xunit;

namespace Verifik.Tests.Core;

public sealed class JwtClaimsTests
{
    private static readonly DateTimeOffset Expiry = new(2026, 12, 25, 17, 14, 58, TimeSpan.Zero);

    [Fact]
    public void Reads_the_current_verifik_payload()
    {
        var claims = JwtClaims.Read(TestJwt.WithExpiresAt(Expiry, "684c5c92b2ff0e9fe242ffd6"));

        Assert.Equal("684c5c92b2ff0e9fe242ffd6", claims.ClientId);
        Assert.Equal(Expiry, claims.ExpiresOn);
        Assert.Equal(Expiry.AddDays(-30), claims.IssuedOn);
    }

    [Theory]
    [InlineData("{\"exp\":1798218898}")]
    [InlineData("{\"exp\":1798218898000}")]
    [InlineData("{\"expiresAt\":1798218898000}")]
    [InlineData("{\"expiresAt\":\"1798218898\"}")]
    [InlineData("{\"expiresAt\":\"2026-12-25T17:14:58.000Z\"}")]
    [InlineData("{\"exp\":\"2026-12-25T12:14:58-05:00\"}")]
    public void Reads_expiry_as_seconds_milliseconds_or_a_date_string(string payload)
    {
        Assert.Equal(Expiry, JwtClaims.Read(TestJwt.Create(payload)).ExpiresOn);
    }

    [Fact]
    public void Prefers_expiresAt_over_exp()
    {
        var claims = JwtClaims.Read(TestJwt.Create($"{{\"expiresAt\":{Expiry.ToUnixTimeSeconds()},\"exp\":1}}"));

        Assert.Equal(Expiry, claims.ExpiresOn);
    }

    [Theory]
    [InlineData("{\"clientId\":\"abc\"}")]
    [InlineData("{\"exp\":\"soon\"}")]
    [InlineData("{\"exp\":null}")]
    [InlineData("{\"exp\":-5}")]
    [InlineData("{\"exp\":1e300}")]
    public void Leaves_expiry_unknown_when_no_claim_can_be_read(string payload)
    {
        Assert.Null(JwtClaims.Read(TestJwt.Create(payload)).ExpiresOn);
    }

    [Fact]
    public void Reads_older_tokens_with_role_and_v()
    {
        var claims = JwtClaims.Read(TestJwt.Create("{\"clientId\":\"613375a1eab2fe08527f81e2\",\"role\":\"client\",\"v\":2}"));

        Assert.Equal("613375a1eab2fe08527f81e2", claims.ClientId);
        Assert.Null(claims.IssuedOn);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a token")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9..sig")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.!!!!.sig")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.a.sig")]
    public void Rejects_what_is_not_a_jwt_with_InvalidToken(string text)
    {
        var error = Assert.Throws<VerifikException>(() => JwtClaims.Read(text));

        Assert.Equal("Verifik.InvalidToken", error.ErrorId);
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("null")]
    [InlineData("{\"clientId\":")]
    public void Rejects_a_payload_that_is_not_a_json_object(string payload)
    {
        var error = Assert.Throws<VerifikException>(() => JwtClaims.Read(TestJwt.Create(payload)));

        Assert.Equal(VerifikErrorKind.InvalidToken, error.Kind);
    }
}
