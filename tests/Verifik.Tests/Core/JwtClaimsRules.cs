using System;
using Xunit;

namespace Verifik.Tests.Core;

/// <summary>
/// Reading a token's claims: whose it is, when it expires and was issued (each encoding Verifik has used, and the
/// edges), and why a text that is not a token is refused as InvalidToken.
/// </summary>
public sealed class JwtClaimsRules
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

    [Fact]
    public void Reads_older_tokens_with_role_and_v()
    {
        var claims = JwtClaims.Read(TestJwt.Create("{\"clientId\":\"613375a1eab2fe08527f81e2\",\"role\":\"client\",\"v\":2}"));

        Assert.Equal("613375a1eab2fe08527f81e2", claims.ClientId);
        Assert.Null(claims.IssuedOn);
    }

    [Fact]
    public void The_client_comes_from_clientId_and_else_from_sub()
    {
        Assert.Equal("from-sub", JwtClaims.Read(TestJwt.Create("""{"sub":"from-sub"}""")).ClientId);
        Assert.Equal("from-clientId", JwtClaims.Read(TestJwt.Create("""{"sub":"from-sub","clientId":"from-clientId"}""")).ClientId);
    }

    [Fact]
    public void A_claim_passes_the_server_text_gate_so_no_control_or_format_character_and_no_more_than_its_cap_is_shown()
    {
        var hostile = JwtClaims.Read(TestJwt.Create("""{"clientId":"ana\u001b]52;c;Y3VybA==\u0007\u001b[2K\u202egnp.exe\u009b31m"}""")).ClientId;
        var huge = JwtClaims.Read(TestJwt.Create($$"""{"sub":"{{new string('x', 48_000)}}"}""")).ClientId;
        var onlyControls = JwtClaims.Read(TestJwt.Create("""{"clientId":"\u001b\u202e","sub":"fallback"}""")).ClientId;

        Assert.Equal(ServerText.Clean(hostile), hostile);
        Assert.DoesNotMatch(@"[\p{Cc}\p{Cf}]", hostile);
        Assert.StartsWith("ana]52;c;Y3VybA==[2Kgnp.exe", hostile);
        Assert.Equal(ServerText.MaxLength + 1, huge!.Length);
        // A claim that is nothing once cleaned is no claim: the next one, or "an unknown client", is shown instead.
        Assert.Equal("fallback", onlyControls);
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

    [Fact]
    public void Up_to_one_hundred_billion_an_expiry_is_seconds_and_above_it_milliseconds()
    {
        var atTheLimit = JwtClaims.Read(TestJwt.Create("""{"exp":100000000000}""")).ExpiresOn;
        var aboveTheLimit = JwtClaims.Read(TestJwt.Create("""{"exp":100000000001}""")).ExpiresOn;

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(100_000_000_000), atTheLimit);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(100_000_000_001), aboveTheLimit);
    }

    [Fact]
    public void An_expiry_of_zero_is_the_epoch_a_long_expired_token_not_an_unknown_expiry()
    {
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(0), JwtClaims.Read(TestJwt.Create("""{"exp":0}""")).ExpiresOn);
        Assert.Null(JwtClaims.Read(TestJwt.Create("""{"exp":-1}""")).ExpiresOn);
    }

    [Fact]
    public void The_last_millisecond_a_date_can_hold_is_still_a_date()
    {
        var last = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(last), JwtClaims.Read(TestJwt.Create($"{{\"exp\":{last}}}")).ExpiresOn);
        Assert.Null(JwtClaims.Read(TestJwt.Create($"{{\"exp\":{last + 1}}}")).ExpiresOn);
    }

    [Theory]
    [InlineData("{\"clientId\":\"abc\"}")]
    [InlineData("{\"exp\":\"soon\"}")]
    [InlineData("{\"exp\":null}")]
    [InlineData("{\"exp\":-5}")]
    [InlineData("{\"exp\":1e300}")]
    [InlineData("""{"exp":300000000000000}""")]
    [InlineData("""{"exp":"1e300"}""")]
    [InlineData("""{"exp":"NaN"}""")]
    [InlineData("""{"exp":true}""")]
    public void An_expiry_that_is_missing_negative_past_the_last_date_or_not_a_number_or_date_is_unknown(string payload)
    {
        Assert.Null(JwtClaims.Read(TestJwt.Create(payload)).ExpiresOn);
    }

    [Fact]
    public void The_issue_date_is_read_like_the_expiry()
    {
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), JwtClaims.Read(TestJwt.Create("""{"iat":"1700000000"}""")).IssuedOn);
        Assert.Null(JwtClaims.Read(TestJwt.Create("""{"iat":"yesterday"}""")).IssuedOn);
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
    [InlineData("a.b", "three dot-separated parts")]
    [InlineData(".eyJ9.c", "three dot-separated parts")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.!!!!.sig", "characters other than the letters, digits, '-' and '_' of base64url")]
    public void Each_reason_a_text_is_not_a_token_is_named_with_what_to_pass_instead(string text, string reason)
    {
        var error = Assert.Throws<VerifikException>(() => JwtClaims.Read(text));

        Assert.Contains(reason, error.Message);
        Assert.Contains("starts with 'eyJ'", error.Message);
    }

    [Fact]
    public void A_payload_that_is_not_base64url_says_so()
    {
        var error = Assert.Throws<VerifikException>(() => JwtClaims.Read("eyJhbGciOiJIUzI1NiJ9.abcde.sig"));

        Assert.Contains("its payload is not base64url", error.Message);
    }

    [Theory]
    [InlineData("[1]", "not a JSON object")]
    [InlineData("{\"a\":", "not JSON")]
    [InlineData("{\"clientId\":\"\\uD800\"}", "not valid Unicode")]
    public void A_payload_that_cannot_be_read_says_why(string payload, string reason)
    {
        var error = Assert.Throws<VerifikException>(() => JwtClaims.Read(TestJwt.Create(payload)));

        Assert.Equal(VerifikErrorKind.InvalidToken, error.Kind);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void A_payload_of_null_is_not_a_json_object()
    {
        var error = Assert.Throws<VerifikException>(() => JwtClaims.Read(TestJwt.Create("null")));

        Assert.Equal(VerifikErrorKind.InvalidToken, error.Kind);
    }

    [Fact]
    public void A_text_as_long_as_the_limit_is_refused_before_it_is_read()
    {
        var error = Assert.Throws<VerifikException>(() => JwtClaims.Read(new string('a', VerifikToken.MaxLength)));

        Assert.Equal(VerifikErrorKind.InvalidToken, error.Kind);
        Assert.Contains(VerifikToken.MaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
    }
}
