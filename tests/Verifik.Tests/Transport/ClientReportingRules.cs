using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Verifik.Emulator;
using Verifik.Tests.Emulator;
using Xunit;

namespace Verifik.Tests.Transport;

/// <summary>
/// What VerifikClient tells about a request: the verbose line of each answer and retry, the statuses a retry
/// replaced, attempts named in an error only after the first, the token never in a reason phrase, and an answer
/// that announces more than the cap refused before it is read.
/// </summary>
public sealed class ClientReportingRules(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private const string Me = "/v2/clients/me";

    public Task InitializeAsync() => emulator.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private Uri MeUri => new(emulator.Emulator.BaseUri, Me);

    [Fact]
    public async Task Each_answer_is_told_in_verbose_with_the_call_status_and_size()
    {
        emulator.Emulator.State.QueueFault(new Fault { Path = Me, Status = 200, Body = "{\"data\":{}}" });
        var said = new List<string>();

        await NewClient().SendAsync(HttpMethod.Get, MeUri, null, null, said.Add, CancellationToken.None);

        var line = Assert.Single(said);
        Assert.StartsWith($"GET {Me} -> 200 in ", line);
        Assert.EndsWith(" ms (11 bytes)", line);
    }

    [Fact]
    public async Task A_retry_without_Retry_After_names_the_call_and_attempt_and_the_answer_keeps_the_statuses_it_replaced()
    {
        emulator.Emulator.State.QueueFault(new Fault { Path = Me, Status = 503, Body = "{}" });
        emulator.Emulator.State.QueueFault(new Fault { Path = Me, Status = 429, Body = "{}" });
        var said = new List<string>();

        var response = await NewClient(maximumRetryCount: 2).SendAsync(HttpMethod.Get, MeUri, null, null, said.Add, CancellationToken.None);

        Assert.Equal(new[] { 503, 429 }, response.EarlierStatuses);
        var retries = said.Where(line => line.Contains("retrying")).ToList();
        Assert.Equal($"GET {Me} answered 503; retrying in 0.0 s (attempt 2 of 3)", retries[0]);
        Assert.Equal($"GET {Me} answered 429; retrying in 0.0 s (attempt 3 of 3)", retries[1]);
    }

    [Fact]
    public async Task A_retry_after_a_refused_connection_names_the_call_and_which_attempt_comes_next()
    {
        // Refused by a proxy on this machine: a loopback address itself is not retried (VerifikClientRules).
        var client = new VerifikClient(
            new HttpClientHandler { Proxy = new WebProxy(ClosedPort.At("/")), UseProxy = true },
            new SessionSettings { MaximumRetryCount = 2, RetryInterval = TimeSpan.Zero });
        var said = new List<string>();

        var failure = await Assert.ThrowsAsync<VerifikException>(() => client.SendAsync(HttpMethod.Get, new Uri("http://verifik.example" + Me), null, null, said.Add, CancellationToken.None));

        Assert.Equal(
            new[] { $"GET {Me} could not connect; retrying in 0.0 s (attempt 2 of 3)", $"GET {Me} could not connect; retrying in 0.0 s (attempt 3 of 3)" },
            said);
        Assert.Contains("after 3 attempts (Connection refused). Check", failure.Message);
    }

    [Fact]
    public async Task A_failure_on_the_first_attempt_names_no_attempts()
    {
        emulator.Emulator.State.QueueFault(new Fault { Path = Me, DelayMs = 3000 });

        var failure = await Assert.ThrowsAsync<VerifikException>(() => NewClient(timeout: TimeSpan.FromSeconds(1)).SendAsync(HttpMethod.Get, MeUri, null, null, null, CancellationToken.None));

        Assert.Equal(VerifikErrorKind.Timeout, failure.Kind);
        Assert.Contains($"GET {Me} on 127.0.0.1 got no answer within 1 seconds.", failure.Message);
    }

    [Fact]
    public async Task A_reason_phrase_that_echoes_the_token_loses_it_with_or_without_its_scheme()
    {
        var token = await emulator.MintTokenAsync("""{"email":"ana@example.com","lifetimeSeconds":3600}""");
        emulator.Emulator.State.QueueFault(new Fault { Path = Me, Status = 400, Body = "{}", ReasonPhrase = "Bad token " + token });

        var response = await NewClient().SendAsync(HttpMethod.Get, MeUri, null, "Bearer " + token, null, CancellationToken.None);

        Assert.StartsWith("Bad token ", response.ReasonPhrase);
        Assert.DoesNotContain(token, response.ReasonPhrase);
    }

    [Fact]
    public async Task An_answer_announcing_more_than_the_cap_is_refused_before_it_is_read_and_one_of_exactly_the_cap_is_read()
    {
        var announcedTooMuch = new VerifikClient(new Answering(() => new StreamContent(new MemoryStream(new byte[16])) { Headers = { ContentLength = VerifikClient.MaxResponseBytes + 1 } }));
        var exactlyTheCap = new VerifikClient(new Answering(() => new ByteArrayContent(new byte[VerifikClient.MaxResponseBytes])));

        var failure = await Assert.ThrowsAsync<VerifikException>(() => announcedTooMuch.SendAsync(HttpMethod.Get, MeUri, null, null, null, CancellationToken.None));
        var whole = await exactlyTheCap.SendAsync(HttpMethod.Get, MeUri, null, null, null, CancellationToken.None);

        Assert.Equal(VerifikErrorKind.InvalidResponse, failure.Kind);
        Assert.Contains($"The answer to GET {Me} is larger than 1024 KiB", failure.Message);
        Assert.Equal(VerifikClient.MaxResponseBytes, whole.Body.Length);
    }

    [Fact]
    public async Task A_failure_with_no_socket_error_behind_it_is_a_broken_connection_not_an_unknown_name()
    {
        var client = new VerifikClient(new Failing(new HttpRequestException("The server returned an invalid status line.")));

        var failure = await Assert.ThrowsAsync<VerifikException>(() => client.SendAsync(HttpMethod.Get, MeUri, null, null, null, CancellationToken.None));

        Assert.Equal(VerifikErrorKind.ConnectionFailed, failure.Kind);
        Assert.Contains($"broke during GET {Me} (The server returned an invalid status line.)", failure.Message);
    }

    [Fact]
    public async Task A_connection_that_breaks_while_the_answer_is_read_is_a_broken_connection_not_a_timeout()
    {
        var client = new VerifikClient(new Answering(() => new StreamContent(new BreakingStream())));

        var failure = await Assert.ThrowsAsync<VerifikException>(() => client.SendAsync(HttpMethod.Get, MeUri, null, null, null, CancellationToken.None));

        Assert.Equal(VerifikErrorKind.ConnectionFailed, failure.Kind);
        Assert.Contains("was not retried", failure.Message);
    }

    private static VerifikClient NewClient(int maximumRetryCount = 0, TimeSpan? timeout = null) =>
        new(new HttpClientHandler(), new SessionSettings { Timeout = timeout ?? TimeSpan.FromSeconds(30), MaximumRetryCount = maximumRetryCount, RetryInterval = TimeSpan.Zero });

    /// <summary>A server that answers 200 with the content given, whose announced length it controls.</summary>
    private sealed class Answering(Func<HttpContent> content) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content() });
    }

    /// <summary>A transport that fails before any answer, as a client facing a server that speaks no HTTP would.</summary>
    private sealed class Failing(Exception failure) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromException<HttpResponseMessage>(failure);
    }

    /// <summary>An answer whose connection resets after the headers.</summary>
    private sealed class BreakingStream : MemoryStream
    {
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromException<int>(new IOException("Connection reset by peer"));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException<int>(new IOException("Connection reset by peer"));

        public override int Read(byte[] buffer, int offset, int count) => throw new IOException("Connection reset by peer");
    }
}
