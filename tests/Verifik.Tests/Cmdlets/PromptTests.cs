using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Management.Automation.Runspaces;
using System.Security;
using System.Threading.Tasks;
using Verifik.Commands;
using Verifik.Tests.Emulator;
using Xunit;

namespace Verifik.Tests.Cmdlets;

/// <summary>Interactive sign-in through a host that answers prompts, against the emulator over real HTTP.</summary>
public sealed class PromptTests : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private readonly EmulatorFixture _fixture;
    private PowerShell? _current;

    public PromptTests(EmulatorFixture fixture) => _fixture = fixture;

    public Task InitializeAsync() => _fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void Connect_Verifik_asks_for_the_code_through_the_host_with_masked_input_and_signs_in()
    {
        var host = new ScriptedHost(_ => LatestCode("ana@example.com"));

        var session = Invoke(host, "Connect-Verifik -Email ana@example.com -Session ($s = New-VerifikSession -BaseUri $args[0]); $s");

        var prompt = Assert.Single(host.Prompts);
        Assert.Contains("ana@example.com", prompt.Message);
        Assert.Equal(typeof(SecureString).FullName, prompt.Field.ParameterTypeFullName);
        Assert.True(Assert.IsType<VerifikSession>(session.BaseObject).IsConnected);
    }

    [Fact]
    public void Connect_Verifik_asks_for_the_message_in_the_language_given()
    {
        var host = new ScriptedHost(_ => LatestCode("bob+ops@example.com"));

        Invoke(host, "Connect-Verifik -Email bob+ops@example.com -Language es -Session (New-VerifikSession -BaseUri $args[0])");

        Assert.Equal("es", _fixture.Emulator.State.GetOutbox().Last().Language);
    }

    [Fact]
    public void Connect_Verifik_run_twice_asks_for_the_code_already_sent()
    {
        var host = new ScriptedHost(_ => LatestCode("ana@example.com"));
        Invoke(host, "Request-VerifikOtp -Email ana@example.com -BaseUri $args[0] | Out-Null");

        var session = Invoke(host, "Connect-Verifik -Email ana@example.com -Session ($s = New-VerifikSession -BaseUri $args[0]); $s");

        Assert.Single(_fixture.Emulator.State.GetOutbox());
        Assert.True(Assert.IsType<VerifikSession>(session.BaseObject).IsConnected);
    }

    [Fact]
    public void A_two_factor_account_is_asked_for_the_authenticator_code_after_the_emailed_one()
    {
        var host = new ScriptedHost(field => field.Name == "Code" ? LatestCode("two@example.com") : AuthenticatorCode("two@example.com"));

        var session = Invoke(host, "Connect-Verifik -Email two@example.com -Session ($s = New-VerifikSession -BaseUri $args[0]); $s");

        Assert.Equal(new[] { "Code", "Authenticator code" }, host.Prompts.Select(p => p.Field.Name));
        Assert.Equal("two@example.com", Assert.IsType<VerifikSession>(session.BaseObject).Token!.Email);
    }

    [Fact]
    public void Confirm_VerifikOtp_asks_once_the_code_is_sent_and_an_unanswered_prompt_is_InteractionRequired_naming_who()
    {
        var host = new ScriptedHost(_ => null);
        using var shell = new HostedShell(host).Set("baseUri", _fixture.Emulator.BaseUri);

        var error = shell.RunFailing("Request-VerifikOtp -Email ana@example.com -BaseUri $baseUri | Confirm-VerifikOtp");

        Assert.Equal("Verifik.InteractionRequired,Verifik.Commands.ConfirmVerifikOtpCommand", error.FullyQualifiedErrorId);
        Assert.Equal("a***@example.com", error.TargetObject);
        var prompt = Assert.Single(host.Prompts);
        Assert.Equal("Confirm the Verifik sign-in", prompt.Caption);
        Assert.Contains("ana@example.com", prompt.Message);
        Assert.Single(_fixture.Emulator.State.GetOutbox());
    }

    [Fact]
    public void Confirm_VerifikOtp_prompts_for_the_second_factor_too_when_the_host_can_ask()
    {
        var host = new ScriptedHost(_ => AuthenticatorCode("two@example.com"));
        Invoke(host, "Request-VerifikOtp -Email two@example.com -BaseUri $args[0] | Out-Null");
        var code = LatestCode("two@example.com");

        var token = Invoke(host, $"Confirm-VerifikOtp -Email two@example.com -Otp {code} -BaseUri $args[0]");

        Assert.Equal("Authenticator code", Assert.Single(host.Prompts).Field.Name);
        Assert.Equal("two@example.com", Assert.IsType<VerifikToken>(token.BaseObject).Email);
    }

    [Theory]
    [InlineData("invalid_otp")]
    [InlineData("otp_does_not_match")]
    public void A_mistyped_code_is_asked_for_again_with_a_warning(string wrongOtpAnswer)
    {
        _fixture.Emulator.State.Behaviour = _fixture.Emulator.State.Behaviour.With("wrongOtp", wrongOtpAnswer);
        var attempts = 0;
        var host = new ScriptedHost(_ => ++attempts == 1 ? WrongCode(LatestCode("ana@example.com")) : LatestCode("ana@example.com"));

        var session = Invoke(host, "Connect-Verifik -Email ana@example.com -Session ($s = New-VerifikSession -BaseUri $args[0]); $s");

        Assert.Equal(2, host.Prompts.Count);
        Assert.Contains(host.Warnings, warning => warning.Contains("not accepted"));
        Assert.True(Assert.IsType<VerifikSession>(session.BaseObject).IsConnected);
    }

    [Fact]
    public void A_retry_prompt_does_not_read_as_if_a_new_code_was_sent()
    {
        var attempts = 0;
        var host = new ScriptedHost(_ => ++attempts == 1 ? WrongCode(LatestCode("ana@example.com")) : LatestCode("ana@example.com"));

        Invoke(host, "Connect-Verifik -Email ana@example.com -Session (New-VerifikSession -BaseUri $args[0])");

        Assert.StartsWith("Verifik sent a one-time code", host.Prompts[0].Message);
        Assert.DoesNotContain("sent a one-time code", host.Prompts[1].Message);
        Assert.Contains("no new one was sent", host.Prompts[1].Message);
        Assert.Single(_fixture.Emulator.State.GetOutbox(), message => message.To == "ana@example.com");
    }

    [Fact]
    public void A_stray_empty_Enter_asks_again_instead_of_giving_up()
    {
        var attempts = 0;
        var host = new ScriptedHost(_ => ++attempts == 1 ? string.Empty : LatestCode("ana@example.com"));

        var session = Invoke(host, "Connect-Verifik -Email ana@example.com -Session ($s = New-VerifikSession -BaseUri $args[0]); $s");

        Assert.Equal(2, host.Prompts.Count);
        Assert.True(Assert.IsType<VerifikSession>(session.BaseObject).IsConnected);
    }

    [Fact]
    public void A_wrong_authenticator_code_is_asked_for_again_like_a_wrong_emailed_code()
    {
        var authenticatorAttempts = 0;
        var host = new ScriptedHost(field => field.Name == "Code"
            ? LatestCode("two@example.com")
            : ++authenticatorAttempts == 1 ? WrongCode(AuthenticatorCode("two@example.com")) : AuthenticatorCode("two@example.com"));

        var session = Invoke(host, "Connect-Verifik -Email two@example.com -Session ($s = New-VerifikSession -BaseUri $args[0]); $s");

        Assert.Equal(new[] { "Code", "Authenticator code", "Authenticator code" }, host.Prompts.Select(p => p.Field.Name));
        Assert.Contains(host.Warnings, warning => warning.Contains("authenticator code was not accepted"));
        Assert.Equal("two@example.com", Assert.IsType<VerifikSession>(session.BaseObject).Token!.Email);
    }

    [Fact]
    public void Confirm_VerifikOtp_without_Otp_asks_masked_after_the_piped_request_has_sent_the_code()
    {
        var codeWasSentBeforeThePrompt = false;
        var host = new ScriptedHost(_ =>
        {
            codeWasSentBeforeThePrompt = _fixture.Emulator.State.GetOutbox().Any(message => message.To == "ana@example.com");
            return LatestCode("ana@example.com");
        });

        var token = Invoke(host, "Request-VerifikOtp -Email ana@example.com -BaseUri $args[0] | Confirm-VerifikOtp");

        Assert.True(codeWasSentBeforeThePrompt);
        var prompt = Assert.Single(host.Prompts);
        Assert.Equal(typeof(SecureString).FullName, prompt.Field.ParameterTypeFullName);
        Assert.Equal("ana@example.com", Assert.IsType<VerifikToken>(token.BaseObject).Email);
    }

    [Fact]
    public void Ctrl_C_at_the_prompt_stops_cleanly_and_leaves_the_session_signed_out()
    {
        // What a console host does on Ctrl+C during a prompt: stop the pipeline, and end the prompt with
        // PipelineStoppedException.
        var host = new ScriptedHost(_ =>
        {
            _current!.BeginStop(null, null);
            throw new PipelineStoppedException();
        });
        var session = new VerifikSession(_fixture.Emulator.BaseUri);

        Invoke(host, "Connect-Verifik -Email ana@example.com -Session $args[1]", session);

        Assert.Equal(PSInvocationState.Stopped, _current!.InvocationStateInfo.State);
        Assert.Single(host.Prompts);
        Assert.Null(session.Token);
    }

    [Fact]
    public void The_interactive_example_signs_in_through_the_host_and_calls_the_api()
    {
        var host = new ScriptedHost(_ => LatestCode("ana@example.com"));
        var example = Path.Combine(RepositoryRoot(), "examples", "Interactive-SignIn.ps1");

        var said = Invoke(host, $"& '{example}' -Email ana@example.com -BaseUri $args[0]");

        Assert.Single(host.Prompts);
        Assert.Matches(@"^Signed in as Ana Example <ana@example\.com>; the token is valid for (2[7-9]|30) more days\.$", said.ToString());
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "VerifikPs.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root was not found above " + AppContext.BaseDirectory);
    }

    private PSObject Invoke(PSHost host, string script, VerifikSession? session = null)
    {
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(typeof(ConnectVerifikCommand).Assembly.Location);
        using var runspace = RunspaceFactory.CreateRunspace(host, state);
        DefaultSession.Isolate(runspace);
        runspace.Open();
        using var shell = PowerShell.Create();
        shell.Runspace = runspace;
        _current = shell;
        var results = shell.AddScript(script).AddArgument(_fixture.Emulator.BaseUri).AddArgument(session).Invoke();
        Assert.Empty(shell.Streams.Error);
        return results.LastOrDefault() ?? new PSObject();
    }

    private string LatestCode(string to) => _fixture.LatestCode(to);

    private string AuthenticatorCode(string email) => _fixture.AuthenticatorCode(email);

    private static string WrongCode(string code) => EmulatorCodes.WrongCode(code);
}
