using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Verifik.Emulator;
using Verifik.Tests.Emulator;
using Xunit;

namespace Verifik.Tests.Transport;

/// <summary>The transport rules of VerifikClient, over real HTTP to the emulator and its scripted faults.</summary>
public sealed class VerifikClientRules(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private const string Me = "/v2/clients/me";
    private const string EmailLogin = "/v2/projects/email-login";

    public Task InitializeAsync() => emulator.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_request_that_keeps_failing_is_sent_once_plus_MaximumRetryCount_times_and_its_last_answer_returned()
    {
        Fail(Me, 503, times: 10);
        var client = NewClient(maximumRetryCount: 2);

        var response = await client.SendAsync(HttpMethod.Get, Url(Me), null, null, null, CancellationToken.None);

        Assert.Equal(503, response.StatusCode);
        Assert.Equal(3, response.Attempts);
        Assert.Equal(3, Sent(Me));
    }

    [Fact]
    public async Task Without_retries_a_retryable_answer_is_returned_after_one_request()
    {
        Fail(Me, 503, times: 10);

        var response = await NewClient(maximumRetryCount: 0).SendAsync(HttpMethod.Get, Url(Me), null, null, null, CancellationToken.None);

        Assert.Equal(503, response.StatusCode);
        Assert.Equal(1, Sent(Me));
    }

    [Fact]
    public async Task A_retry_that_succeeds_returns_the_success_and_counts_the_attempts()
    {
        Fail(Me, 429, times: 1);

        var response = await NewClient(maximumRetryCount: 3).SendAsync(HttpMethod.Get, Url(Me), null, Bearer(await MintAsync()), null, CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(2, response.Attempts);
        Assert.Equal(2, Sent(Me));
    }

    [Theory]
    [InlineData("POST", 429, 2)]
    [InlineData("POST", 502, 2)]
    [InlineData("POST", 503, 2)]
    [InlineData("GET", 504, 2)]
    [InlineData("POST", 504, 1)]
    [InlineData("POST", 500, 1)]
    [InlineData("POST", 400, 1)]
    [InlineData("GET", 401, 1)]
    public async Task Only_answers_that_say_the_request_was_not_handled_are_retried_and_504_only_for_GET(string method, int status, int expectedRequests)
    {
        Fail(EmailLogin, status, times: 1);

        await NewClient(maximumRetryCount: 1).SendAsync(new HttpMethod(method), Url(EmailLogin + "?email=ana%40example.com"), null, null, null, CancellationToken.None);

        Assert.Equal(expectedRequests, Sent(EmailLogin));
    }

    [Fact]
    public async Task Retry_After_is_waited_for_instead_of_the_backoff()
    {
        emulator.Emulator.State.QueueFault(new Fault { Path = Me, Status = 503, RetryAfter = "1" });
        var client = NewClient(maximumRetryCount: 1, retryInterval: TimeSpan.Zero);
        var said = new List<string>();

        var clock = Stopwatch.StartNew();
        var response = await client.SendAsync(HttpMethod.Get, Url(Me), null, null, said.Add, CancellationToken.None);

        Assert.Equal(2, response.Attempts);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"Retried after {clock.Elapsed.TotalSeconds:0.00} s although Retry-After said 1 s.");
        Assert.Contains(said, line => line.Contains("retrying in 1.0 s as its Retry-After asked"));
    }

    [Fact]
    public async Task A_long_Retry_After_is_waited_for_at_most_MaxRetryDelay()
    {
        emulator.Emulator.State.QueueFault(new Fault { Path = Me, Status = 429, RetryAfter = "3600" });

        var said = await RetryMessageAsync(NewClient(maximumRetryCount: 1, retryInterval: TimeSpan.Zero));

        Assert.Contains($"retrying in {VerifikClient.MaxRetryDelay.TotalSeconds:0.0} s as its Retry-After asked", said);
    }

    [Fact]
    public async Task The_first_backoff_is_the_retry_interval_give_or_take_a_fifth()
    {
        Fail(Me, 503, times: 1);

        var seconds = SecondsIn(await RetryMessageAsync(NewClient(maximumRetryCount: 1, retryInterval: TimeSpan.FromSeconds(10))));

        Assert.InRange(seconds, 8.0, 12.0);
    }

    [Fact]
    public async Task Each_further_backoff_doubles()
    {
        // The first answer asks for no wait at all, so the second retry's backoff is reached at once.
        emulator.Emulator.State.QueueFault(new Fault { Path = Me, Status = 503, RetryAfter = "0" });
        Fail(Me, 503, times: 1);

        var said = await RetryMessageAsync(NewClient(maximumRetryCount: 2, retryInterval: TimeSpan.FromSeconds(10)), skip: 1);

        Assert.InRange(SecondsIn(said), 16.0, 24.0);
        Assert.Contains("(attempt 3 of 3)", said);
    }

    [Fact]
    public async Task A_backoff_is_never_longer_than_MaxRetryDelay()
    {
        Fail(Me, 503, times: 1);

        var said = await RetryMessageAsync(NewClient(maximumRetryCount: 1, retryInterval: TimeSpan.FromSeconds(1000)));

        Assert.Equal(VerifikClient.MaxRetryDelay.TotalSeconds, SecondsIn(said));
    }

    [Theory]
    [InlineData(5, 5)]
    [InlineData(0, 0)]
    [InlineData(3600, 3600)]
    public void Retry_After_in_seconds_is_read_as_the_server_gave_it(int header, int expectedSeconds)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        response.Headers.TryAddWithoutValidation("Retry-After", header.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), VerifikClient.RetryAfter(response));
    }

    [Fact]
    public void Retry_After_as_a_date_is_the_time_until_then_and_a_past_date_means_now()
    {
        using var future = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        future.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(DateTimeOffset.UtcNow.AddSeconds(30));
        using var past = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        past.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(DateTimeOffset.UtcNow.AddHours(-1));
        using var far = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        far.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(DateTimeOffset.UtcNow.AddHours(1));
        using var none = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        Assert.InRange(VerifikClient.RetryAfter(future)!.Value.TotalSeconds, 25, 30);
        Assert.Equal(TimeSpan.Zero, VerifikClient.RetryAfter(past));
        Assert.InRange(VerifikClient.RetryAfter(far)!.Value.TotalMinutes, 59, 60);
        Assert.Null(VerifikClient.RetryAfter(none));
    }

    [Fact]
    public async Task An_attempt_slower_than_the_timeout_is_a_Timeout_error_naming_the_limit_and_is_not_repeated()
    {
        emulator.Emulator.State.QueueFault(new Fault { Path = Me, DelayMs = 5000 });
        var client = NewClient(maximumRetryCount: 2, timeout: TimeSpan.FromSeconds(1));

        var clock = Stopwatch.StartNew();
        var failure = await Assert.ThrowsAsync<VerifikException>(() => client.SendAsync(HttpMethod.Get, Url(Me), null, null, null, CancellationToken.None));

        Assert.Equal(VerifikErrorKind.Timeout, failure.Kind);
        Assert.Contains("within 1 seconds", failure.Message);
        Assert.Contains("TimeoutSec", failure.RecommendedAction);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"The timeout of 1 s took {clock.Elapsed.TotalSeconds:0.0} s.");
        Assert.Equal(1, Sent(Me));
    }

    [Fact]
    public async Task Cancelling_the_caller_is_a_cancellation_not_a_timeout()
    {
        emulator.Emulator.State.QueueFault(new Fault { Path = Me, DelayMs = 5000 });
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var failure = await Record.ExceptionAsync(() => NewClient(timeout: TimeSpan.FromSeconds(30)).SendAsync(HttpMethod.Get, Url(Me), null, null, null, stop.Token));

        Assert.IsAssignableFrom<OperationCanceledException>(failure);
    }

    [Fact]
    public async Task A_refused_connection_sent_nothing_so_it_is_retried_even_for_POST_then_reported_with_the_attempts()
    {
        // Refused by a proxy on this machine, so the host asked for is not loopback and nothing leaves the machine.
        var proxy = ClosedPort.At("/");
        var client = new VerifikClient(
            new HttpClientHandler { Proxy = new WebProxy(proxy), UseProxy = true },
            new SessionSettings { MaximumRetryCount = 2, RetryInterval = TimeSpan.Zero });
        var said = new List<string>();

        var failure = await Assert.ThrowsAsync<VerifikException>(() =>
            client.SendAsync(HttpMethod.Post, new Uri("http://verifik.example/v2/projects/email-login"), Encoding.UTF8.GetBytes("{}"), null, said.Add, CancellationToken.None));

        Assert.Equal(VerifikErrorKind.ConnectionFailed, failure.Kind);
        Assert.Equal(2, said.Count(line => line.Contains("could not connect; retrying")));
        Assert.Contains("after 3 attempts", failure.Message);
        Assert.Contains("http://verifik.example", failure.Message);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task A_refused_connection_to_a_loopback_address_fails_at_once_as_nothing_listens_there(string host)
    {
        var closed = new UriBuilder(ClosedPort.At("/v2/clients/me")) { Host = host }.Uri;
        var said = new List<string>();
        var clock = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<VerifikException>(() => NewClient(maximumRetryCount: 3, retryInterval: TimeSpan.FromSeconds(5))
            .SendAsync(HttpMethod.Get, closed, null, null, said.Add, CancellationToken.None));

        Assert.Equal(VerifikErrorKind.ConnectionFailed, failure.Kind);
        Assert.DoesNotContain(said, line => line.Contains("retrying"));
        Assert.DoesNotContain("attempts", failure.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Extra_headers_go_out_and_replace_the_module_s_Accept_and_User_Agent()
    {
        var headers = new HeaderCapture();
        var extra = RequestHeaders.From([new("Accept", "application/problem+json"), new("User-Agent", "runbook/1.0"), new("X-Tag", "a"), new("X-Tag", "b")]);

        await new VerifikClient(headers).SendAsync(HttpMethod.Get, Url(Me), null, "Bearer abc", null, CancellationToken.None, headers: extra);

        var sent = emulator.Emulator.State.GetRequests().Single();
        Assert.Equal("application/problem+json", headers.Accept);
        Assert.Equal("runbook/1.0", sent.UserAgent);
        Assert.Equal("a, b", sent.Headers["X-Tag"]);
        Assert.Equal("Bearer abc", headers.Authorization);
    }

    [Fact]
    public async Task The_answer_s_headers_come_back_cleaned_with_credentials_and_the_token_replaced()
    {
        var jwt = await MintAsync();
        emulator.Emulator.State.QueueFault(new Fault
        {
            Path = Me,
            Status = 200,
            Body = "{}",
            Headers = new Dictionary<string, string>
            {
                ["Set-Cookie"] = "session=s3cr3t; HttpOnly",
                ["X-Echo-Authorization"] = "Bearer " + jwt,
                ["X-Note"] = "renewed: aaaaaaaaaa.bbbbbbbbbb.cccccccccc",
                ["Retry-After"] = "7",
            },
        });

        var response = await NewClient().SendAsync(HttpMethod.Get, Url(Me), null, Bearer(jwt), null, CancellationToken.None, readAnswerHeaders: true);

        Assert.Equal([ServerText.Redacted], response.Headers["set-cookie"]);
        Assert.Equal([ServerText.Redacted], response.Headers["X-Echo-Authorization"]);
        Assert.Equal(["7"], response.Headers["Retry-After"]);
        Assert.Equal(["application/json"], response.Headers["Content-Type"]);
        Assert.Equal(["renewed: " + ServerText.Redacted], response.Headers["X-Note"]);
        Assert.DoesNotContain(response.Headers.Values.SelectMany(values => values), value => value.Contains(jwt) || value.Contains("s3cr3t"));
    }

    [Fact]
    public async Task A_connection_reset_during_the_answer_is_not_retried_as_Verifik_may_have_acted()
    {
        emulator.Emulator.State.QueueFault(new Fault { Path = EmailLogin, Abort = true });

        var failure = await Assert.ThrowsAsync<VerifikException>(() => NewClient(maximumRetryCount: 3, retryInterval: TimeSpan.Zero)
            .SendAsync(HttpMethod.Post, Url(EmailLogin + "?email=ana%40example.com"), null, null, null, CancellationToken.None));

        Assert.Equal(VerifikErrorKind.ConnectionFailed, failure.Kind);
        Assert.Contains("not retried", failure.Message);
        Assert.Equal(1, Sent(EmailLogin));
    }

    [Fact]
    public async Task An_answer_larger_than_the_cap_is_InvalidResponse_and_one_just_under_it_is_read_whole()
    {
        emulator.Emulator.State.QueueFault(new Fault { Path = Me, Status = 200, Body = new string('x', 1024), RepeatBody = 1025 });
        emulator.Emulator.State.QueueFault(new Fault { Path = Me, Status = 200, Body = new string('x', 1024), RepeatBody = 1024 });
        var client = NewClient();

        var tooLarge = await Assert.ThrowsAsync<VerifikException>(() => client.SendAsync(HttpMethod.Get, Url(Me), null, null, null, CancellationToken.None));
        var largest = await client.SendAsync(HttpMethod.Get, Url(Me), null, null, null, CancellationToken.None);

        Assert.Equal(VerifikErrorKind.InvalidResponse, tooLarge.Kind);
        Assert.Contains("1024 KiB", tooLarge.Message);
        Assert.Equal(VerifikClient.MaxResponseBytes, largest.Body.Length);
    }

    [Fact]
    public async Task The_answer_keeps_its_status_reason_media_type_and_body()
    {
        emulator.Emulator.State.QueueFault(new Fault { Path = Me, Status = 418, ContentType = "text/plain", Body = "short and stout" });

        var response = await NewClient().SendAsync(HttpMethod.Get, Url(Me), null, null, null, CancellationToken.None);

        Assert.Equal(418, response.StatusCode);
        Assert.Equal("I'm a teapot", response.ReasonPhrase);
        Assert.Equal("text/plain", response.MediaType);
        Assert.Equal("short and stout", Encoding.UTF8.GetString(response.Body));
        Assert.Equal(1, response.Attempts);
    }

    [Fact]
    public async Task The_body_goes_as_utf8_JSON_and_the_authorization_as_given()
    {
        var headers = new HeaderCapture();
        var client = new VerifikClient(headers);
        var body = Encoding.UTF8.GetBytes("""{"email":"ana@example.com","otp":"123456"}""");

        await client.SendAsync(HttpMethod.Post, Url(EmailLogin + "/confirm"), body, "Bearer abc", null, CancellationToken.None);

        Assert.Equal("application/json; charset=utf-8", headers.ContentType);
        Assert.Equal("Bearer abc", headers.Authorization);
        Assert.Equal("application/json", headers.Accept);
        Assert.Equal(body, headers.Body);
    }

    [Fact]
    public void A_client_given_no_settings_does_not_retry_and_otherwise_has_the_settings_record_s_defaults()
    {
        var client = new VerifikClient(new HttpClientHandler());

        Assert.Equal(new SessionSettings() with { MaximumRetryCount = 0 }, client.Settings);
    }

    private VerifikClient NewClient(int maximumRetryCount = 0, TimeSpan? retryInterval = null, TimeSpan? timeout = null) =>
        new(new HttpClientHandler(), new SessionSettings { Timeout = timeout ?? TimeSpan.FromSeconds(30), MaximumRetryCount = maximumRetryCount, RetryInterval = retryInterval ?? TimeSpan.Zero });

    private Uri Url(string pathAndQuery) => new(emulator.Emulator.BaseUri, pathAndQuery);

    private void Fail(string path, int status, int times) =>
        emulator.Emulator.State.QueueFault(new Fault { Path = path, Status = status, Times = times, Body = "{}" });

    private int Sent(string path) => emulator.Emulator.State.GetRequests().Count(request => request.Path == path);

    private Task<string> MintAsync() => emulator.MintTokenAsync("""{"email":"ana@example.com","lifetimeSeconds":3600}""");

    private static string Bearer(string token) => "Bearer " + token;

    /// <summary>
    /// Sends GET /v2/clients/me and returns the verbose line announcing the retry after <paramref name="skip"/> others,
    /// cancelling the wait it announces: the rule is in the delay chosen, and waiting it out would only slow the suite.
    /// </summary>
    private async Task<string> RetryMessageAsync(VerifikClient client, int skip = 0)
    {
        using var stop = new CancellationTokenSource();
        var lines = new List<string>();
        void Verbose(string line)
        {
            if (line.Contains("retrying in"))
            {
                lines.Add(line);
                if (lines.Count > skip)
                {
                    stop.Cancel();
                }
            }
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SendAsync(HttpMethod.Get, Url(Me), null, null, Verbose, stop.Token));
        return lines.Last();
    }

    private static double SecondsIn(string line)
    {
        var at = line.IndexOf("retrying in ", StringComparison.Ordinal) + "retrying in ".Length;
        return double.Parse(line.Substring(at, line.IndexOf(" s", at, StringComparison.Ordinal) - at), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A real handler that notes what went on the wire, then sends it.</summary>
    private sealed class HeaderCapture() : DelegatingHandler(new HttpClientHandler())
    {
        public string? ContentType { get; private set; }

        public string? Authorization { get; private set; }

        public string? Accept { get; private set; }

        public byte[]? Body { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            ContentType = request.Content?.Headers.ContentType?.ToString();
            Authorization = request.Headers.Authorization?.ToString();
            Accept = request.Headers.Accept.ToString();
            Body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
