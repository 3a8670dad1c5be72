using System;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Threading.Tasks;
using Verifik.Tests.Core;
using Verifik.Tests.Emulator;
using Xunit;

namespace Verifik.Tests.Cmdlets;

/// <summary>
/// Connect-Verifik at a prompt: what it asks for and how, what a typed answer that is empty, malformed or wrong
/// leads to, and when it gives up. In the environment collection because with no parameters it reads
/// $env:VERIFIK_ACCESS_TOKEN, which must be unset here.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed class ConnectPromptRules(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private const string CommandName = "Verifik.Commands.ConnectVerifikCommand";

    public Task InitializeAsync() => emulator.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void With_no_parameters_it_asks_for_the_address_in_the_open_then_for_the_code_masked()
    {
        var host = new ScriptedHost(field => field.Name == "Email" ? "  ana@example.com " : LatestCode("ana@example.com"));
        using var shell = Shell(host);

        shell.RunClean("Connect-Verifik -BaseUri $baseUri");

        Assert.Equal(new[] { "Email", "Code" }, host.Prompts.Select(prompt => prompt.Field.Name));
        Assert.All(host.Prompts, prompt => Assert.Equal("Sign in to Verifik", prompt.Caption));
        Assert.NotEqual(typeof(SecureString).FullName, host.Prompts[0].Field.ParameterTypeFullName);
        Assert.Equal(typeof(SecureString).FullName, host.Prompts[1].Field.ParameterTypeFullName);
        Assert.Equal("ana@example.com", shell.RunClean("(Get-VerifikToken).Email").Single().BaseObject);
    }

    [Theory]
    [InlineData("   ", "No address was typed")]
    [InlineData("not an address", "is not an email address")]
    public void An_address_typed_at_the_prompt_that_is_empty_or_malformed_is_InvalidEmail_and_nothing_is_sent(string typed, string says)
    {
        using var shell = Shell(new ScriptedHost(_ => typed));

        var error = shell.RunFailing("Connect-Verifik -BaseUri $baseUri");

        Assert.Equal($"Verifik.InvalidEmail,{CommandName}", error.FullyQualifiedErrorId);
        Assert.Contains(says, error.Exception.Message);
        Assert.Empty(emulator.Emulator.State.GetRequests());
    }

    [Fact]
    public void An_address_prompt_left_unanswered_is_InteractionRequired()
    {
        using var shell = Shell(new ScriptedHost(_ => null));

        var error = shell.RunFailing("Connect-Verifik -BaseUri $baseUri");

        Assert.Equal($"Verifik.InteractionRequired,{CommandName}", error.FullyQualifiedErrorId);
        Assert.Empty(emulator.Emulator.State.GetRequests());
    }

    [Fact]
    public void A_phone_sign_in_says_how_the_code_travels_and_signs_in_as_that_phone()
    {
        var host = new ScriptedHost(_ => emulator.Emulator.State.GetOutbox().Last().Code);
        using var shell = Shell(host);

        var token = (VerifikToken)shell.RunClean("Connect-Verifik -Phone 3001234567 -CountryCode 57 -Gateway WhatsApp -BaseUri $baseUri -PassThru").Single().BaseObject;

        Assert.Equal("whatsapp", emulator.Emulator.State.GetOutbox().Single().Channel);
        Assert.Equal("Verifik sent a one-time code to +57 3001234567 by WhatsApp.", Assert.Single(host.Prompts).Message);
        Assert.Equal("3001234567", token.Phone);
    }

    [Theory]
    [InlineData(null, 1)]
    [InlineData("", 3)]
    [InlineData("host refuses", 1)]
    public void A_code_prompt_left_unanswered_refused_by_the_host_or_answered_empty_three_times_stops_with_InteractionRequired(string? answer, int prompts)
    {
        var host = new ScriptedHost(_ => answer == "host refuses" ? throw new HostException("no prompting here") : answer);
        using var shell = Shell(host);

        var error = shell.RunFailing("Connect-Verifik -Email ana@example.com -BaseUri $baseUri");

        Assert.Equal($"Verifik.InteractionRequired,{CommandName}", error.FullyQualifiedErrorId);
        Assert.Equal("a***@example.com", error.TargetObject);
        Assert.Contains("No code was entered", error.Exception.Message);
        Assert.Equal(prompts, host.Prompts.Count);
        Assert.Single(emulator.Emulator.State.GetOutbox());
    }

    [Fact]
    public void A_malformed_code_is_refused_with_the_rule_as_a_warning_and_asked_for_again_without_sending_it()
    {
        var attempts = 0;
        var host = new ScriptedHost(_ => ++attempts == 1 ? "12" : LatestCode("ana@example.com"));
        using var shell = Shell(host);

        shell.RunClean("Connect-Verifik -Email ana@example.com -BaseUri $baseUri");

        Assert.Equal(2, host.Prompts.Count);
        Assert.Contains("no new one was sent", host.Prompts[1].Message);
        Assert.Contains(shell.Warnings, warning => warning.Contains("4 to 12 letters or digits"));
        Assert.Single(emulator.Emulator.State.GetRequests(), request => request.Path == "/v2/projects/email-login/confirm");
    }

    [Fact]
    public void Three_wrong_codes_end_with_InvalidOtp_after_two_warnings()
    {
        var host = new ScriptedHost(_ => WrongCode(LatestCode("ana@example.com")));
        using var shell = Shell(host);

        var error = shell.RunFailing("Connect-Verifik -Email ana@example.com -BaseUri $baseUri");

        Assert.Equal($"Verifik.InvalidOtp,{CommandName}", error.FullyQualifiedErrorId);
        Assert.Equal(3, host.Prompts.Count);
        Assert.Equal(2, shell.Warnings.Count(warning => warning == "That code was not accepted. Check it and type it again."));
        Assert.Single(emulator.Emulator.State.GetOutbox());
    }

    [Fact]
    public void Run_right_after_a_code_was_sent_it_asks_for_that_code_and_says_so_once_in_the_prompt()
    {
        var host = new ScriptedHost(_ => LatestCode("ana@example.com"));
        using var shell = Shell(host);
        shell.RunClean("Request-VerifikOtp -Email ana@example.com -BaseUri $baseUri | Out-Null");

        shell.RunClean("Connect-Verifik -Email ana@example.com -BaseUri $baseUri");

        Assert.Equal("Verifik sent a one-time code to ana@example.com moments ago.", Assert.Single(host.Prompts).Message);
        Assert.Empty(shell.Warnings);
        Assert.Single(emulator.Emulator.State.GetOutbox());
    }

    [Fact]
    public void An_authenticator_prompt_left_unanswered_is_AuthenticatorOtpRequired()
    {
        var host = new ScriptedHost(field => field.Name == "Code" ? LatestCode("two@example.com") : null);
        using var shell = Shell(host);

        var error = shell.RunFailing("Connect-Verifik -Email two@example.com -BaseUri $baseUri");

        Assert.Equal($"Verifik.AuthenticatorOtpRequired,{CommandName}", error.FullyQualifiedErrorId);
        Assert.Equal("Two-factor sign-in", host.Prompts.Last().Caption);
        Assert.False((bool)shell.RunClean("(Get-VerifikSession).IsConnected").Single().BaseObject);
    }

    [Fact]
    public void Three_wrong_authenticator_codes_end_with_InvalidAuthenticatorOtp()
    {
        var host = new ScriptedHost(field => field.Name == "Code" ? LatestCode("two@example.com") : WrongCode(AuthenticatorCode("two@example.com")));
        using var shell = Shell(host);

        var error = shell.RunFailing("Connect-Verifik -Email two@example.com -BaseUri $baseUri");

        Assert.Equal($"Verifik.InvalidAuthenticatorOtp,{CommandName}", error.FullyQualifiedErrorId);
        var again = "Type the current 6-digit code from the authenticator app of two@example.com.";
        Assert.Equal(
            new[] { "two@example.com also needs the 6-digit code from its authenticator app.", again, again },
            host.Prompts.Where(prompt => prompt.Field.Name == "Authenticator code").Select(prompt => prompt.Message));
        Assert.Equal(2, shell.Warnings.Count(warning => warning.Contains("authenticator code was not accepted")));
    }

    [Fact]
    public void Run_again_right_after_the_code_signed_in_it_is_OtpRecentlySent_and_the_next_step_is_to_run_it_later()
    {
        var host = new ScriptedHost(_ => LatestCode("ana@example.com"));
        using var shell = Shell(host);
        shell.RunClean("Connect-Verifik -Email ana@example.com -BaseUri $baseUri");

        var error = shell.RunFailing("Connect-Verifik -Email ana@example.com -BaseUri $baseUri");

        Assert.Equal($"Verifik.OtpRecentlySent,{CommandName}", error.FullyQualifiedErrorId);
        // Not asked for the code it already used: that one cannot sign in again.
        Assert.Single(host.Prompts);
        Assert.StartsWith("Run Connect-Verifik again once", error.ErrorDetails.RecommendedAction);
    }

    private HostedShell Shell(PSHost host) => new HostedShell(host).Set("baseUri", emulator.Emulator.BaseUri);

    private string LatestCode(string to) => emulator.LatestCode(to);

    private string AuthenticatorCode(string email) => emulator.AuthenticatorCode(email);

    private static string WrongCode(string code) => EmulatorCodes.WrongCode(code);
}
