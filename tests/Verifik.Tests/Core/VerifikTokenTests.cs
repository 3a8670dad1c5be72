using System;
using System.Runtime.InteropServices;
using System.Security;
using Xunit;

namespace Verifik.Tests.Core;

public sealed class VerifikTokenTests
{
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
    public void Hides_the_jwt_from_ToString_and_gives_it_only_as_a_SecureString()
    {
        var jwt = TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddDays(1));
        var token = VerifikToken.FromJwt(" " + jwt + "\n", SignInSubject.ForEmail("ana@example.com"), DateTimeOffset.UtcNow);

        Assert.DoesNotContain(jwt.Split('.')[1], token.ToString());
        Assert.Equal(jwt, Unprotect(token.Token));
        Assert.True(token.Token.IsReadOnly());
        Assert.Equal("Bearer " + jwt, token.AuthorizationHeaderValue);
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
