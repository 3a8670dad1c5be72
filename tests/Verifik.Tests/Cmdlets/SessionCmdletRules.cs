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
/// Get-VerifikSession, New-VerifikSession and Disconnect-Verifik: which token a default session adopts and what it
/// says about it, the proxy credential a session keeps, and which saved sign-in signing out removes. In the environment collection
/// because it sets $env:VERIFIK_ACCESS_TOKEN and writes the (temporary) saved sign-in.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed class SessionCmdletRules(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime, IDisposable
{
    private readonly HostedShell _shell = new HostedShell().Set("baseUri", emulator.Emulator.BaseUri);
    private string _jwt = "";

    private static string SavedPath => SavedSignIn.ForCurrentUser().Path;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable(VerifikSession.AccessTokenVariable, null);
        await emulator.ResetAsync();
        _jwt = await emulator.MintTokenAsync("""{"email":"ana@example.com","lifetimeSeconds":86400}""");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _shell.Dispose();
        Environment.SetEnvironmentVariable(VerifikSession.AccessTokenVariable, null);
        SavedSignIn.ForCurrentUser().Delete();
    }

    [Fact]
    public void A_new_runspace_adopts_VERIFIK_ACCESS_TOKEN_says_so_in_verbose_and_sends_it_to_the_Verifik_in_effect()
    {
        _shell.RunClean("(Get-VerifikSession).BaseUri = $baseUri");
        Environment.SetEnvironmentVariable(VerifikSession.AccessTokenVariable, _jwt);

        var session = (VerifikSession)_shell.RunClean("Get-VerifikSession -Verbose").Single().BaseObject;

        Assert.True(session.IsConnected);
        Assert.Equal(_jwt, session.Token!.Reveal());
        Assert.Equal(emulator.Emulator.BaseUri, session.Token.IssuedBy);
        Assert.Contains("Using the Verifik token in $env:VERIFIK_ACCESS_TOKEN", _shell.VerboseLines);
        Assert.DoesNotContain(_shell.VerboseLines, line => line.Contains(_jwt));
    }

    [Fact]
    public void An_unusable_VERIFIK_ACCESS_TOKEN_is_a_warning_when_showing_the_session_and_an_error_when_using_it()
    {
        Environment.SetEnvironmentVariable(VerifikSession.AccessTokenVariable, "garbage");

        var session = (VerifikSession)_shell.RunClean("Get-VerifikSession").Single().BaseObject;
        var warning = Assert.Single(_shell.Warnings);
        var error = _shell.RunFailing("Invoke-VerifikRequest /v2/clients/me");

        Assert.False(session.IsConnected);
        Assert.StartsWith("The token from $env:VERIFIK_ACCESS_TOKEN is not usable.", warning);
        Assert.StartsWith("Verifik.InvalidToken,", error.FullyQualifiedErrorId);
        Assert.Empty(emulator.Emulator.State.GetRequests());
    }

    [Fact]
    public void A_new_runspace_adopts_the_saved_sign_in_and_says_where_it_came_from()
    {
        _shell.RunClean($"Connect-Verifik -AccessToken '{_jwt}' -BaseUri $baseUri -Scope CurrentUser");
        using var later = new HostedShell();

        var data = later.RunClean("Invoke-VerifikRequest /v2/clients/me -Verbose").Single();

        Assert.Equal("ana@example.com", data.Properties["email"].Value);
        Assert.Contains($"Using the saved Verifik sign-in from {SavedPath}", later.VerboseLines);
    }

    [Fact]
    public async Task A_session_that_holds_a_token_keeps_it_whatever_VERIFIK_ACCESS_TOKEN_says()
    {
        _shell.RunClean($"Connect-Verifik -AccessToken '{_jwt}' -BaseUri $baseUri");
        Environment.SetEnvironmentVariable(VerifikSession.AccessTokenVariable, await emulator.MintTokenAsync("""{"email":"ana@example.com","lifetimeSeconds":7200}"""));

        Assert.Equal(_jwt, _shell.RunClean("Get-VerifikToken -AsPlainText").Single().BaseObject);
    }

    [Fact]
    public void A_broken_saved_sign_in_is_a_warning_once_per_session_and_the_session_stays_signed_out()
    {
        File.WriteAllText(SavedPath, "{ not json");

        var session = (VerifikSession)_shell.RunClean("Get-VerifikSession").Single().BaseObject;
        var warnings = _shell.Warnings;
        _shell.RunClean("Get-VerifikSession");

        Assert.False(session.IsConnected);
        Assert.Contains(SavedPath, Assert.Single(warnings));
        Assert.Empty(_shell.Warnings);
    }

    [Fact]
    public void New_VerifikSession_keeps_the_proxy_credential_for_the_proxy()
    {
        var session = (VerifikSession)_shell.RunClean(
            "New-VerifikSession -Proxy http://proxy.example:8080 -ProxyCredential ([pscredential]::new('proxyuser', (ConvertTo-SecureString 'proxypass' -AsPlainText -Force)))").Single().BaseObject;

        Assert.Equal(("proxyuser", "proxypass"), (session.Settings.ProxyCredential!.UserName, session.Settings.ProxyCredential.Password));
        Assert.Null(session.BaseUri);
    }

    [Theory]
    [InlineData("Connect-Verifik -AccessToken $jwt -BaseUri $baseUri; Disconnect-Verifik -Verbose")]
    [InlineData("Disconnect-Verifik -Session (New-VerifikSession) -Verbose")]
    public void Signing_out_a_session_that_did_not_save_the_sign_in_leaves_it_and_says_so(string script)
    {
        using (var saving = new HostedShell().Set("baseUri", emulator.Emulator.BaseUri))
        {
            saving.RunClean($"Connect-Verifik -AccessToken '{_jwt}' -BaseUri $baseUri -Scope CurrentUser");
        }

        _shell.Set("jwt", _jwt).RunClean(script);

        Assert.True(File.Exists(SavedPath));
        Assert.Contains($"Left the saved Verifik sign-in at {SavedPath}, if any: it is not this session's.", _shell.VerboseLines);
    }

    [Fact]
    public void Signing_out_with_VERIFIK_ACCESS_TOKEN_set_leaves_the_saved_sign_in_and_adopts_neither_until_the_next_sign_in()
    {
        _shell.RunClean($"Connect-Verifik -AccessToken '{_jwt}' -BaseUri $baseUri -Scope CurrentUser");
        using var other = new HostedShell();
        Environment.SetEnvironmentVariable(VerifikSession.AccessTokenVariable, _jwt);

        other.RunClean("Disconnect-Verifik");

        Assert.True(File.Exists(SavedPath));
        Assert.False((bool)other.RunClean("(Get-VerifikSession).IsConnected").Single().BaseObject);
    }

    [Fact]
    public void A_default_session_with_no_sign_in_of_its_own_removes_the_saved_one_it_would_use()
    {
        _shell.RunClean($"Connect-Verifik -AccessToken '{_jwt}' -BaseUri $baseUri -Scope CurrentUser");
        using var other = new HostedShell();

        other.RunClean("Disconnect-Verifik -Verbose");

        Assert.False(File.Exists(SavedPath));
        Assert.Contains($"Removed the saved Verifik sign-in at {SavedPath}", other.VerboseLines);
    }
}
