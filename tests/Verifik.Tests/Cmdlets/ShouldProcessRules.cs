using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Threading.Tasks;
using Verifik.Tests.Emulator;
using Xunit;

namespace Verifik.Tests.Cmdlets;

/// <summary>
/// What each cmdlet that sends or changes something tells ShouldProcess, which PowerShell writes to the verbose
/// stream (and shows with -WhatIf and -Confirm): the action, and a target in which an address is masked, as in every
/// other verbose line, because verbose output is what ends up in transcripts and CI logs; and how a confirmation is
/// asked through a host that can answer, which Pester's -NonInteractive pwsh cannot be.
/// </summary>
public sealed class ShouldProcessRules(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime, System.IDisposable
{
    private readonly HostedShell _shell = new HostedShell().Set("baseUri", emulator.Emulator.BaseUri);

    public async Task InitializeAsync()
    {
        await emulator.ResetAsync();
        _shell.RunClean("$request = Request-VerifikOtp -Email ana@example.com -BaseUri $baseUri");
        _shell.RunClean($"$request | Confirm-VerifikOtp -Otp {emulator.LatestCode("ana@example.com")} | Out-Null");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _shell.Dispose();

    [Theory]
    [InlineData("Request-VerifikOtp -Email ana@example.com -BaseUri $baseUri", "Send a one-time sign-in code", "a***@example.com")]
    [InlineData("Confirm-VerifikOtp -Email ana@example.com -Otp 123456 -BaseUri $baseUri", "Confirm the one-time code and keep the token in the session", "a***@example.com")]
    [InlineData("Update-VerifikToken -ExpiresInMonths 3", "Replace the token with one valid for 3 month(s)", "a***@example.com")]
    [InlineData("Update-VerifikToken -RevokeOthers -Force", "Replace the token and revoke every other token of the account", "a***@example.com")]
    [InlineData("Disconnect-Verifik", "Forget the token in this session and the saved sign-in", "a***@example.com")]
    [InlineData("Disconnect-Verifik -Session (New-VerifikSession)", "Forget the token in this session and the saved sign-in", "Verifik session")]
    [InlineData("Invoke-VerifikRequest get v2/clients/me", "GET", "v2/clients/me")]
    public void Verbose_names_the_action_and_its_target_with_the_address_masked(string command, string action, string target)
    {
        // Whether the call then succeeds does not matter here: ShouldProcess is asked before anything is sent.
        _shell.Run(command + " -Verbose");

        Assert.Contains($"Performing the operation \"{action}\" on target \"{target}\".", _shell.VerboseLines);
        Assert.DoesNotContain(_shell.VerboseLines, line => line.Contains("ana@example.com"));
    }

    [Theory]
    [InlineData("Update-VerifikToken -RevokeOthers", false)]
    [InlineData("Update-VerifikToken -RevokeOthers", true)]
    [InlineData("$ConfirmPreference = 'Low'; Update-VerifikToken -RevokeOthers", true)]
    [InlineData("Update-VerifikToken -RevokeOthers -Confirm", true)]
    public async Task RevokeOthers_asks_once_through_the_host_with_No_as_the_default_and_revokes_only_on_yes(string script, bool yes)
    {
        var jwt = await emulator.MintTokenAsync("""{"email":"ana@example.com","lifetimeSeconds":86400}""");
        var host = new ScriptedHost(_ => null) { Choose = choices => choices.Select(choice => choice.Label.TrimStart('&')).ToList().IndexOf(yes ? "Yes" : "No") };
        using var shell = new HostedShell(host).Set("baseUri", emulator.Emulator.BaseUri);
        shell.RunClean($"Connect-Verifik -AccessToken '{jwt}' -BaseUri $baseUri");
        var signedInAs = (string)shell.RunClean("(Get-VerifikToken).SignedInAs").Single().BaseObject;
        emulator.Emulator.State.ClearRequests();

        shell.RunClean(script);

        var question = Assert.Single(host.Questions);
        Assert.Equal("Revoke every other token?", question.Caption);
        Assert.Contains(signedInAs, question.Message);
        Assert.Equal("No", question.Default);
        Assert.Equal(yes, emulator.Emulator.State.GetRequests().Any(request => request.Path == "/v2/auth/renew-and-revoke"));
        Assert.Equal(yes, (string)shell.RunClean("Get-VerifikToken -AsPlainText").Single().BaseObject != jwt);
    }

    [Fact]
    public async Task RevokeOthers_through_a_host_that_refuses_to_ask_is_InteractionRequired_and_revokes_nothing()
    {
        var jwt = await emulator.MintTokenAsync("""{"email":"ana@example.com","lifetimeSeconds":86400}""");
        // A host with a UI that may not use it (as -NonInteractive): its PromptForChoice throws.
        using var shell = new HostedShell(new ScriptedHost(_ => null)).Set("baseUri", emulator.Emulator.BaseUri);
        shell.RunClean($"Connect-Verifik -AccessToken '{jwt}' -BaseUri $baseUri");
        emulator.Emulator.State.ClearRequests();

        var error = shell.RunFailing("Update-VerifikToken -RevokeOthers");

        Assert.Equal("Verifik.InteractionRequired,Verifik.Commands.UpdateVerifikTokenCommand", error.FullyQualifiedErrorId);
        Assert.Contains("-Force", error.ErrorDetails.RecommendedAction);
        Assert.Empty(emulator.Emulator.State.GetRequests());
        Assert.Equal(jwt, (string)shell.RunClean("Get-VerifikToken -AsPlainText").Single().BaseObject);
    }

    [Fact]
    public void Every_cmdlet_that_supports_ShouldProcess_has_a_case_above()
    {
        var supporting = typeof(VerifikCmdlet).Assembly.GetTypes()
            .Select(type => type.GetCustomAttribute<CmdletAttribute>())
            .Where(cmdlet => cmdlet is { SupportsShouldProcess: true })
            .Select(cmdlet => cmdlet!.VerbName + "-" + cmdlet.NounName)
            .OrderBy(name => name);
        var covered = typeof(ShouldProcessRules).GetMethod(nameof(Verbose_names_the_action_and_its_target_with_the_address_masked))!
            .GetCustomAttributes<InlineDataAttribute>()
            .Select(data => ((string)data.GetData(null!).Single()[0]).Split(' ')[0])
            .Distinct()
            .OrderBy(name => name);

        Assert.Equal(supporting, covered);
    }
}
