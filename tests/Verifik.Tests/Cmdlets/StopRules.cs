using System;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using System.Threading.Tasks;
using Verifik.Commands;
using Verifik.Emulator;
using Verifik.Tests.Emulator;
using Xunit;

namespace Verifik.Tests.Cmdlets;

/// <summary>
/// Ctrl+C (StopProcessing) during a call cancels the request in flight instead of waiting for the server, and ends
/// the command as stopped, with nothing in $Error and the session as it was: an interrupted renewal keeps the old
/// token.
/// </summary>
public sealed class StopRules(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => emulator.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("Request-VerifikOtp -Email ana@example.com -Session $session", "/v2/projects/email-login")]
    [InlineData("Confirm-VerifikOtp -Email ana@example.com -Otp 123456 -Session $session", "/v2/projects/email-login/confirm")]
    [InlineData("Invoke-VerifikRequest /v2/clients/me -Session $session", "/v2/clients/me")]
    [InlineData("Update-VerifikToken -Session $session", "/v2/auth/session")]
    public async Task Stopping_a_call_during_a_30_second_server_delay_returns_within_a_second_without_an_error_and_keeps_the_token(string script, string path)
    {
        var jwt = await emulator.MintTokenAsync("""{"email":"ana@example.com","lifetimeSeconds":86400}""");
        var session = new VerifikSession(emulator.Emulator.BaseUri);
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(typeof(InvokeVerifikRequestCommand).Assembly.Location);
        using var shell = PowerShell.Create(state);
        shell.AddScript("param($session, $jwt) Connect-Verifik -AccessToken $jwt -Session $session").AddArgument(session).AddArgument(jwt).Invoke();
        emulator.Emulator.State.QueueFault(new Fault { Path = path, DelayMs = 30_000 });

        shell.Commands.Clear();
        var running = shell.AddScript("param($session) " + script + "; 'went on'").AddArgument(session).BeginInvoke();
        await WhenReceivedAsync(path);
        var clock = Stopwatch.StartNew();
        shell.Stop();
        clock.Stop();

        Assert.True(running.IsCompleted);
        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"Stop took {clock.ElapsedMilliseconds} ms.");
        Assert.Empty(shell.Streams.Error);
        Assert.Equal(jwt, session.Token!.Reveal());
        shell.Commands.Clear();
        Assert.Empty(shell.AddScript("$Error").Invoke());
    }

    /// <summary>Connect-Verifik -Email asks for the code at a prompt, so it runs behind a host that can ask.</summary>
    [Fact]
    public async Task Stopping_Connect_Verifik_while_the_code_is_being_sent_ends_it_stopped_without_an_error_or_a_prompt()
    {
        var host = new ScriptedHost(_ => "123456");
        using var shell = new HostedShell(host).Set("baseUri", emulator.Emulator.BaseUri);
        emulator.Emulator.State.QueueFault(new Fault { Path = "/v2/projects/email-login", DelayMs = 30_000 });

        var running = shell.Begin("Connect-Verifik -Email ana@example.com -BaseUri $baseUri; 'went on'");
        await WhenReceivedAsync("/v2/projects/email-login");
        var state = shell.Stop();

        Assert.True(running.IsCompleted);
        Assert.Equal(PSInvocationState.Stopped, state);
        Assert.Empty(shell.Streams.Error);
        Assert.Empty(host.Prompts);
        Assert.Empty(shell.Run("Get-VerifikToken -ErrorAction SilentlyContinue"));
    }

    /// <summary>
    /// Every cmdlet that sends a request has a Stop case above, so a new one fails until it has one or a reason:
    /// Connect-Verifik has its own case, as it needs a host that can prompt.
    /// </summary>
    [Fact]
    public void Every_cmdlet_that_sends_a_request_has_a_stop_case()
    {
        string[] exceptions = ["Connect-Verifik"];
        var senders = typeof(VerifikRequestCmdlet).Assembly.GetTypes()
            .Where(type => type.IsSubclassOf(typeof(VerifikRequestCmdlet)) && !type.IsAbstract)
            .Select(type => type.GetCustomAttribute<CmdletAttribute>()!)
            .Select(cmdlet => cmdlet.VerbName + "-" + cmdlet.NounName)
            .Except(exceptions)
            .OrderBy(name => name);
        var covered = typeof(StopRules)
            .GetMethod(nameof(Stopping_a_call_during_a_30_second_server_delay_returns_within_a_second_without_an_error_and_keeps_the_token))!
            .GetCustomAttributes<InlineDataAttribute>()
            .Select(data => ((string)data.GetData(null!).Single()[0]).Split(' ')[0])
            .Distinct()
            .OrderBy(name => name);

        Assert.Equal(senders, covered);
    }

    private async Task WhenReceivedAsync(string path)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!emulator.Emulator.State.GetRequests().Any(request => request.Path == path))
        {
            await Task.Delay(10, patience.Token);
        }
    }
}
