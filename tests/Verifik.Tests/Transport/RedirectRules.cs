using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Verifik.Emulator;
using Verifik.Tests.Core;
using Verifik.Tests.Emulator;
using Xunit;

namespace Verifik.Tests.Transport;

/// <summary>
/// Which redirects a request follows (docs/security.md): only within the same scheme, host and port; 307 and 308
/// repeat the request, 301, 302 and 303 turn it into a GET without a body; at most Redirects.MaxHops of them. Sent
/// through a session's client, as every cmdlet sends, to the emulator and a second host on 127.0.0.2.
/// </summary>
public sealed class RedirectRules(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private const string Old = "/v2/old";
    private const string Confirm = "/v2/projects/email-login/confirm";
    private const string Authorization = "Bearer redirect-test-token";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"email":"ana@example.com","otp":"123456"}""");

    private VerifikEmulator? _other;

    private VerifikEmulator Other => _other ?? throw new InvalidOperationException("The second host has not started.");

    public async Task InitializeAsync()
    {
        await emulator.ResetAsync();
        _other = await VerifikEmulator.StartAsync(new EmulatorOptions { Quiet = true, Urls = "http://127.0.0.2:0" });
    }

    public async Task DisposeAsync()
    {
        if (_other is not null)
        {
            await _other.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(303)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task A_redirect_to_another_host_is_an_error_naming_it_and_that_host_receives_nothing(int status)
    {
        var elsewhere = new Uri(Other.BaseUri, Confirm);
        Redirect(Confirm, status, elsewhere.AbsoluteUri);

        var failure = await Assert.ThrowsAsync<VerifikException>(() => SendAsync(HttpMethod.Post, Confirm));

        Assert.Equal(VerifikErrorKind.InvalidResponse, failure.Kind);
        Assert.Equal(status, failure.StatusCode);
        Assert.Contains($"answered POST {Confirm} with {status}, a redirect to {elsewhere.GetLeftPart(UriPartial.Authority)}", failure.Message);
        Assert.Contains("-BaseUri", failure.Message);
        Assert.Empty(Other.State.GetRequests());
    }

    [Fact]
    public async Task Another_port_on_the_same_host_is_another_origin()
    {
        var sameHostOtherPort = new UriBuilder(emulator.Emulator.BaseUri) { Port = emulator.Emulator.BaseUri.Port + 1, Path = Confirm }.Uri;
        Redirect(Old, 308, sameHostOtherPort.AbsoluteUri);

        var failure = await Assert.ThrowsAsync<VerifikException>(() => SendAsync(HttpMethod.Post, Old));

        Assert.Equal(VerifikErrorKind.InvalidResponse, failure.Kind);
        Assert.Contains("a redirect to " + sameHostOtherPort.GetLeftPart(UriPartial.Authority), failure.Message);
    }

    [Theory]
    [InlineData(307)]
    [InlineData(308)]
    public async Task A_307_or_308_within_the_same_origin_repeats_the_request_with_its_method_body_and_token(int status)
    {
        Redirect(Old, status, Confirm);

        await SendAsync(HttpMethod.Post, Old);

        var repeated = emulator.Emulator.State.GetRequests().Last();
        Assert.Equal(("POST", Confirm), (repeated.Method, repeated.Path));
        Assert.Equal(Encoding.UTF8.GetString(Body), repeated.Body);
        Assert.Equal(Authorization, repeated.Authorization);
    }

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(303)]
    public async Task A_301_302_or_303_within_the_same_origin_becomes_a_GET_without_the_body(int status)
    {
        Redirect(Old, status, new Uri(emulator.Emulator.BaseUri, "/v2/clients/me").AbsoluteUri);

        await SendAsync(HttpMethod.Post, Old);

        var followed = emulator.Emulator.State.GetRequests().Last();
        Assert.Equal(("GET", "/v2/clients/me", ""), (followed.Method, followed.Path, followed.Body));
    }

    [Fact]
    public async Task The_answer_at_the_end_of_the_redirects_is_the_one_returned_and_each_hop_is_told_in_verbose()
    {
        Redirect(Old, 302, "/v2/older");
        Redirect("/v2/older", 302, "/v2/clients/me");
        emulator.Emulator.State.QueueFault(new Fault { Path = "/v2/clients/me", Status = 200, Body = """{"data":{}}""" });
        var said = new List<string>();

        var response = await SendAsync(HttpMethod.Get, Old, said.Add);

        Assert.Equal(200, response.StatusCode);
        Assert.Contains($"GET {Old} -> 302, following the redirect to /v2/older", said);
        Assert.Contains("GET /v2/older -> 302, following the redirect to /v2/clients/me", said);
        Assert.Contains(said, line => line.StartsWith("GET /v2/clients/me -> 200 in ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/admin/steal")]
    [InlineData("/verifikadmin/steal")]
    [InlineData("/verifik/../admin/steal")]
    [InlineData("/verifik/%2e%2e/admin/steal")]
    [InlineData("/verifik/v2/%252e%252e/%252e%252e/admin/steal")]
    public async Task A_redirect_within_the_origin_but_out_of_the_base_path_is_refused_as_the_endpoint_would_be(string location)
    {
        var baseUri = new Uri(emulator.Emulator.BaseUri, "/verifik/");
        Redirect("/verifik" + Old, 307, location);

        var failure = await Assert.ThrowsAsync<VerifikException>(() => InvokeAsync(baseUri, Old));

        Assert.Equal(VerifikErrorKind.InvalidResponse, failure.Kind);
        Assert.Equal(307, failure.StatusCode);
        Assert.Contains("outside the base path /verifik/", failure.Message);
        Assert.Equal(["/verifik" + Old], emulator.Emulator.State.GetRequests().Select(request => request.Path));
    }

    [Fact]
    public async Task A_redirect_that_stays_under_the_base_path_is_followed_with_the_token()
    {
        var baseUri = new Uri(emulator.Emulator.BaseUri, "/verifik/");
        Redirect("/verifik" + Old, 307, "/verifik/v2/new");
        emulator.Emulator.State.QueueFault(new Fault { Path = "/verifik/v2/new", Status = 200, Body = """{"data":{}}""" });

        await InvokeAsync(baseUri, Old);

        var followed = emulator.Emulator.State.GetRequests().Last();
        Assert.Equal(("/verifik/v2/new", "Bearer " + Jwt), (followed.Path, followed.Authorization));
    }

    [Fact]
    public async Task More_than_MaxHops_redirects_is_an_error_after_MaxHops_plus_one_requests()
    {
        Redirect(Old, 302, Old, times: 20);

        var failure = await Assert.ThrowsAsync<VerifikException>(() => SendAsync(HttpMethod.Get, Old));

        Assert.Equal(VerifikErrorKind.InvalidResponse, failure.Kind);
        Assert.Contains($"redirected GET {Old} more than {Redirects.MaxHops} times", failure.Message);
        Assert.Equal(Redirects.MaxHops + 1, emulator.Emulator.State.GetRequests().Count(request => request.Path == Old));
    }

    [Fact]
    public async Task A_redirect_status_without_a_Location_is_an_answer_like_any_other()
    {
        emulator.Emulator.State.QueueFault(new Fault { Path = Old, Status = 302, Body = "{}" });

        var response = await SendAsync(HttpMethod.Get, Old);

        Assert.Equal(302, response.StatusCode);
    }

    private void Redirect(string path, int status, string location, int times = 1) =>
        emulator.Emulator.State.QueueFault(new Fault { Path = path, Status = status, Location = location, Times = times });

    private static readonly string Jwt = TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddDays(1));

    /// <summary>As Invoke-VerifikRequest sends: the base URI given, the path under it, the session's token.</summary>
    private static Task<JsonDocument?> InvokeAsync(Uri baseUri, string path) =>
        VerifikApi.InvokeAsync(
            new VerifikSession { MaximumRetryCount = 0 },
            baseUri,
            HttpMethod.Get,
            path,
            null,
            VerifikToken.FromJwt(Jwt, null, DateTimeOffset.UtcNow, baseUri),
            null,
            CancellationToken.None);

    /// <summary>Through a session's client: its handler is where HttpClient's own following is turned off.</summary>
    private Task<ApiResponse> SendAsync(HttpMethod method, string path, Action<string>? verbose = null) =>
        new VerifikSession { MaximumRetryCount = 0 }.Client.SendAsync(
            method, new Uri(emulator.Emulator.BaseUri, path), method == HttpMethod.Get ? null : Body, Authorization, verbose, CancellationToken.None);
}
