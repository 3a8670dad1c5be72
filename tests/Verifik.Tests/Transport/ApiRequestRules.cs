using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Verifik.Emulator;
using Verifik.Tests.Emulator;
using Xunit;

namespace Verifik.Tests.Transport;

/// <summary>
/// What each documented call sends, and what the session learns from its answer, beyond VerifikApiRules: the body
/// of each kind of sign-in, the cooldown, a code sent by an attempt whose answer was lost, renew-and-revoke, and a
/// 401 that makes the session stop saying it is connected.
/// </summary>
public sealed class ApiRequestRules(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private const string EmailLogin = "/v2/projects/email-login";

    public Task InitializeAsync() => emulator.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private Uri BaseUri => emulator.Emulator.BaseUri;

    [Fact]
    public async Task An_email_code_request_has_no_body_and_its_language_goes_in_the_query()
    {
        var said = new List<string>();

        await VerifikApi.RequestOtpAsync(new VerifikSession(), BaseUri, SignInSubject.ForEmail("ana@example.com").InLanguage("es"), said.Add, CancellationToken.None);

        var sent = Assert.Single(emulator.Emulator.State.GetRequests());
        Assert.Equal(("?email=ana%40example.com&language=es", ""), (sent.Query, sent.Body));
        Assert.DoesNotContain(said, line => line.Contains(" by "));
    }

    [Fact]
    public async Task A_phone_code_request_names_the_language_in_its_body_only_when_one_is_asked_for()
    {
        var subject = SignInSubject.ForPhone("+57", "3001234567", PhoneGateway.Sms);

        await VerifikApi.RequestOtpAsync(new VerifikSession(), BaseUri, subject.InLanguage("es"), null, CancellationToken.None);
        using var inSpanish = JsonDocument.Parse(emulator.Emulator.State.GetRequests().Single().Body);
        await emulator.ResetAsync();
        await VerifikApi.RequestOtpAsync(new VerifikSession(), BaseUri, subject, null, CancellationToken.None);
        using var unsaid = JsonDocument.Parse(emulator.Emulator.State.GetRequests().Single().Body);

        Assert.Equal("es", inSpanish.RootElement.GetProperty("language").GetString());
        Assert.False(unsaid.RootElement.TryGetProperty("language", out _));
        Assert.Equal("login", unsaid.RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_second_request_within_the_cooldown_says_until_when_the_code_this_session_had_sent_stays_valid()
    {
        var session = new VerifikSession();
        var subject = SignInSubject.ForEmail("ana@example.com");
        await VerifikApi.RequestOtpAsync(session, BaseUri, subject, null, CancellationToken.None);

        var failure = await Assert.ThrowsAsync<VerifikException>(() => VerifikApi.RequestOtpAsync(session, BaseUri, subject, null, CancellationToken.None));

        Assert.Equal(VerifikErrorKind.OtpRecentlySent, failure.Kind);
        Assert.Contains("is still valid for", failure.Message);
    }

    [Fact]
    public async Task When_a_lost_answer_s_retry_meets_the_cooldown_the_code_the_first_attempt_sent_is_the_one_to_confirm()
    {
        emulator.Emulator.State.QueueFault(new Fault { Path = EmailLogin, Status = 502, AfterHandling = true, Body = "{}" });
        var session = new VerifikSession { MaximumRetryCount = 1, RetryIntervalSec = 0 };
        var said = new List<string>();

        var request = await VerifikApi.RequestOtpAsync(session, BaseUri, SignInSubject.ForEmail("ana@example.com"), said.Add, CancellationToken.None);

        Assert.Equal("sent", request.Status);
        Assert.InRange(request.ExpiresAt!.Value, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow + ResponseMapper.CodeLifetime);
        Assert.Single(emulator.Emulator.State.GetOutbox());
        Assert.Contains(said, line => line.Contains($"POST /v2/projects/email-login answered otp_recently_sent to a retry after 502"));
        var code = await emulator.LatestCodeAsync("ana@example.com");
        var token = await VerifikApi.ConfirmOtpAsync(session, BaseUri, request.Subject!, code, null, null, CancellationToken.None);
        Assert.Equal("ana@example.com", token.Email);
    }

    [Fact]
    public async Task A_refused_code_request_names_the_call()
    {
        emulator.Emulator.State.QueueFault(new Fault { Path = EmailLogin, Status = 500, Body = "{}" });

        var failure = await Assert.ThrowsAsync<VerifikException>(() => VerifikApi.RequestOtpAsync(new VerifikSession(), BaseUri, SignInSubject.ForEmail("ana@example.com"), null, CancellationToken.None));

        Assert.Contains("POST /v2/projects/email-login", failure.Message);
    }

    [Fact]
    public async Task Confirming_remembers_the_address_and_says_so_in_verbose_when_an_authenticator_code_goes_too()
    {
        await VerifikApi.RequestOtpAsync(new VerifikSession(), BaseUri, SignInSubject.ForEmail("ana@example.com"), null, CancellationToken.None);
        var session = new VerifikSession();
        var said = new List<string>();
        emulator.Emulator.State.QueueFault(new Fault { Path = EmailLogin + "/confirm", Status = 500, Body = "{}" });

        var failure = await Assert.ThrowsAsync<VerifikException>(() => VerifikApi.ConfirmOtpAsync(session, BaseUri, SignInSubject.ForEmail("ana@example.com"), "123456", "654321", said.Add, CancellationToken.None));
        await VerifikApi.ConfirmOtpAsync(session, BaseUri, SignInSubject.ForEmail("ana@example.com"), await emulator.LatestCodeAsync("ana@example.com"), null, said.Add, CancellationToken.None);

        Assert.Contains("POST /v2/projects/email-login/confirm", failure.Message);
        Assert.Equal("Confirming the one-time code for a***@example.com with an authenticator-app code", said[0]);
        Assert.Contains("Confirming the one-time code for a***@example.com", said);
        Assert.Contains("ana@example.com", session.UsedEmails);
    }

    [Fact]
    public async Task A_renewal_keeps_the_issuer_of_the_token_renewed_not_the_address_it_was_sent_to()
    {
        var issuer = new UriBuilder(BaseUri) { Host = "localhost" }.Uri;
        var session = new VerifikSession();
        var current = VerifikToken.FromJwt(await MintAsync(), null, DateTimeOffset.UtcNow, issuer);
        session.SetToken(current);
        var said = new List<string>();

        var renewed = await VerifikApi.RefreshTokenAsync(session, BaseUri, current, 2, said.Add, CancellationToken.None);

        Assert.Equal(issuer, renewed.IssuedBy);
        Assert.Contains(said, line => line.StartsWith("Renewing the token for ", StringComparison.Ordinal) && line.EndsWith(" for 2 month(s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_renewal_answered_401_is_Unauthorized_and_the_session_no_longer_says_it_is_connected()
    {
        var (session, current) = await SignedInAsync();
        emulator.Emulator.State.QueueFault(new Fault { Path = "/v2/auth/session", Status = 401, Body = """{"code":"Unauthorized","message":"Unauthorized"}""" });

        var failure = await Assert.ThrowsAsync<VerifikException>(() => VerifikApi.RefreshTokenAsync(session, BaseUri, current, 1, null, CancellationToken.None));

        Assert.Equal(VerifikErrorKind.Unauthorized, failure.Kind);
        Assert.False(session.IsConnected);
    }

    [Fact]
    public async Task Renew_and_revoke_posts_with_the_current_token_and_puts_the_new_one_from_the_same_issuer_in_the_session()
    {
        var issuer = new UriBuilder(BaseUri) { Host = "localhost" }.Uri;
        var (session, current) = await SignedInAsync(issuer);
        var said = new List<string>();

        var renewed = await VerifikApi.RenewAndRevokeAsync(session, BaseUri, current, said.Add, CancellationToken.None);

        var sent = emulator.Emulator.State.GetRequests().Last();
        Assert.Equal(("POST", "/v2/auth/renew-and-revoke", current.AuthorizationHeaderValue), (sent.Method, sent.Path, sent.Authorization));
        Assert.Same(renewed, session.Token);
        Assert.NotEqual(current.Reveal(), renewed.Reveal());
        Assert.Equal(issuer, renewed.IssuedBy);
        Assert.Contains(said, line => line.EndsWith("and revoking every other token of the account", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Renew_and_revoke_refused_is_an_error_naming_the_call_and_keeps_the_current_token()
    {
        var (session, current) = await SignedInAsync();
        emulator.Emulator.State.QueueFault(new Fault { Path = "/v2/auth/renew-and-revoke", Status = 403, Body = """{"code":"Forbidden","message":"Forbidden"}""" });

        var failure = await Assert.ThrowsAsync<VerifikException>(() => VerifikApi.RenewAndRevokeAsync(session, BaseUri, current, null, CancellationToken.None));

        Assert.Equal(403, failure.StatusCode);
        Assert.Contains("POST /v2/auth/renew-and-revoke", failure.Message);
        Assert.Same(current, session.Token);
    }

    [Fact]
    public async Task Any_endpoint_without_a_query_is_sent_without_one()
    {
        var (session, current) = await SignedInAsync();

        using var _ = await VerifikApi.InvokeAsync(session, BaseUri, HttpMethod.Get, "v2/clients/me", null, current, null, CancellationToken.None);

        Assert.Equal(("/v2/clients/me", ""), (emulator.Emulator.State.GetRequests().Last().Path, emulator.Emulator.State.GetRequests().Last().Query));
    }

    [Fact]
    public async Task Only_a_401_from_any_endpoint_makes_the_session_stop_saying_it_is_connected()
    {
        var (session, current) = await SignedInAsync();
        emulator.Emulator.State.QueueFault(new Fault { Path = "/v2/clients/me", Status = 500, Body = "{}" });
        emulator.Emulator.State.QueueFault(new Fault { Path = "/v2/clients/me", Status = 401, Body = """{"code":"Unauthorized","message":"Unauthorized"}""" });

        var serverError = await Assert.ThrowsAsync<VerifikException>(() => VerifikApi.InvokeAsync(session, BaseUri, HttpMethod.Get, "v2/clients/me", null, current, null, CancellationToken.None));
        var stillConnected = session.IsConnected;
        await Assert.ThrowsAsync<VerifikException>(() => VerifikApi.InvokeAsync(session, BaseUri, HttpMethod.Get, "v2/clients/me", null, current, null, CancellationToken.None));

        Assert.Contains("GET /v2/clients/me", serverError.Message);
        Assert.True(stillConnected);
        Assert.False(session.IsConnected);
    }

    private async Task<(VerifikSession Session, VerifikToken Token)> SignedInAsync(Uri? issuer = null)
    {
        var session = new VerifikSession();
        var token = VerifikToken.FromJwt(await MintAsync(), SignInSubject.ForEmail("ana@example.com"), DateTimeOffset.UtcNow, issuer ?? BaseUri);
        session.SetToken(token);
        return (session, token);
    }

    private Task<string> MintAsync() => emulator.MintTokenAsync("""{"email":"ana@example.com","lifetimeSeconds":86400}""");
}
