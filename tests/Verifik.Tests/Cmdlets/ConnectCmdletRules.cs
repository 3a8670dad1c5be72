using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Verifik.Tests.Core;
using Verifik.Tests.Emulator;
using Xunit;

namespace Verifik.Tests.Cmdlets;

/// <summary>
/// Connect-Verifik where no one answers prompts: adopting a token from -AccessToken or $env:VERIFIK_ACCESS_TOKEN,
/// what it outputs, saves and reports. In the environment collection because it sets the variable and saves sign-ins.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed class ConnectCmdletRules(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime, IDisposable
{
    private const string CommandName = "Verifik.Commands.ConnectVerifikCommand";
    private readonly HostedShell _shell = new HostedShell().Set("baseUri", emulator.Emulator.BaseUri);

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable(VerifikSession.AccessTokenVariable, null);
        await emulator.ResetAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _shell.Dispose();
        Environment.SetEnvironmentVariable(VerifikSession.AccessTokenVariable, null);
        SavedSignIn.ForCurrentUser().Delete();
    }

    [Fact]
    public async Task An_AccessToken_given_as_a_string_signs_in_the_session_and_prints_nothing_without_PassThru()
    {
        var jwt = await MintAsync();

        var output = _shell.RunClean($"Connect-Verifik -AccessToken '{jwt}' -BaseUri $baseUri");

        Assert.Empty(output);
        Assert.Equal(jwt, _shell.RunClean("Get-VerifikToken -AsPlainText").Single().BaseObject);
        Assert.False(File.Exists(SavedSignIn.ForCurrentUser().Path));
    }

    [Fact]
    public async Task With_PassThru_it_outputs_the_Verifik_Token_of_the_token_adopted_from_a_SecureString()
    {
        var jwt = await MintAsync();
        _shell.Set("secure", Secrets.ToSecureString(jwt));

        var output = _shell.RunClean("Connect-Verifik -AccessToken $secure -BaseUri $baseUri -PassThru").Single();

        Assert.Equal(VerifikToken.TypeName, output.TypeNames[0]);
        var token = Assert.IsType<VerifikToken>(output.BaseObject);
        Assert.Equal("client " + token.ClientId, token.SignedInAs);
        Assert.Equal(jwt, token.Reveal());
        Assert.Equal(emulator.Emulator.BaseUri, token.IssuedBy);
    }

    [Theory]
    [InlineData(-60, "expired on")]
    [InlineData(null, "is not usable")]
    public async Task An_expired_or_unreadable_AccessToken_is_InvalidToken_naming_its_source_never_the_token(int? lifetimeSeconds, string says)
    {
        var jwt = lifetimeSeconds is { } seconds ? await MintAsync(seconds) : "not.a-jwt.at-all";

        var error = _shell.RunFailing($"Connect-Verifik -AccessToken '{jwt}' -BaseUri $baseUri -PassThru");

        HostedShell.AssertError(error, $"Verifik.InvalidToken,{CommandName}", ErrorCategory.InvalidArgument, "-AccessToken");
        Assert.Contains("The token from -AccessToken", error.Exception.Message);
        Assert.Contains(says, error.Exception.Message);
        Assert.DoesNotContain(jwt, error.ToString());
        Assert.False((bool)_shell.RunClean("(Get-VerifikSession).IsConnected").Single().BaseObject);
    }

    [Fact]
    public void A_string_too_long_to_be_a_token_is_refused_while_binding_with_its_length_not_its_text()
    {
        var huge = new string('x', VerifikToken.MaxLength);
        _shell.Set("huge", huge);

        var error = _shell.RunFailing("Connect-Verifik -AccessToken $huge -BaseUri $baseUri");

        Assert.StartsWith("ParameterArgumentTransformationError,", error.FullyQualifiedErrorId);
        Assert.Contains($"has {huge.Length} characters", error.Exception.Message);
        Assert.DoesNotContain(huge, error.Exception.Message);
    }

    [Fact]
    public async Task With_no_parameters_it_adopts_VERIFIK_ACCESS_TOKEN_as_issued_by_the_base_URI_in_effect()
    {
        var jwt = await MintAsync();
        Environment.SetEnvironmentVariable(VerifikSession.AccessTokenVariable, " " + jwt + " ");

        var token = Assert.IsType<VerifikToken>(_shell.RunClean("Connect-Verifik -BaseUri $baseUri -PassThru").Single().BaseObject);

        Assert.Equal(jwt, token.Reveal());
        Assert.Equal(emulator.Emulator.BaseUri, token.IssuedBy);
    }

    [Fact]
    public async Task The_same_VERIFIK_ACCESS_TOKEN_adopted_again_keeps_its_issuer_while_a_new_one_takes_the_base_URI_in_effect()
    {
        var first = await MintAsync();
        Environment.SetEnvironmentVariable(VerifikSession.AccessTokenVariable, first + "\n");
        _shell.RunClean("Connect-Verifik -BaseUri $baseUri");

        var again = (VerifikToken)_shell.RunClean("Connect-Verifik -BaseUri https://elsewhere.example -PassThru").Single().BaseObject;
        Environment.SetEnvironmentVariable(VerifikSession.AccessTokenVariable, await MintAsync(lifetimeSeconds: 7200));
        var other = (VerifikToken)_shell.RunClean("Connect-Verifik -BaseUri https://elsewhere.example -PassThru").Single().BaseObject;

        Assert.Equal(emulator.Emulator.BaseUri, again.IssuedBy);
        Assert.Equal(new Uri("https://elsewhere.example"), other.IssuedBy);
    }

    [Fact]
    public void An_unusable_VERIFIK_ACCESS_TOKEN_is_InvalidToken_naming_the_variable()
    {
        Environment.SetEnvironmentVariable(VerifikSession.AccessTokenVariable, "garbage");

        var error = _shell.RunFailing("Connect-Verifik -BaseUri $baseUri");

        Assert.Equal($"Verifik.InvalidToken,{CommandName}", error.FullyQualifiedErrorId);
        Assert.Equal("$env:VERIFIK_ACCESS_TOKEN", error.TargetObject);
        Assert.Contains("The token from $env:VERIFIK_ACCESS_TOKEN is not usable", error.Exception.Message);
    }

    [Fact]
    public void With_nothing_to_sign_in_with_and_no_one_to_ask_it_is_InteractionRequired_and_sends_nothing()
    {
        var error = _shell.RunFailing("Connect-Verifik -BaseUri $baseUri");

        HostedShell.AssertError(error, $"Verifik.InteractionRequired,{CommandName}", ErrorCategory.AuthenticationError, "$env:VERIFIK_ACCESS_TOKEN");
        Assert.Contains("cannot prompt", error.Exception.Message);
        Assert.Empty(emulator.Emulator.State.GetRequests());
    }

    [Theory]
    [InlineData("-Email ana@example.com", "a***@example.com")]
    [InlineData("-Phone 3001234567 -CountryCode +57", "+57 ******4567")]
    public void Signing_in_by_code_where_no_one_can_type_it_is_InteractionRequired_before_a_code_is_sent(string who, string target)
    {
        var error = _shell.RunFailing($"Connect-Verifik {who} -BaseUri $baseUri");

        Assert.Equal($"Verifik.InteractionRequired,{CommandName}", error.FullyQualifiedErrorId);
        Assert.Equal(target, error.TargetObject);
        Assert.Contains("Request-VerifikOtp and Confirm-VerifikOtp -Otp", error.ErrorDetails.RecommendedAction);
        Assert.Empty(emulator.Emulator.State.GetOutbox());
    }

    [Fact]
    public async Task Scope_CurrentUser_saves_the_token_for_later_shells_and_says_where_in_verbose()
    {
        var jwt = await MintAsync();

        _shell.RunClean($"Connect-Verifik -AccessToken '{jwt}' -BaseUri $baseUri -Scope CurrentUser -Verbose");

        Assert.True(SavedSignIn.ForCurrentUser().TryLoad(out var saved, out _));
        Assert.Equal(jwt, saved!.Reveal());
        var verbose = Assert.Single(_shell.VerboseLines, line => line.StartsWith("Saved the Verifik sign-in to ", StringComparison.Ordinal));
        Assert.Contains(SavedSignIn.ForCurrentUser().Path, verbose);
        Assert.DoesNotContain(_shell.VerboseLines, line => line.Contains(jwt));
    }

    [Fact]
    public async Task A_sign_in_that_cannot_be_saved_still_signs_in_and_warns_that_new_shells_will_not_find_it()
    {
        var jwt = await MintAsync();
        var folder = Path.GetDirectoryName(SavedSignIn.ForCurrentUser().Path)!;
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        File.WriteAllText(folder, "a file where the folder of the saved sign-in goes");
        try
        {
            _shell.RunClean($"Connect-Verifik -AccessToken '{jwt}' -BaseUri $baseUri -Scope CurrentUser");
            var warning = Assert.Single(_shell.Warnings);

            Assert.StartsWith($"Signed in, but the sign-in could not be saved to {SavedSignIn.ForCurrentUser().Path}: ", warning);
            Assert.EndsWith("New shells will have to sign in again.", warning);
            Assert.True((bool)_shell.RunClean("(Get-VerifikSession).IsConnected").Single().BaseObject);
        }
        finally
        {
            File.Delete(folder);
        }
    }

    [Fact]
    public async Task A_Process_sign_in_leaves_the_saved_sign_in_alone_and_a_renewal_then_does_not_rewrite_it()
    {
        var savedJwt = await MintAsync();
        _shell.RunClean($"Connect-Verifik -AccessToken '{savedJwt}' -BaseUri $baseUri -Scope CurrentUser");

        _shell.RunClean($"Connect-Verifik -AccessToken '{await MintAsync(lifetimeSeconds: 7200)}' -BaseUri $baseUri");
        _shell.RunClean("Update-VerifikToken");

        Assert.True(SavedSignIn.ForCurrentUser().TryLoad(out var saved, out _));
        Assert.Equal(savedJwt, saved!.Reveal());
    }

    private Task<string> MintAsync(int lifetimeSeconds = 86400) =>
        emulator.MintTokenAsync($$"""{"email":"ana@example.com","lifetimeSeconds":{{lifetimeSeconds}}}""");
}
