using System;
using System.Runtime.InteropServices;
using System.Security;
using Xunit;

namespace Verifik.Tests.Core;

/// <summary>What a token says about itself (expiry, issuer, whom it belongs to) without ever showing the JWT.</summary>
public sealed class VerifikTokenRules
{
    private static readonly DateTimeOffset Expiry = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void Takes_expiry_from_the_jwt()
    {
        var expiry = DateTimeOffset.UtcNow.AddDays(10);
        var token = VerifikToken.FromJwt(TestJwt.WithExpiresAt(expiry), SignInSubject.ForEmail("ana@example.com"), DateTimeOffset.UtcNow);

        Assert.Equal(expiry.ToUnixTimeSeconds(), token.ExpiresOn.ToUnixTimeSeconds());
        Assert.False(token.IsExpired);
        Assert.InRange(token.TimeRemaining, TimeSpan.FromDays(9.9), TimeSpan.FromDays(10));
        Assert.Equal("Bearer", token.TokenType);
        Assert.Equal("ana@example.com", token.Email);
    }

    [Fact]
    public void Falls_back_to_the_documented_30_days_from_receipt()
    {
        var received = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        var token = VerifikToken.FromJwt(TestJwt.Create("{\"clientId\":\"x\"}"), null, received);

        Assert.Equal(received.AddDays(30), token.ExpiresOn);
        Assert.Equal(received, token.IssuedOn);
    }

    [Fact]
    public void An_expired_token_has_no_time_remaining()
    {
        var token = VerifikToken.FromJwt(TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddMinutes(-1)), null, DateTimeOffset.UtcNow);

        Assert.True(token.IsExpired);
        Assert.Equal(TimeSpan.Zero, token.TimeRemaining);
    }

    [Fact]
    public void It_remembers_the_Verifik_that_issued_it_and_the_time_it_was_issued()
    {
        var issuer = new Uri("https://api.verifik.co/");

        var token = VerifikToken.FromJwt(TestJwt.WithExpiresAt(Expiry), null, DateTimeOffset.UtcNow, issuer);

        Assert.Equal(issuer, token.IssuedBy);
        Assert.Equal(Expiry.AddDays(-30), token.IssuedOn);
        Assert.Equal(Expiry, token.ExpiresOn);
    }

    [Fact]
    public void It_names_whom_it_belongs_to_the_address_or_phone_else_the_client_else_an_unknown_client()
    {
        var byPhone = VerifikToken.FromJwt(TestJwt.WithExpiresAt(Expiry), SignInSubject.ForPhone("+57", "3001234567"), DateTimeOffset.UtcNow);
        var byClient = VerifikToken.FromJwt(TestJwt.WithExpiresAt(Expiry, "client-7"), null, DateTimeOffset.UtcNow);
        var unknown = VerifikToken.FromJwt(TestJwt.Create("""{"expiresAt":1893553445}"""), null, DateTimeOffset.UtcNow);

        Assert.Equal("Verifik bearer token for +57 3001234567, expires 2030-01-02 03:04:05Z", byPhone.ToString());
        Assert.Equal(("+57", "3001234567", null), (byPhone.CountryCode, byPhone.Phone, byPhone.Email));
        Assert.StartsWith("Verifik bearer token for client client-7,", byClient.ToString());
        Assert.StartsWith("Verifik bearer token for an unknown client,", unknown.ToString());
    }

    [Fact]
    public void It_is_signed_in_as_the_address_or_phone_it_was_requested_for_else_its_client_labelled_as_one()
    {
        var byEmail = VerifikToken.FromJwt(TestJwt.WithExpiresAt(Expiry, "client-7"), SignInSubject.ForEmail("ana@example.com"), DateTimeOffset.UtcNow);
        var byPhone = VerifikToken.FromJwt(TestJwt.WithExpiresAt(Expiry, "client-7"), SignInSubject.ForPhone("+57", "3001234567"), DateTimeOffset.UtcNow);
        var byClient = VerifikToken.FromJwt(TestJwt.WithExpiresAt(Expiry, "client-7"), null, DateTimeOffset.UtcNow);

        Assert.Equal("ana@example.com", byEmail.SignedInAs);
        Assert.Equal("+57 3001234567", byPhone.SignedInAs);
        Assert.Equal("client client-7", byClient.SignedInAs);
    }

    [Theory]
    [InlineData("\"ana@example.com\"", "ana@example.com", "a***@example.com")]
    [InlineData("\"not an address\"", "client client-7", "client client-7")]
    [InlineData("42", "client client-7", "client client-7")]
    public void An_adopted_token_is_signed_in_as_the_address_it_carries_else_its_client(string claim, string signedInAs, string masked)
    {
        var adopted = VerifikToken.FromJwt(TestJwt.Create("{\"clientId\":\"client-7\",\"email\":" + claim + "}"), null, DateTimeOffset.UtcNow);

        Assert.Equal(signedInAs, adopted.SignedInAs);
        Assert.Equal(masked, adopted.MaskedSignedInAs);
        Assert.Equal(signedInAs.Contains("@") ? signedInAs : null, adopted.Email);
    }

    [Fact]
    public void Hides_the_jwt_from_ToString_and_gives_it_only_as_a_SecureString()
    {
        var jwt = TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddDays(1));
        var token = VerifikToken.FromJwt(" " + jwt + "\n", SignInSubject.ForEmail("ana@example.com"), DateTimeOffset.UtcNow);

        Assert.DoesNotContain(jwt.Split('.')[1], token.ToString());
        Assert.Equal(jwt, Unprotect(token.Token));
        Assert.True(token.Token.IsReadOnly());
        Assert.Equal("Bearer " + jwt, token.AuthorizationHeaderValue);
    }

    [Fact]
    public void Text_that_is_not_a_JWT_is_refused_as_InvalidToken()
    {
        Assert.Equal(VerifikErrorKind.InvalidToken, Assert.Throws<VerifikException>(() => VerifikToken.FromJwt("  not-a-jwt ", null, DateTimeOffset.UtcNow)).Kind);
    }

    private static string Unprotect(SecureString secure)
    {
        var pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
        try
        {
            return Marshal.PtrToStringUni(pointer)!;
        }
        finally
        {
            Marshal.ZeroFreeGlobalAllocUnicode(pointer);
        }
    }
}
