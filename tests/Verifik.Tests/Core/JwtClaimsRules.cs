using System;
using Xunit;

namespace Verifik.Tests.Core;

/// <summary>The edges of reading a token's claims that JwtClaimsTests does not walk through.</summary>
public sealed class JwtClaimsRules
{
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

    [Fact]
    public void Up_to_one_hundred_billion_an_expiry_is_seconds_and_above_it_milliseconds()
    {
        var atTheLimit = JwtClaims.Read(TestJwt.Create("""{"exp":100000000000}""")).ExpiresOn;
        var aboveTheLimit = JwtClaims.Read(TestJwt.Create("""{"exp":100000000001}""")).ExpiresOn;

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(100_000_000_000), atTheLimit);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(100_000_000_001), aboveTheLimit);
    }

    [Theory]
    [InlineData("""{"exp":300000000000000}""")]
    [InlineData("""{"exp":"1e300"}""")]
    [InlineData("""{"exp":"NaN"}""")]
    [InlineData("""{"exp":true}""")]
    public void An_expiry_past_the_last_representable_date_or_not_a_number_or_date_is_unknown(string payload)
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
    [InlineData("a.b", "three dot-separated parts")]
    [InlineData(".eyJ9.c", "three dot-separated parts")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.!!!!.sig", "characters other than the letters, digits, '-' and '_' of base64url")]
    public void Each_reason_a_text_is_not_a_token_is_named_with_what_to_pass_instead(string text, string reason)
    {
        var error = Assert.Throws<VerifikException>(() => JwtClaims.Read(text));

        Assert.Contains(reason, error.Message);
        Assert.Contains("starts with 'eyJ'", error.Message);
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
    public void A_text_as_long_as_the_limit_is_refused_before_it_is_read()
    {
        var error = Assert.Throws<VerifikException>(() => JwtClaims.Read(new string('a', VerifikToken.MaxLength)));

        Assert.Contains("it has 65536 characters, and a token has fewer than 65536", error.Message);
    }

    [Fact]
    public void A_payload_that_is_not_base64url_says_so()
    {
        var error = Assert.Throws<VerifikException>(() => JwtClaims.Read("eyJhbGciOiJIUzI1NiJ9.abcde.sig"));

        Assert.Contains("its payload is not base64url", error.Message);
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
}
