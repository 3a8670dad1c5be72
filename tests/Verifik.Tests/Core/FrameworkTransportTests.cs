using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Verifik.Tests.Core;

/// <summary>
/// Transport failures as .NET Framework (Windows PowerShell 5.1) and .NET raise them, which differ: each must be
/// classified the same on both (a failure to connect retried, an unknown name and a broken connection not). The
/// handlers below throw what HttpClientHandler throws there.
/// </summary>
public sealed class FrameworkTransportTests
{
    private static readonly Uri Endpoint = new("https://verifik.example/v2/projects");

    [Theory]
    [InlineData(WebExceptionStatus.NameResolutionFailure)]
    [InlineData(WebExceptionStatus.ProxyNameResolutionFailure)]
    public async Task An_unknown_name_from_NET_Framework_fails_at_once_and_says_the_name_did_not_resolve(WebExceptionStatus status)
    {
        var handler = new ScriptedHandler(_ => throw new HttpRequestException(
            "An error occurred while sending the request.",
            new WebException("The remote name could not be resolved: 'verifik.example'", status)));
        var client = new VerifikClient(handler, new SessionSettings { MaximumRetryCount = 3, RetryInterval = TimeSpan.FromMilliseconds(1) });

        var failure = await Assert.ThrowsAsync<VerifikException>(() => client.SendAsync(HttpMethod.Post, Endpoint, new byte[] { 0x7B, 0x7D }, null, null, CancellationToken.None));

        Assert.Equal(VerifikErrorKind.ConnectionFailed, failure.Kind);
        Assert.Contains("verifik.example could not be resolved", failure.Message);
        Assert.Contains("nothing was sent", failure.Message);
        Assert.Equal(1, handler.Calls);
    }

    [Fact]
    public async Task A_name_that_does_not_exist_fails_at_once_over_the_real_network_stack()
    {
        // '.invalid' never resolves (RFC 2606), whether or not this machine has a network.
        var counting = new ScriptedHandler(null) { InnerHandler = new HttpClientHandler() };
        var client = new VerifikClient(counting, new SessionSettings { MaximumRetryCount = 3, RetryInterval = TimeSpan.FromSeconds(2) });

        var failure = await Assert.ThrowsAsync<VerifikException>(() => client.SendAsync(HttpMethod.Get, new Uri("https://verifik-does-not-exist.invalid/v2/projects"), null, null, null, CancellationToken.None));

        Assert.Equal(VerifikErrorKind.ConnectionFailed, failure.Kind);
        Assert.Contains("verifik-does-not-exist.invalid could not be resolved", failure.Message);
        Assert.Equal(1, counting.Calls);
    }

    [Theory]
    [InlineData(SocketError.ConnectionRefused, 3, "after 3 attempts")]
    [InlineData(SocketError.HostUnreachable, 3, "after 3 attempts")]
    [InlineData(SocketError.NetworkUnreachable, 3, "after 3 attempts")]
    [InlineData(SocketError.AddressNotAvailable, 3, "after 3 attempts")]
    [InlineData(SocketError.HostNotFound, 1, "verifik.example could not be resolved")]
    [InlineData(SocketError.NoData, 1, "verifik.example could not be resolved")]
    [InlineData(SocketError.TryAgain, 1, "verifik.example could not be resolved")]
    public async Task A_failure_to_connect_sent_nothing_and_is_retried_and_a_name_that_did_not_resolve_fails_at_once(SocketError error, int attempts, string said)
    {
        var handler = new ScriptedHandler(_ => throw new HttpRequestException("no connection", new SocketException((int)error)));
        var client = new VerifikClient(handler, new SessionSettings { MaximumRetryCount = 2, RetryInterval = TimeSpan.FromMilliseconds(1) });

        var failure = await Assert.ThrowsAsync<VerifikException>(() => client.SendAsync(HttpMethod.Get, Endpoint, null, null, null, CancellationToken.None));

        Assert.Equal(VerifikErrorKind.ConnectionFailed, failure.Kind);
        Assert.Contains(said, failure.Message);
        Assert.Equal(attempts, handler.Calls);
    }

