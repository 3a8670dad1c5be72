using System;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using System.Threading.Tasks;
using Verifik.Commands;
using Verifik.Emulator;
using Verifik.Tests.Emulator;
using Xunit;

namespace Verifik.Tests.Cmdlets;

/// <summary>Ctrl+C (StopProcessing) cancels a request in flight instead of waiting for the server.</summary>
public sealed class StopTests : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private readonly EmulatorFixture _fixture;

    public StopTests(EmulatorFixture fixture) => _fixture = fixture;

    public Task InitializeAsync() => _fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("Request-VerifikOtp -Email ana@example.com -Session ($s = New-VerifikSession -BaseUri $args[0])", "/v2/projects/email-login")]
    [InlineData("Confirm-VerifikOtp -Email ana@example.com -Otp 123456 -Session ($s = New-VerifikSession -BaseUri $args[0])", "/v2/projects/email-login/confirm")]
    public void Stopping_the_pipeline_during_a_30_second_server_delay_returns_control_within_a_second(string script, string path)
    {
        _fixture.Emulator.State.QueueFault(new Fault { Path = path, DelayMs = 30_000 });
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(typeof(RequestVerifikOtpCommand).Assembly.Location);
        using var shell = PowerShell.Create(state);
        shell.AddScript(script).AddArgument(_fixture.Emulator.BaseUri);
        var running = shell.BeginInvoke();
        WaitUntil(() => _fixture.Emulator.State.GetRequests().Any(request => request.Path == path));

        var clock = Stopwatch.StartNew();
        shell.Stop();
        clock.Stop();

        Assert.True(running.IsCompleted);
        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"Stop took {clock.ElapsedMilliseconds} ms.");
        Assert.Empty(shell.Streams.Error);
    }

    private static void WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The request never reached the emulator.");
            Thread.Sleep(10);
        }
    }
}
