using System;
using Xunit;

namespace Verifik.Tests.Core;

public sealed class SessionTests
{
    [Fact]
    public void RequireToken_names_what_is_wrong_and_what_to_do()
    {
        var session = new VerifikSession();

        Assert.Equal(VerifikErrorKind.NotConnected, Assert.Throws<VerifikException>(() => session.RequireToken()).Kind);

        session.SetToken(VerifikToken.FromJwt(TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddSeconds(-1)), null, DateTimeOffset.UtcNow));
        Assert.Equal(VerifikErrorKind.TokenExpired, Assert.Throws<VerifikException>(() => session.RequireToken()).Kind);

        session.SetToken(VerifikToken.FromJwt(TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddHours(5)), null, DateTimeOffset.UtcNow));
        var expiring = Assert.Throws<VerifikException>(() => session.RequireToken(TimeSpan.FromDays(1)));
        Assert.Equal(VerifikErrorKind.TokenExpiring, expiring.Kind);
        Assert.Contains("Update-VerifikToken", expiring.Message);
        Assert.False(session.RequireToken(TimeSpan.FromHours(4)).IsExpired);
    }

    [Fact]
    public void A_sign_in_pins_a_session_without_base_uri_to_the_issuer_but_never_moves_one_that_has_one()
    {
        var token = VerifikToken.FromJwt(TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddDays(1)), null, DateTimeOffset.UtcNow);
        var open = new VerifikSession();
        var pinned = new VerifikSession(new Uri("https://api.verifik.co"));

        open.SetToken(token, new Uri("http://127.0.0.1:5080"));
        pinned.SetToken(token, new Uri("http://127.0.0.1:5080"));

        Assert.Equal(new Uri("http://127.0.0.1:5080"), open.BaseUri);
        Assert.Equal(new Uri("https://api.verifik.co"), pinned.BaseUri);
    }

    [Fact]
    public void A_renewal_does_not_overwrite_a_token_that_was_replaced_meanwhile()
    {
        var session = new VerifikSession();
        var first = VerifikToken.FromJwt(TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddDays(1)), null, DateTimeOffset.UtcNow);
        var newer = VerifikToken.FromJwt(TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddDays(2)), null, DateTimeOffset.UtcNow);
        var renewedFirst = VerifikToken.FromJwt(TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddDays(30)), null, DateTimeOffset.UtcNow);
        session.SetToken(first);
        session.SetToken(newer);

        session.ReplaceToken(first, renewedFirst);

        Assert.Same(newer, session.Token);
    }
}