    [Fact]
    public async Task A_refused_connection_from_NET_Framework_is_retried_like_one_from_NET()
    {
        var handler = new ScriptedHandler(_ => throw new HttpRequestException(
            "An error occurred while sending the request.",
            new WebException("Unable to connect to the remote server", new SocketException((int)SocketError.ConnectionRefused), WebExceptionStatus.ConnectFailure, null)));
        var client = new VerifikClient(handler, new SessionSettings { MaximumRetryCount = 2, RetryInterval = TimeSpan.FromMilliseconds(1) });

        var failure = await Assert.ThrowsAsync<VerifikException>(() => client.SendAsync(HttpMethod.Get, Endpoint, null, null, null, CancellationToken.None));

        Assert.Equal(VerifikErrorKind.ConnectionFailed, failure.Kind);
        Assert.Equal(3, handler.Calls);
    }

    [Fact]
    public async Task A_connection_reset_may_follow_a_handled_request_and_is_not_retried()
    {
        var handler = new ScriptedHandler(_ => throw new HttpRequestException("reset", new IOException("reset", new SocketException((int)SocketError.ConnectionReset))));
        var client = new VerifikClient(handler, new SessionSettings { MaximumRetryCount = 2, RetryInterval = TimeSpan.FromMilliseconds(1) });

        var failure = await Assert.ThrowsAsync<VerifikException>(() => client.SendAsync(HttpMethod.Post, Endpoint, new byte[] { 0x7B, 0x7D }, null, null, CancellationToken.None));

        Assert.Equal(VerifikErrorKind.ConnectionFailed, failure.Kind);
        Assert.Contains("was not retried", failure.Message);
        Assert.Equal(1, handler.Calls);
    }

    [Fact]
    public async Task A_timeout_while_the_body_is_read_is_a_timeout_when_closing_the_stream_raises_IOException()
    {
        var client = new VerifikClient(new ScriptedHandler(_ => SlowAnswer()), new SessionSettings { Timeout = TimeSpan.FromMilliseconds(200), MaximumRetryCount = 0 });

        var failure = await Assert.ThrowsAsync<VerifikException>(() => client.SendAsync(HttpMethod.Get, Endpoint, null, null, null, CancellationToken.None));

        Assert.Equal(VerifikErrorKind.Timeout, failure.Kind);
    }

    [Fact]
    public async Task Ctrl_C_while_the_body_is_read_stops_the_call_instead_of_reporting_a_broken_connection()
    {
        var client = new VerifikClient(new ScriptedHandler(_ => SlowAnswer()), new SessionSettings { Timeout = TimeSpan.FromSeconds(30), MaximumRetryCount = 0 });
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SendAsync(HttpMethod.Get, Endpoint, null, null, null, stop.Token));
    }

    [Fact]
    public async Task Requests_never_ask_for_100_continue()
    {
        HttpRequestMessage? seen = null;
        var client = new VerifikClient(new ScriptedHandler(request =>
        {
            seen = request;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(new byte[] { 0x7B, 0x7D }) };
        }));

        await client.SendAsync(HttpMethod.Post, Endpoint, new byte[] { 0x7B, 0x7D }, null, null, CancellationToken.None);

        Assert.False(seen!.Headers.ExpectContinue);
    }

    private static HttpResponseMessage SlowAnswer() =>
        new(HttpStatusCode.OK) { Content = new StreamContent(new FrameworkResponseStream()) };

    /// <summary>Answers with the given function, or passes the request on to InnerHandler; counts the calls.</summary>
    private sealed class ScriptedHandler(Func<HttpRequestMessage, HttpResponseMessage>? answer) : DelegatingHandler
    {
        private int _calls;

        public int Calls => _calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return answer is null ? base.SendAsync(request, cancellationToken) : Task.FromResult(answer(request));
        }
    }

    /// <summary>
    /// A response stream as .NET Framework's: reads ignore the token and block until the stream is closed, and a
    /// read cut short by closing throws IOException.
    /// </summary>
    private sealed class FrameworkResponseStream : Stream
    {
        private readonly TaskCompletionSource<int> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            await _closed.Task.ConfigureAwait(false);
            throw new IOException("Unable to read data from the transport connection: The connection was closed.");
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            _closed.TrySetResult(0);
            base.Dispose(disposing);
        }
    }
}
