using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading.Tasks;
using Verifik.Commands;
using Verifik.Tests.Emulator;
using Xunit;

namespace Verifik.Tests.Cmdlets;

/// <summary>The cmdlets run in-process in a hosted PowerShell, against the emulator over real HTTP.</summary>
public sealed class HostedCmdletTests : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private readonly EmulatorFixture _fixture;

    public HostedCmdletTests(EmulatorFixture fixture) => _fixture = fixture;

    public Task InitializeAsync() => _fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Request_piped_to_Confirm_keeps_the_token_in_the_runspace_default_session()
    {
        using var shell = NewShell();
        var request = shell.AddCommand("Request-VerifikOtp").AddParameter("Email", "ana@example.com").AddParameter("BaseUri", _fixture.Emulator.BaseUri).Invoke().Single();
        var code = await _fixture.LatestCodeAsync("ana@example.com");

        shell.Commands.Clear();
        var token = shell.AddCommand("Write-Output").AddArgument(request).AddCommand("Confirm-VerifikOtp").AddParameter("Otp", code).Invoke().Single();
        shell.Commands.Clear();
        var header = (Hashtable)shell.AddCommand("Get-VerifikToken").AddParameter("AsHeader").Invoke().Single().BaseObject;

        Assert.Empty(shell.Streams.Error);
        Assert.Equal("Verifik.OtpRequest", request.TypeNames[0]);
        Assert.Equal("Verifik.Token", token.TypeNames[0]);
        var verifikToken = Assert.IsType<VerifikToken>(token.BaseObject);
        Assert.Equal("ana@example.com", verifikToken.Email);
        Assert.StartsWith("Bearer eyJ", (string)header["Authorization"]!);
        Assert.Equal(200, (int)(await _fixture.GetMeAsync((string)header["Authorization"]!)).StatusCode);
    }

    [Fact]
    public async Task A_wrong_code_becomes_an_ErrorRecord_with_id_category_target_and_api_details()
    {
        using var shell = NewShell();
        shell.AddCommand("Request-VerifikOtp").AddParameter("Email", "ana@example.com").AddParameter("BaseUri", _fixture.Emulator.BaseUri).Invoke();
        var wrong = await _fixture.LatestCodeAsync("ana@example.com") == "000000" ? "111111" : "000000";

        shell.Commands.Clear();
        shell.AddCommand("Confirm-VerifikOtp").AddParameter("Email", "ana@example.com").AddParameter("Otp", wrong).AddParameter("BaseUri", _fixture.Emulator.BaseUri).Invoke();

        var error = Assert.Single(shell.Streams.Error);
        Assert.Equal("Verifik.InvalidOtp,Verifik.Commands.ConfirmVerifikOtpCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.Equal("a***@example.com", error.TargetObject);
        var exception = Assert.IsType<VerifikException>(error.Exception);
        Assert.Equal(400, exception.StatusCode);
        Assert.Equal("invalid_otp", exception.ApiMessage);
        Assert.DoesNotContain(wrong, exception.Message);
    }

    [Fact]
    public void A_malformed_address_is_a_parameter_error_and_nothing_is_sent()
    {
        using var shell = NewShell();

        var failure = Assert.ThrowsAny<ParameterBindingException>(() =>
            shell.AddCommand("Request-VerifikOtp").AddParameter("Email", "Ana <ana@example.com>").AddParameter("BaseUri", _fixture.Emulator.BaseUri).Invoke());

        Assert.Equal("ParameterArgumentValidationError,Verifik.Commands.RequestVerifikOtpCommand", failure.ErrorRecord.FullyQualifiedErrorId);
        Assert.Contains("Email", failure.Message);
        Assert.Empty(_fixture.Emulator.State.GetRequests());
    }

    [Fact]
    public void Each_runspace_has_its_own_default_session()
    {
        using var first = NewShell();
        using var second = NewShell();

        var one = first.AddCommand("Get-VerifikSession").Invoke().Single().BaseObject;
        var oneAgain = first.AddCommand("Get-VerifikSession").Invoke().Single().BaseObject;
        var two = second.AddCommand("Get-VerifikSession").Invoke().Single().BaseObject;

        Assert.Same(one, oneAgain);
        Assert.NotSame(one, two);
    }

    [Fact]
    public void Get_VerifikToken_without_a_token_writes_a_NotConnected_error_with_its_next_step_and_no_output()
    {
        using var shell = NewShell();

        var output = shell.AddCommand("Get-VerifikToken").AddParameter("Session", new VerifikSession()).Invoke();

        Assert.Empty(output);
        var failure = Assert.Single(shell.Streams.Error);
        Assert.StartsWith("Verifik.NotConnected,", failure.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, failure.CategoryInfo.Category);
        Assert.Equal(VerifikErrors.For(VerifikErrorKind.NotConnected).RecommendedAction, failure.ErrorDetails.RecommendedAction);
        Assert.Equal("Verifik session (not signed in)", failure.TargetObject);
    }

    private static PowerShell NewShell()
    {
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(typeof(RequestVerifikOtpCommand).Assembly.Location);
        var shell = PowerShell.Create(state);
        // Tests run in parallel in one process; each shell gets the default session a process of its own would.
        DefaultSession.Isolate(shell.Runspace);
        return shell;
    }
}
