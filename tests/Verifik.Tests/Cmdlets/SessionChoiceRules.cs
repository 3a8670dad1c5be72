using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Verifik.Tests.Core;
using Verifik.Tests.Emulator;
using Xunit;

namespace Verifik.Tests.Cmdlets;

/// <summary>
/// Which session, token and address a call uses when the user named some of them: rules of VerifikCmdlet,
/// VerifikRequestCmdlet and Confirm-VerifikOtp that only show in what is sent where. In the environment collection
/// because they set $env:VERIFIK_ACCESS_TOKEN and save sign-ins.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed class SessionChoiceRules(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime, IDisposable
{
    /// <summary>A name that never resolves (RFC 2606), so a call sent there fails as ConnectionFailed at once.</summary>
    private const string Nowhere = "http://verifik.invalid";

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
    public async Task An_explicit_Session_without_a_token_never_takes_the_environment_token_or_the_saved_sign_in()
    {
        var jwt = await emulator.MintTokenAsync("""{"email":"ana@example.com","lifetimeSeconds":3600}""");
        _shell.RunClean($"Connect-Verifik -AccessToken '{jwt}' -BaseUri $baseUri -Scope CurrentUser");
        Environment.SetEnvironmentVariable(VerifikSession.AccessTokenVariable, jwt);

        var error = _shell.RunFailing("Invoke-VerifikRequest /v2/clients/me -Session ($explicit = New-VerifikSession -BaseUri $baseUri)");

        Assert.Equal("Verifik.NotConnected,Verifik.Commands.InvokeVerifikRequestCommand", error.FullyQualifiedErrorId);
        Assert.Null(((VerifikSession)_shell.RunClean("$explicit").Single().BaseObject).Token);
        Assert.DoesNotContain(emulator.Emulator.State.GetRequests(), request => request.Path == "/v2/clients/me");
    }

    [Theory]
    [InlineData("the call's switch", "Request-VerifikOtp -Email ana@example.com -BaseUri $nowhere -AllowUnencryptedAuthentication -Session (New-VerifikSession -MaximumRetryCount 0)")]
    [InlineData("the session's setting", "Request-VerifikOtp -Email ana@example.com -Session (New-VerifikSession -BaseUri $nowhere -AllowUnencryptedAuthentication -MaximumRetryCount 0)")]
    public void Plain_http_to_another_host_is_allowed_by_either_the_call_or_the_session(string allowedBy, string script)
    {
        var error = _shell.Set("nowhere", new Uri(Nowhere)).RunFailing(script);

        // Sent (and so failed to connect) rather than refused as Verifik.InsecureBaseUri.
        Assert.True(error.FullyQualifiedErrorId.StartsWith("Verifik.ConnectionFailed,", StringComparison.Ordinal), allowedBy + ": " + error.FullyQualifiedErrorId);
    }

    [Fact]
    public void An_explicit_BaseUri_wins_over_where_a_piped_code_was_requested()
    {
        _shell.Set("nowhere", new Uri(Nowhere)).RunClean("$request = Request-VerifikOtp -Email ana@example.com -BaseUri $baseUri");

        var error = _shell.RunFailing("$request | Confirm-VerifikOtp -Otp 123456 -BaseUri $nowhere -AllowUnencryptedAuthentication");

        Assert.StartsWith("Verifik.ConnectionFailed,", error.FullyQualifiedErrorId);
        Assert.DoesNotContain(emulator.Emulator.State.GetRequests(), request => request.Path.EndsWith("/confirm", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Confirm_VerifikOtp_with_Scope_CurrentUser_saves_the_sign_in_for_the_next_shells()
    {
        _shell.RunClean("$request = Request-VerifikOtp -Email ana@example.com -BaseUri $baseUri");
        var code = await emulator.LatestCodeAsync("ana@example.com");

        _shell.RunClean($"$request | Confirm-VerifikOtp -Otp {code} -Scope CurrentUser | Out-Null");

        Assert.True(File.Exists(SavedSignIn.ForCurrentUser().Path));
        Assert.True((bool)_shell.RunClean("(Get-VerifikSession).IsSaved").Single().BaseObject);
    }
}
