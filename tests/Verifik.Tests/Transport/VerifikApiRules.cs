using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Verifik.Emulator;
using Verifik.Tests.Emulator;
using Xunit;

namespace Verifik.Tests.Transport;

/// <summary>Which documented call each sign-in step makes, and with what, checked by what the emulator received and did.</summary>
public sealed class VerifikApiRules(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => emulator.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private Uri BaseUri => emulator.Emulator.BaseUri;

    [Fact]
    public async Task An_email_code_is_asked_for_with_the_address_in_the_query_and_no_body()
    {
        var session = new VerifikSession();

        var request = await VerifikApi.RequestOtpAsync(session, BaseUri, SignInSubject.ForEmail("ana@example.com"), null, CancellationToken.None);

        var sent = Assert.Single(emulator.Emulator.State.GetRequests());
        Assert.Equal(("POST", "/v2/projects/email-login", "?email=ana%40example.com"), (sent.Method, sent.Path, sent.Query));
        Assert.Equal("email", Assert.Single(emulator.Emulator.State.GetOutbox()).Channel);
        Assert.Equal("ana@example.com", request.Email);
        Assert.Null(request.Phone);
        Assert.Equal(BaseUri, request.BaseUri);
        Assert.Same(session, request.Session);
        // Who is signed in comes from the token, which a request alone does not give; the address is remembered for completion.
        Assert.Null(session.Email);
        Assert.Contains("ana@example.com", session.UsedEmails);
    }

    [Theory]
    [InlineData(PhoneGateway.Sms, "sms")]
    [InlineData(PhoneGateway.WhatsApp, "whatsapp")]
    public async Task A_phone_code_is_asked_for_with_country_code_phone_and_gateway_in_a_JSON_body(PhoneGateway gateway, string channel)
    {
        var session = new VerifikSession();

        var request = await VerifikApi.RequestOtpAsync(session, BaseUri, SignInSubject.ForPhone("+57", "3001234567", gateway), null, CancellationToken.None);

        var sent = Assert.Single(emulator.Emulator.State.GetRequests());
        Assert.Equal(("POST", "/v2/projects/phone-login", ""), (sent.Method, sent.Path, sent.Query));
        var message = Assert.Single(emulator.Emulator.State.GetOutbox());
        Assert.Equal(channel, message.Channel);
        Assert.Equal("+57 3001234567", message.To);
        Assert.Equal(("+57", "3001234567", channel), (request.CountryCode, request.Phone, request.Gateway));
        Assert.Null(request.Email);
        Assert.Null(session.Email);
    }

    [Fact]
    public async Task Confirming_an_email_code_sends_address_and_code_and_keeps_the_token_in_the_session()
    {
        var session = new VerifikSession();
        var subject = SignInSubject.ForEmail("ana@example.com");
        await VerifikApi.RequestOtpAsync(new VerifikSession(), BaseUri, subject, null, CancellationToken.None);

        var token = await VerifikApi.ConfirmOtpAsync(session, BaseUri, subject, await emulator.LatestCodeAsync("ana@example.com"), null, null, CancellationToken.None);

        Assert.Equal("/v2/projects/email-login/confirm", emulator.Emulator.State.GetRequests().Last().Path);
        Assert.Same(token, session.Token);
        Assert.Equal("ana@example.com", token.Email);
        Assert.Equal(BaseUri, token.IssuedBy);
        Assert.Equal("ana@example.com", session.Email);
        Assert.Equal(200, (int)(await emulator.GetMeAsync(token.AuthorizationHeaderValue)).StatusCode);
    }

    [Fact]
    public async Task Confirming_a_phone_code_sends_country_code_phone_and_code_and_leaves_the_session_address_alone()
    {
        var session = new VerifikSession();
        var subject = SignInSubject.ForPhone("+57", "3001234567");
        await VerifikApi.RequestOtpAsync(session, BaseUri, subject, null, CancellationToken.None);

        var token = await VerifikApi.ConfirmOtpAsync(session, BaseUri, subject, await emulator.LatestCodeAsync("+57 3001234567"), null, null, CancellationToken.None);

        Assert.Equal("/v2/projects/phone-login/confirm", emulator.Emulator.State.GetRequests().Last().Path);
        Assert.Same(token, session.Token);
        Assert.Equal(("+57", "3001234567"), (token.CountryCode, token.Phone));
        Assert.Null(session.Email);
    }

    [Fact]
    public async Task A_wrong_code_is_InvalidOtp_and_leaves_the_session_without_a_token()
    {
        var session = new VerifikSession();
        var subject = SignInSubject.ForEmail("ana@example.com");
        await VerifikApi.RequestOtpAsync(session, BaseUri, subject, null, CancellationToken.None);
        var wrong = await emulator.LatestCodeAsync("ana@example.com") == "000000" ? "111111" : "000000";

        var failure = await Assert.ThrowsAsync<VerifikException>(() => VerifikApi.ConfirmOtpAsync(session, BaseUri, subject, wrong, null, null, CancellationToken.None));

        Assert.Equal(VerifikErrorKind.InvalidOtp, failure.Kind);
        Assert.Null(session.Token);
    }

    [Fact]
    public async Task The_authenticator_code_is_sent_with_the_emailed_one_for_a_two_factor_account()
    {
        var session = new VerifikSession();
        var subject = SignInSubject.ForEmail("two@example.com");
        var request = await VerifikApi.RequestOtpAsync(session, BaseUri, subject, null, CancellationToken.None);
        var code = await emulator.LatestCodeAsync("two@example.com");
        var authenticator = (await emulator.ReadJsonAsync(await emulator.Client.GetAsync("_emulator/authenticator?email=two%40example.com"))).GetProperty("code").GetString()!;

        var asked = await Assert.ThrowsAsync<VerifikException>(() => VerifikApi.ConfirmOtpAsync(session, BaseUri, subject, code, null, null, CancellationToken.None));
        var token = await VerifikApi.ConfirmOtpAsync(session, BaseUri, subject, code, authenticator, null, CancellationToken.None);

        Assert.True(request.Requires2FA);
        Assert.Equal(VerifikErrorKind.AuthenticatorOtpRequired, asked.Kind);
        Assert.Equal("two@example.com", token.Email);
    }

    [Fact]
    public async Task A_renewal_asks_for_the_months_with_the_current_token_and_replaces_it_in_the_session()
    {
        var session = new VerifikSession();
        var current = VerifikToken.FromJwt(await MintAsync(), SignInSubject.ForEmail("ana@example.com"), DateTimeOffset.UtcNow, BaseUri);
        session.SetToken(current);

        var renewed = await VerifikApi.RefreshTokenAsync(session, BaseUri, current, 3, null, CancellationToken.None);

        var sent = emulator.Emulator.State.GetRequests().Last();
        Assert.Equal(("GET", "/v2/auth/session", "?origin=refresh&expiresIn=3"), (sent.Method, sent.Path, sent.Query));
        Assert.Same(renewed, session.Token);
        Assert.NotEqual(current.Reveal(), renewed.Reveal());
        Assert.Equal("ana@example.com", renewed.Email);
        Assert.Equal(BaseUri, renewed.IssuedBy);
    }

    [Fact]
    public async Task A_renewal_that_Verifik_refuses_is_an_error_and_keeps_the_current_token()
    {
        var session = new VerifikSession();
        var current = VerifikToken.FromJwt(await MintAsync(), null, DateTimeOffset.UtcNow, BaseUri);
        session.SetToken(current);
        emulator.Emulator.State.QueueFault(new Fault { Path = "/v2/auth/session", Status = 401, Body = """{"code":"Unauthorized","message":"Unauthorized"}""" });

        var failure = await Assert.ThrowsAsync<VerifikException>(() => VerifikApi.RefreshTokenAsync(session, BaseUri, current, 1, null, CancellationToken.None));

        Assert.Equal(401, failure.StatusCode);
        Assert.Same(current, session.Token);
    }

    [Theory]
    [InlineData("bob+ops@example.com", 7 * 86400)]
    [InlineData("ana@example.com", 3600)]
    public async Task A_renewal_answered_with_another_account_s_or_a_shorter_token_keeps_the_current_one(string email, int lifetimeSeconds)
    {
        var session = new VerifikSession();
        var current = VerifikToken.FromJwt(await MintAsync(), null, DateTimeOffset.UtcNow, BaseUri);
        session.SetToken(current);
        var other = await emulator.MintTokenAsync($$"""{"email":"{{email}}","lifetimeSeconds":{{lifetimeSeconds}}}""");
        emulator.Emulator.State.QueueFault(new Fault { Path = "/v2/auth/session", Status = 200, Body = $$"""{"accessToken":"{{other}}","tokenType":"bearer"}""" });

        var failure = await Assert.ThrowsAsync<VerifikException>(() => VerifikApi.RefreshTokenAsync(session, BaseUri, current, 1, null, CancellationToken.None));

        Assert.Equal("Verifik.InvalidResponse", failure.ErrorId);
        Assert.DoesNotContain(other, failure.Message);
        Assert.Same(current, session.Token);
    }

    [Fact]
    public async Task A_token_that_is_not_a_JWT_in_a_successful_answer_is_the_server_s_fault()
    {
        var subject = SignInSubject.ForEmail("ana@example.com");
        emulator.Emulator.State.QueueFault(new Fault { Path = "/v2/projects/email-login/confirm", Status = 200, Body = """{"data":{"accessToken":"not-a-jwt"}}""" });

        var failure = await Assert.ThrowsAsync<VerifikException>(() => VerifikApi.ConfirmOtpAsync(new VerifikSession(), BaseUri, subject, "123456", null, null, CancellationToken.None));

        Assert.Equal(VerifikErrorKind.InvalidResponse, failure.Kind);
        Assert.Contains("not a readable JWT", failure.Message);
        Assert.IsType<VerifikException>(failure.InnerException);
    }

    [Fact]
    public async Task Any_endpoint_is_called_with_its_query_kept_apart_and_the_token_as_bearer()
    {
        var token = VerifikToken.FromJwt(await MintAsync(), null, DateTimeOffset.UtcNow, BaseUri);

        using var document = await VerifikApi.InvokeAsync(new VerifikSession(), BaseUri, HttpMethod.Get, "v2/clients/me?fields=email", null, token, null, CancellationToken.None);

        var sent = emulator.Emulator.State.GetRequests().Last();
        Assert.Equal(("/v2/clients/me", "?fields=email"), (sent.Path, sent.Query));
        Assert.Equal("ana@example.com", document!.RootElement.GetProperty("data").GetProperty("email").GetString());
    }

    [Fact]
    public async Task Any_endpoint_answering_without_a_body_gives_null_and_an_error_answer_throws()
    {
        var token = VerifikToken.FromJwt(await MintAsync(), null, DateTimeOffset.UtcNow, BaseUri);
        emulator.Emulator.State.QueueFault(new Fault { Path = "/v2/clients/me", Status = 204 });
        emulator.Emulator.State.QueueFault(new Fault { Path = "/v2/clients/me", Status = 404, Body = """{"code":"NotFound","message":"Route not found"}""" });
        var session = new VerifikSession();

        var empty = await VerifikApi.InvokeAsync(session, BaseUri, HttpMethod.Get, "v2/clients/me", null, token, null, CancellationToken.None);
        var failure = await Assert.ThrowsAsync<VerifikException>(() => VerifikApi.InvokeAsync(session, BaseUri, HttpMethod.Get, "v2/clients/me", null, token, null, CancellationToken.None));

        Assert.Null(empty);
        Assert.Equal(404, failure.StatusCode);
        Assert.DoesNotContain(token.Reveal(), failure.Message);
    }

    [Fact]
    public async Task What_each_step_does_is_told_in_verbose_with_the_address_masked()
    {
        var said = new StringBuilder();

        await VerifikApi.RequestOtpAsync(new VerifikSession(), BaseUri, SignInSubject.ForPhone("+57", "3001234567", PhoneGateway.WhatsApp), line => said.AppendLine(line), CancellationToken.None);

        Assert.Contains("by WhatsApp", said.ToString());
        Assert.DoesNotContain("3001234567", said.ToString());
    }

    [Fact]
    public async Task Any_endpoint_sends_the_extra_headers_and_tells_the_status_and_headers_of_each_answer_an_error_s_too()
    {
        var token = VerifikToken.FromJwt(await MintAsync(), null, DateTimeOffset.UtcNow, BaseUri);
        emulator.Emulator.State.QueueFault(new Fault { Path = "/v2/clients/me", Status = 404, Body = """{"code":"NotFound","message":"Route not found"}""", Headers = new Dictionary<string, string> { ["X-Request-Id"] = "r-404" } });
        var extra = RequestHeaders.From([new("X-Correlation-Id", "c-1"), new("Accept-Language", "es")]);
        var told = new List<(int Status, IReadOnlyDictionary<string, string[]> Headers)>();

        await Assert.ThrowsAsync<VerifikException>(() => VerifikApi.InvokeAsync(new VerifikSession(), BaseUri, HttpMethod.Get, "v2/clients/me", null, token, null, CancellationToken.None, extra, (status, headers) => told.Add((status, headers))));
        using var _ = await VerifikApi.InvokeAsync(new VerifikSession(), BaseUri, HttpMethod.Get, "v2/clients/me", null, token, null, CancellationToken.None, extra, (status, headers) => told.Add((status, headers)));

        Assert.Equal([404, 200], told.Select(answer => answer.Status));
        Assert.Equal(["r-404"], told[0].Headers["x-request-id"]);
        Assert.Equal(["application/json"], told[1].Headers["Content-Type"].Select(value => value.Split(';')[0]));
        Assert.All(emulator.Emulator.State.GetRequests(), sent => Assert.Equal(("c-1", "es"), (sent.Headers["X-Correlation-Id"], sent.Headers["Accept-Language"])));
    }

    private Task<string> MintAsync() => emulator.MintTokenAsync("""{"email":"ana@example.com","lifetimeSeconds":86400}""");
}
