using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Verifik.Tests.Emulator;
using Xunit;

namespace Verifik.Tests.Cmdlets;

/// <summary>
/// Request-VerifikOtp and Confirm-VerifikOtp where no one answers prompts: -WhatIf, a missing code that stops the
/// pipeline before a code is sent, and a piped request that does not say who it was for.
/// </summary>
public sealed class OtpCmdletRules(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime, System.IDisposable
{
    private const string ConfirmName = "Verifik.Commands.ConfirmVerifikOtpCommand";
    private readonly HostedShell _shell = new HostedShell().Set("baseUri", emulator.Emulator.BaseUri);

    public Task InitializeAsync() => emulator.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _shell.Dispose();

    [Fact]
    public void Request_VerifikOtp_with_WhatIf_sends_nothing_and_outputs_nothing()
    {
        var output = _shell.RunClean("Request-VerifikOtp -Email ana@example.com -BaseUri $baseUri -WhatIf");

        Assert.Empty(output);
        Assert.Empty(emulator.Emulator.State.GetRequests());
    }

    [Fact]
    public void Request_VerifikOtp_outputs_a_Verifik_OtpRequest_that_says_where_the_code_went()
    {
        var output = _shell.RunClean("Request-VerifikOtp -Phone 3001234567 -CountryCode 57 -Gateway WhatsApp -BaseUri $baseUri").Single();

        Assert.Equal(VerifikOtpRequest.TypeName, output.TypeNames[0]);
        var request = Assert.IsType<VerifikOtpRequest>(output.BaseObject);
        Assert.Equal(("+57", "3001234567"), (request.CountryCode, request.Phone));
        Assert.Equal(emulator.Emulator.BaseUri, request.BaseUri);
        Assert.Equal("whatsapp", emulator.Emulator.State.GetOutbox().Single().Channel);
    }

    [Fact]
    public void An_address_Verifik_does_not_know_is_InvalidEmail_with_the_masked_address_as_target()
    {
        var error = _shell.RunFailing("Request-VerifikOtp -Email nobody@example.com -BaseUri $baseUri");

        HostedShell.AssertError(error, "Verifik.InvalidEmail,Verifik.Commands.RequestVerifikOtpCommand", ErrorCategory.ObjectNotFound, "n***@example.com");
    }

    [Theory]
    [InlineData("$request | Confirm-VerifikOtp -Otp $code", "requested")]
    [InlineData("$request | Confirm-VerifikOtp -Otp $code -Session $other", "other")]
    public void A_piped_request_is_confirmed_in_the_session_it_was_made_in_unless_Session_is_given(string confirm, string signedIn)
    {
        _shell.RunClean("$requested = New-VerifikSession -BaseUri $baseUri; $other = New-VerifikSession -BaseUri $baseUri");
        _shell.RunClean("$request = Request-VerifikOtp -Email ana@example.com -Session $requested");

        _shell.Set("code", emulator.LatestCode("ana@example.com")).RunClean(confirm + " | Out-Null");

        var connected = _shell.RunClean("$requested.IsConnected, $other.IsConnected, (Get-VerifikSession).IsConnected").Select(value => (bool)value.BaseObject).ToArray();
        Assert.Equal(new[] { signedIn == "requested", signedIn == "other", false }, connected);
    }

    [Fact]
    public void Confirm_VerifikOtp_with_WhatIf_confirms_nothing_and_the_session_stays_signed_out()
    {
        _shell.RunClean("Request-VerifikOtp -Email ana@example.com -BaseUri $baseUri | Out-Null");
        var code = emulator.LatestCode("ana@example.com");

        var output = _shell.RunClean($"Confirm-VerifikOtp -Email ana@example.com -Otp {code} -BaseUri $baseUri -WhatIf");

        Assert.Empty(output);
        Assert.DoesNotContain(emulator.Emulator.State.GetRequests(), request => request.Path.EndsWith("/confirm", System.StringComparison.Ordinal));
        Assert.False((bool)_shell.RunClean("(Get-VerifikSession).IsConnected").Single().BaseObject);
    }

    [Fact]
    public void Confirm_VerifikOtp_without_Otp_where_no_one_can_type_it_stops_the_pipeline_before_a_code_is_sent()
    {
        var error = _shell.RunFailing("Request-VerifikOtp -Email ana@example.com -BaseUri $baseUri | Confirm-VerifikOtp");

        HostedShell.AssertError(error, $"Verifik.InteractionRequired,{ConfirmName}", ErrorCategory.AuthenticationError, "-Otp");
        Assert.Contains("-Otp <code>", error.ErrorDetails.RecommendedAction);
        Assert.Empty(emulator.Emulator.State.GetOutbox());
    }

    [Fact]
    public void A_piped_request_that_does_not_say_who_the_code_went_to_is_MissingParameter_and_nothing_is_sent()
    {
        _shell.Set("request", new VerifikOtpRequest());

        var error = _shell.RunFailing("$request | Confirm-VerifikOtp -Otp 123456 -BaseUri $baseUri");

        HostedShell.AssertError(error, $"Verifik.MissingParameter,{ConfirmName}", ErrorCategory.InvalidArgument, "the piped request");
        Assert.Empty(emulator.Emulator.State.GetRequests());
    }

    [Fact]
    public void Confirm_VerifikOtp_asks_once_the_code_is_sent_and_an_unanswered_prompt_is_InteractionRequired_naming_who()
    {
        var host = new ScriptedHost(_ => null);
        using var shell = new HostedShell(host).Set("baseUri", emulator.Emulator.BaseUri);

        var error = shell.RunFailing("Request-VerifikOtp -Email ana@example.com -BaseUri $baseUri | Confirm-VerifikOtp");

        Assert.Equal($"Verifik.InteractionRequired,{ConfirmName}", error.FullyQualifiedErrorId);
        Assert.Equal("a***@example.com", error.TargetObject);
        Assert.Contains("No code was entered for a***@example.com", error.Exception.Message);
        var prompt = Assert.Single(host.Prompts);
        Assert.Equal("Confirm the Verifik sign-in", prompt.Caption);
        Assert.Equal("Type the one-time code Verifik sent to ana@example.com.", prompt.Message);
        Assert.Single(emulator.Emulator.State.GetOutbox());
    }

    [Fact]
    public void Confirm_VerifikOtp_by_phone_confirms_at_the_phone_endpoint_and_signs_in_as_that_phone()
    {
        _shell.RunClean("Request-VerifikOtp -Phone 3001234567 -CountryCode 57 -BaseUri $baseUri | Out-Null");
        var code = emulator.Emulator.State.GetOutbox().Single().Code;

        var token = (VerifikToken)_shell.RunClean($"Confirm-VerifikOtp -Phone 3001234567 -CountryCode 57 -Otp {code} -BaseUri $baseUri").Single().BaseObject;

        Assert.Equal(("+57", "3001234567"), (token.CountryCode, token.Phone));
        Assert.Contains(emulator.Emulator.State.GetRequests(), request => request.Path == "/v2/projects/phone-login/confirm");
    }

    [Fact]
    public void A_two_factor_account_confirmed_where_no_one_can_type_the_authenticator_code_is_AuthenticatorOtpRequired()
    {
        _shell.RunClean("Request-VerifikOtp -Email two@example.com -BaseUri $baseUri | Out-Null");
        var code = emulator.LatestCode("two@example.com");

        var error = _shell.RunFailing($"Confirm-VerifikOtp -Email two@example.com -Otp {code} -BaseUri $baseUri");

        HostedShell.AssertError(error, $"Verifik.AuthenticatorOtpRequired,{ConfirmName}", ErrorCategory.AuthenticationError, "t***@example.com");
        Assert.False((bool)_shell.RunClean("(Get-VerifikSession).IsConnected").Single().BaseObject);
    }

    [Fact]
    public void A_code_typed_as_a_fraction_is_refused_by_the_code_rule_before_anything_is_sent()
    {
        var error = _shell.RunFailing("Confirm-VerifikOtp -Email ana@example.com -Otp 1234.5 -BaseUri $baseUri");

        Assert.Equal($"ParameterArgumentValidationError,{ConfirmName}", error.FullyQualifiedErrorId);
        Assert.Contains("only letters and digits", error.Exception.Message);
        Assert.Empty(emulator.Emulator.State.GetRequests());
    }
}
