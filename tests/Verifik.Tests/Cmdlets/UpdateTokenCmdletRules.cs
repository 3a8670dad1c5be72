using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Net;
using System.Threading.Tasks;
using Verifik.Tests.Core;
using Verifik.Tests.Emulator;
using Xunit;

namespace Verifik.Tests.Cmdlets;

/// <summary>
/// Update-VerifikToken: renewal, -ExpiresInMonths, -RevokeOthers and when it asks first, -PassThru, its errors and the
/// saved sign-in. In the environment collection because it writes the (temporary) saved sign-in.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed class UpdateTokenCmdletRules(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime, IDisposable
{
    private const string CommandName = "Verifik.Commands.UpdateVerifikTokenCommand";
    private readonly HostedShell _shell = new HostedShell().Set("baseUri", emulator.Emulator.BaseUri);
    private string _jwt = "";

    public async Task InitializeAsync()
    {
        await emulator.ResetAsync();
        _jwt = await emulator.MintTokenAsync("""{"email":"ana@example.com","lifetimeSeconds":86400}""");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _shell.Dispose();
        SavedSignIn.ForCurrentUser().Delete();
    }

    [Fact]
    public void A_renewal_asks_for_one_month_by_default_replaces_the_token_and_outputs_nothing()
    {
        Connect(_shell);
        emulator.Emulator.State.ClearRequests();

        var output = _shell.RunClean("Update-VerifikToken");

        Assert.Empty(output);
        var request = Assert.Single(emulator.Emulator.State.GetRequests());
        Assert.Equal(("GET", "/v2/auth/session", "?origin=refresh&expiresIn=1"), (request.Method, request.Path, request.Query));
        Assert.Equal("Bearer " + _jwt, request.Authorization);
        Assert.NotEqual(_jwt, CurrentToken(_shell));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(VerifikToken.MaxRenewalMonths + 1)]
    public void ExpiresInMonths_outside_1_to_the_maximum_is_refused_before_anything_is_sent(int months)
    {
        Connect(_shell);
        emulator.Emulator.State.ClearRequests();

        var error = _shell.RunFailing($"Update-VerifikToken -ExpiresInMonths {months}");

        Assert.StartsWith("ParameterArgumentValidationError,", error.FullyQualifiedErrorId);
        Assert.Empty(emulator.Emulator.State.GetRequests());
    }

    [Fact]
    public async Task RevokeOthers_with_Force_renews_by_renew_and_revoke_and_the_old_token_stops_working()
    {
        Connect(_shell);
        emulator.Emulator.State.ClearRequests();

        var renewed = _shell.RunClean("Update-VerifikToken -RevokeOthers -Force -PassThru").Single();

        Assert.Equal(VerifikToken.TypeName, renewed.TypeNames[0]);
        var token = Assert.IsType<VerifikToken>(renewed.BaseObject);
        Assert.Equal(token.Reveal(), CurrentToken(_shell));
        var request = Assert.Single(emulator.Emulator.State.GetRequests());
        Assert.Equal(("POST", "/v2/auth/renew-and-revoke"), (request.Method, request.Path));
        Assert.Equal(HttpStatusCode.Unauthorized, (await emulator.GetMeAsync("Bearer " + _jwt)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await emulator.GetMeAsync("Bearer " + token.Reveal())).StatusCode);
    }

    [Theory]
    [InlineData("Update-VerifikToken -RevokeOthers -Confirm:$false")]
    [InlineData("$ConfirmPreference = 'None'; Update-VerifikToken -RevokeOthers")]
    public void RevokeOthers_does_not_ask_when_confirmation_is_turned_off(string script)
    {
        Connect(_shell);

        _shell.RunClean(script);

        Assert.Contains(emulator.Emulator.State.GetRequests(), request => request.Path == "/v2/auth/renew-and-revoke");
        Assert.NotEqual(_jwt, CurrentToken(_shell));
    }

    [Fact]
    public void RevokeOthers_where_no_one_can_be_asked_is_InteractionRequired_and_sends_nothing()
    {
        Connect(_shell);
        emulator.Emulator.State.ClearRequests();

        var error = _shell.RunFailing("Update-VerifikToken -RevokeOthers");

        HostedShell.AssertError(error, $"Verifik.InteractionRequired,{CommandName}", ErrorCategory.AuthenticationError, "Verifik session for " + SignedInAs(_shell));
        Assert.Contains("-Force", error.ErrorDetails.RecommendedAction);
        Assert.Empty(emulator.Emulator.State.GetRequests());
        Assert.Equal(_jwt, CurrentToken(_shell));
    }

    [Theory]
    [InlineData("Update-VerifikToken -RevokeOthers", false)]
    [InlineData("Update-VerifikToken -RevokeOthers", true)]
    [InlineData("$ConfirmPreference = 'Low'; Update-VerifikToken -RevokeOthers", true)]
    [InlineData("Update-VerifikToken -RevokeOthers -Confirm", true)]
    public void RevokeOthers_asks_once_through_the_host_with_No_as_the_default_and_revokes_only_on_yes(string script, bool yes)
    {
        var host = new ScriptedHost(_ => null) { Choose = choices => choices.Select(choice => choice.Label.TrimStart('&')).ToList().IndexOf(yes ? "Yes" : "No") };
        using var shell = new HostedShell(host).Set("baseUri", emulator.Emulator.BaseUri);
        Connect(shell);
        emulator.Emulator.State.ClearRequests();

        shell.RunClean(script);

        var question = Assert.Single(host.Questions);
        Assert.Equal("Revoke every other token?", question.Caption);
        Assert.StartsWith($"Every other Verifik token of {SignedInAs(shell)}'s account stops working at once", question.Message);
        Assert.Equal("No", question.Default);
        Assert.Equal(yes, emulator.Emulator.State.GetRequests().Any(request => request.Path == "/v2/auth/renew-and-revoke"));
        Assert.Equal(yes, CurrentToken(shell) != _jwt);
    }

    [Fact]
    public void RevokeOthers_in_a_host_that_refuses_the_question_is_InteractionRequired_and_sends_nothing()
    {
        var host = new ScriptedHost(_ => null) { Choose = _ => throw new HostException("This host runs -NonInteractive.") };
        using var shell = new HostedShell(host).Set("baseUri", emulator.Emulator.BaseUri);
        Connect(shell);
        emulator.Emulator.State.ClearRequests();

        var error = shell.RunFailing("Update-VerifikToken -RevokeOthers");

        Assert.Equal($"Verifik.InteractionRequired,{CommandName}", error.FullyQualifiedErrorId);
        Assert.Empty(emulator.Emulator.State.GetRequests());
        Assert.Equal(_jwt, CurrentToken(shell));
    }

    [Fact]
    public void Without_a_token_it_is_NotConnected_and_names_the_session_as_not_signed_in()
    {
        var error = _shell.RunFailing("Update-VerifikToken -Session (New-VerifikSession -BaseUri $baseUri)");

        Assert.Equal($"Verifik.NotConnected,{CommandName}", error.FullyQualifiedErrorId);
        Assert.Equal("Verifik session (not signed in)", error.TargetObject);
    }

    [Fact]
    public void An_expired_token_is_TokenExpired_and_is_not_sent()
    {
        var session = new VerifikSession(emulator.Emulator.BaseUri);
        session.SetToken(VerifikToken.FromJwt(TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddHours(-1)), null, DateTimeOffset.UtcNow));
        _shell.Set("expired", session);
        emulator.Emulator.State.ClearRequests();

        var error = _shell.RunFailing("Update-VerifikToken -Session $expired");

        Assert.Equal($"Verifik.TokenExpired,{CommandName}", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.StartsWith("Verifik session for ", (string)error.TargetObject);
        Assert.Empty(emulator.Emulator.State.GetRequests());
    }

    [Fact]
    public void A_token_revoked_elsewhere_is_Unauthorized()
    {
        using var other = new HostedShell().Set("baseUri", emulator.Emulator.BaseUri);
        Connect(_shell);
        Connect(other);
        other.RunClean("Update-VerifikToken -RevokeOthers -Force");

        var error = _shell.RunFailing("Update-VerifikToken");

        Assert.Equal($"Verifik.Unauthorized,{CommandName}", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
    }

    [Fact]
    public void A_saved_sign_in_removed_since_it_was_loaded_is_not_brought_back_by_a_renewal()
    {
        Connect(_shell, "CurrentUser");
        SavedSignIn.ForCurrentUser().Delete();

        _shell.RunClean("Update-VerifikToken -Verbose");
        var said = _shell.VerboseLines;
        _shell.RunClean("Update-VerifikToken -Verbose");

        Assert.False(File.Exists(SavedSignIn.ForCurrentUser().Path));
        Assert.Contains(said, line => line.EndsWith("so the renewed token was kept in this session only.", StringComparison.Ordinal));
        Assert.DoesNotContain(_shell.VerboseLines, line => line.Contains(SavedSignIn.ForCurrentUser().Path));
    }

    [Fact]
    public void Verbose_output_of_a_renewal_tells_what_is_sent_and_never_carries_a_token()
    {
        Connect(_shell, "CurrentUser");

        _shell.RunClean("Update-VerifikToken -Verbose");
        var said = _shell.VerboseLines;

        var renewed = CurrentToken(_shell);
        Assert.Contains(said, line => line.Contains("/v2/auth/session"));
        Assert.Contains("Saved the renewed Verifik token to " + SavedSignIn.ForCurrentUser().Path, said);
        Assert.DoesNotContain(said, line => line.Contains(_jwt) || line.Contains(renewed));
    }

    private void Connect(HostedShell shell, string scope = "Process") =>
        shell.RunClean($"Connect-Verifik -AccessToken '{_jwt}' -BaseUri $baseUri -Scope {scope}");

    private static string CurrentToken(HostedShell shell) => (string)shell.RunClean("Get-VerifikToken -AsPlainText").Single().BaseObject;

    private static string SignedInAs(HostedShell shell) => (string)shell.RunClean("(Get-VerifikToken).SignedInAs").Single().BaseObject;
}
