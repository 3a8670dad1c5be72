using System;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Verifik.Tests.Emulator;
using Verifik.Tests.Reliability;
using Xunit;
using Xunit.Abstractions;

namespace Verifik.Tests.Faults;

/// <summary>
/// Every case in <see cref="FaultCase.All"/>, through the real HTTP client: the emulator stages the fault, the
/// documented call meets it, and the outcome must be the case's ErrorId with a message that holds no code or token.
/// </summary>
public sealed class FaultMatrixTests(EmulatorFixture emulator, ITestOutputHelper output) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    /// <summary>Short, so the silent-server cases take half a second each; the assertion allows for a slow machine.</summary>
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan PromptEnough = TimeSpan.FromSeconds(5);

    public static TheoryData<string> Cases => new(FaultCase.All.Select(@case => @case.Name));

    public Task InitializeAsync() => emulator.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_fault_ends_in_its_ErrorId_with_a_message_free_of_codes_and_tokens(string name)
    {
        var @case = FaultCase.Named(name);

        var (outcome, session) = await MeetAsync(@case);

        if (@case.ExpectedErrorId is null)
        {
            Assert.Null(outcome);
            Assert.True(@case.Call == FaultCall.RequestOtp || session.Token is not null, "The confirmation kept no token.");
            output.WriteLine($"{@case.Name} | (succeeds) |");
            ReliabilityReport.Add("fault", @case.Name, @case.Describe(), "succeeds", string.Empty);
            return;
        }

        var error = Assert.IsType<VerifikException>(outcome);
        output.WriteLine($"{@case.Name} | {error.ErrorId} | {error.Message}");
        ReliabilityReport.Add("fault", @case.Name, @case.Describe(), error.ErrorId, error.Message);
        Assert.Equal(@case.ExpectedErrorId, error.ErrorId);
        if (@case.ExpectedStatusCode is { } status)
        {
            Assert.Equal(status, error.StatusCode);
        }

        if (@case.MessageMentions is { } mention)
        {
            Assert.Contains(mention, error.Message, StringComparison.OrdinalIgnoreCase);
        }

        foreach (var secret in @case.Secrets.Append(FaultCase.Otp))
        {
            Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, error.ApiMessage ?? string.Empty, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, error.ApiCode ?? string.Empty, StringComparison.Ordinal);
        }
    }

    /// <summary>Stages the fault and makes the call; returns what it raised (null if it succeeded) and the session.</summary>
    private async Task<(Exception? Outcome, VerifikSession Session)> MeetAsync(FaultCase @case)
    {
        // Retries at once: each fault lasts for every attempt, so the outcome is the same, only sooner.
        var session = new VerifikSession(emulator.Emulator.BaseUri) { RetryIntervalSec = 0 };
        if (@case.Fault is SilentServer silent)
        {
            return (await MeetSilentServerAsync(@case, silent), session);
        }

        (await emulator.PostJsonAsync("_emulator/faults", @case.FaultJson())).EnsureSuccessStatusCode();
        var subject = SignInSubject.ForEmail(FaultCase.Email);
        try
        {
            if (@case.Call == FaultCall.RequestOtp)
            {
                await VerifikApi.RequestOtpAsync(session, emulator.Emulator.BaseUri, subject, null, CancellationToken.None);
            }
            else
            {
                await VerifikApi.ConfirmOtpAsync(session, emulator.Emulator.BaseUri, subject, FaultCase.Otp, null, null, CancellationToken.None);
            }

            return (null, session);
        }
        catch (Exception ex)
        {
            return (ex, session);
        }
    }

    /// <summary>
    /// A session's client waits 30 seconds, so these cases use a client of their own with a short timeout and
    /// send it the same request the call would.
    /// </summary>
    private static async Task<Exception?> MeetSilentServerAsync(FaultCase @case, SilentServer silent)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accepted = AcceptAndFallSilentAsync(listener, silent.Written);

        var client = new VerifikClient(new HttpClientHandler(), new SessionSettings { Timeout = ShortTimeout, MaximumRetryCount = 0 });
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { email = FaultCase.Email, otp = FaultCase.Otp }));
        var clock = Stopwatch.StartNew();
        Exception? outcome = null;
        try
        {
            await client.SendAsync(HttpMethod.Post, new Uri($"http://127.0.0.1:{port}{@case.Path}"), body, null, null, CancellationToken.None);
        }
        catch (Exception ex)
        {
            outcome = ex;
        }

        Assert.True(clock.Elapsed < PromptEnough, $"The call returned after {clock.Elapsed.TotalSeconds:0.0} s.");
        using var connection = await accepted;
        return outcome;
    }

    private static async Task<TcpClient> AcceptAndFallSilentAsync(TcpListener listener, string written)
    {
        var connection = await listener.AcceptTcpClientAsync();
        if (written.Length > 0)
        {
            var bytes = Encoding.ASCII.GetBytes(written);
            await connection.GetStream().WriteAsync(bytes);
        }

        return connection;
    }
}
