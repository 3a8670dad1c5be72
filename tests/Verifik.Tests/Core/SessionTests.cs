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
        Assert.Contains("Update-VerifikToken", expiring.RecommendedAction);
        Assert.False(session.RequireToken(TimeSpan.FromHours(4)).IsExpired);
    }

    [Fact]
    public void Calls_with_a_token_go_back_to_its_issuer_unless_told_otherwise_and_the_session_is_not_changed()
    {
        var issuer = new Uri("http://127.0.0.1:5080");
        var open = new VerifikSession();
        open.SetToken(VerifikToken.FromJwt(TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddDays(1)), null, DateTimeOffset.UtcNow, issuer));

        Assert.Null(open.BaseUri);
        Assert.Equal(issuer, BaseUriResolver.Resolve(null, open, tokenIssuer: open.Token!.IssuedBy));
        Assert.Equal(new Uri("https://session.example"), BaseUriResolver.Resolve(null, new VerifikSession(new Uri("https://session.example")), tokenIssuer: issuer));
        Assert.Equal(new Uri("https://param.example"), BaseUriResolver.Resolve(new Uri("https://param.example"), open, tokenIssuer: issuer));
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

        var replaced = session.ReplaceToken(first, renewedFirst);

        Assert.False(replaced);
        Assert.Same(newer, session.Token);
        Assert.True(session.ReplaceToken(newer, renewedFirst));
        Assert.Same(renewedFirst, session.Token);
    }
}
