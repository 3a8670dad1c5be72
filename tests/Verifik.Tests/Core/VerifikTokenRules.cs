using System;
using Xunit;

namespace Verifik.Tests.Core;

/// <summary>What a token says about itself without ever showing the JWT.</summary>
public sealed class VerifikTokenRules
{
    private static readonly DateTimeOffset Expiry = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

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
    public void It_remembers_the_Verifik_that_issued_it_and_the_time_it_was_issued()
    {
        var issuer = new Uri("https://api.verifik.co/");

        var token = VerifikToken.FromJwt(TestJwt.WithExpiresAt(Expiry), null, DateTimeOffset.UtcNow, issuer);

        Assert.Equal(issuer, token.IssuedBy);
        Assert.Equal(Expiry.AddDays(-30), token.IssuedOn);
        Assert.Equal(Expiry, token.ExpiresOn);
    }

    [Fact]
    public void Text_that_is_not_a_JWT_is_refused_as_InvalidToken()
    {
        Assert.Equal(VerifikErrorKind.InvalidToken, Assert.Throws<VerifikException>(() => VerifikToken.FromJwt("  not-a-jwt ", null, DateTimeOffset.UtcNow)).Kind);
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
        Assert.Equal(signedInAs.Contains('@') ? signedInAs : null, adopted.Email);
    }
}
