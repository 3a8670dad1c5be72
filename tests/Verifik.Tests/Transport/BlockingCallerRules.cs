using System;
using System.Net.Http;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using Verifik.Tests.Emulator;
using Xunit;

namespace Verifik.Tests.Transport;

/// <summary>
/// A cmdlet waits for the core with GetAwaiter().GetResult() on its pipeline thread. A host may give that thread a
/// SynchronizationContext (a GUI host does) that runs nothing posted to it while the thread waits: so no await in the
/// core may come back to its caller's context, or the call hangs for ever. Each public call is made here from such a
/// thread, as a cmdlet makes it.
/// </summary>
public sealed class BlockingCallerRules(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    public Task InitializeAsync() => emulator.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private Uri BaseUri => emulator.Emulator.BaseUri;

    [Fact]
    public void Asking_for_a_code_from_a_blocked_thread_with_a_synchronization_context_does_not_hang()
    {
        var request = BlockOn(() => VerifikApi.RequestOtpAsync(new VerifikSession(), BaseUri, SignInSubject.ForEmail("ana@example.com"), null, CancellationToken.None));

        Assert.Equal("ana@example.com", request.Email);
    }

    [Fact]
    public async Task Confirming_a_code_from_a_blocked_thread_with_a_synchronization_context_does_not_hang()
    {
        var subject = SignInSubject.ForEmail("ana@example.com");
        await VerifikApi.RequestOtpAsync(new VerifikSession(), BaseUri, subject, null, CancellationToken.None);
        var code = await emulator.LatestCodeAsync("ana@example.com");

        var token = BlockOn(() => VerifikApi.ConfirmOtpAsync(new VerifikSession(), BaseUri, subject, code, null, null, CancellationToken.None));

        Assert.Equal("ana@example.com", token.Email);
    }

    [Fact]
    public async Task Renewing_from_a_blocked_thread_with_a_synchronization_context_does_not_hang()
    {
        var (session, current) = await SignedInAsync();

        var renewed = BlockOn(() => VerifikApi.RefreshTokenAsync(session, BaseUri, current, 1, null, CancellationToken.None));

        Assert.Same(renewed, session.Token);
    }

    [Fact]
    public async Task Renewing_and_revoking_from_a_blocked_thread_with_a_synchronization_context_does_not_hang()
    {
        var (session, current) = await SignedInAsync();

        var renewed = BlockOn(() => VerifikApi.RenewAndRevokeAsync(session, BaseUri, current, null, CancellationToken.None));

        Assert.Same(renewed, session.Token);
    }

    [Fact]
    public async Task Calling_the_API_from_a_blocked_thread_with_a_synchronization_context_does_not_hang()
    {
        var (session, current) = await SignedInAsync();

        using var answer = BlockOn(() => VerifikApi.InvokeAsync(session, BaseUri, HttpMethod.Get, "v2/clients/me", null, current, null, CancellationToken.None));

        Assert.Equal("ana@example.com", Json.ReadString(answer!.RootElement.GetProperty("data"), "email"));
    }

    [Fact]
    public void A_refused_connection_retried_from_a_blocked_thread_with_a_synchronization_context_does_not_hang()
    {
        // A refused connection may fail without ever leaving the caller's thread, so the wait before the retry starts
        // on it too.
        var session = new VerifikSession { MaximumRetryCount = 1, RetryIntervalSec = 1 };
        var closed = ClosedPort.At("/");

        var failure = Assert.Throws<VerifikException>(() =>
            BlockOn(() => VerifikApi.RequestOtpAsync(session, closed, SignInSubject.ForEmail("ana@example.com"), null, CancellationToken.None)));

        Assert.Equal(VerifikErrorKind.ConnectionFailed, failure.Kind);
    }

    private async Task<(VerifikSession Session, VerifikToken Token)> SignedInAsync()
    {
        var session = new VerifikSession();
        var jwt = await emulator.MintTokenAsync("""{"email":"ana@example.com","lifetimeSeconds":86400}""");
        var token = VerifikToken.FromJwt(jwt, SignInSubject.ForEmail("ana@example.com"), DateTimeOffset.UtcNow, BaseUri);
        session.SetToken(token);
        return (session, token);
    }

    /// <summary>Runs the call as a cmdlet does, blocked in GetResult, on a thread whose context runs nothing.</summary>
    private static T BlockOn<T>(Func<Task<T>> call)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            SynchronizationContext.SetSynchronizationContext(new UnpumpedContext());
            try
            {
                result = call().GetAwaiter().GetResult();
            }
            catch (Exception ex)
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }
        })
        { IsBackground = true };
        thread.Start();

        Assert.True(thread.Join(Patience), "The call came back to its caller's SynchronizationContext, which a blocked caller never runs: it hangs.");
        failure?.Throw();
        return result;
    }

    /// <summary>Like a GUI thread blocked in a wait: what is posted to it waits for the thread, which never comes.</summary>
    private sealed class UnpumpedContext : SynchronizationContext
    {
        public override void Post(SendOrPostCallback d, object? state)
        {
        }

        public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException("A blocked thread cannot run a callback.");

        public override SynchronizationContext CreateCopy() => this;
    }
}
