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
/// other verbose line, because verbose output is what ends up in transcripts and CI logs.
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
