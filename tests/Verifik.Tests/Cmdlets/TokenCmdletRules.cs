using System.Collections;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Verifik.Tests.Emulator;
using Xunit;

namespace Verifik.Tests.Cmdlets;

/// <summary>
/// Get-VerifikToken: its three forms, the warning before a token runs out, -MinimumValidity, and what serialising
/// its output or the session keeps (never the token). Signed in for this runspace only, so nothing is saved.
/// </summary>
public sealed class TokenCmdletRules(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime, System.IDisposable
{
    private const int Day = 86_400;
    private readonly HostedShell _shell = new HostedShell().Set("baseUri", emulator.Emulator.BaseUri);

    public Task InitializeAsync() => emulator.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _shell.Dispose();

    [Fact]
    public async Task The_token_comes_as_a_Verifik_Token_as_plain_text_or_as_an_Authorization_header()
    {
        var jwt = await ConnectAsync(lifetimeSeconds: 10 * Day);

        var token = _shell.RunClean("Get-VerifikToken").Single();
        var text = _shell.RunClean("Get-VerifikToken -AsPlainText").Single().BaseObject;
        var header = (Hashtable)_shell.RunClean("Get-VerifikToken -AsHeader").Single().BaseObject;

        Assert.Equal(VerifikToken.TypeName, token.TypeNames[0]);
        Assert.Equal(jwt, ((VerifikToken)token.BaseObject).Reveal());
        Assert.Equal(jwt, text);
        Assert.Equal("Bearer " + jwt, Assert.Single(header.Keys.Cast<string>(), key => key == "Authorization") is { } key ? header[key] : null);
    }

    [Fact]
    public async Task Less_than_three_days_left_is_a_warning_once_per_token_naming_who_and_what_to_do()
    {
        await ConnectAsync(lifetimeSeconds: 2 * Day);

        _shell.RunClean("Get-VerifikToken");
        var first = _shell.Warnings;
        _shell.RunClean("Get-VerifikToken");
        var second = _shell.Warnings;
        await ConnectAsync(lifetimeSeconds: 2 * Day);
        _shell.RunClean("Get-VerifikToken");

        var who = (string)_shell.RunClean("(Get-VerifikToken).SignedInAs").Single().BaseObject;
        Assert.Matches($"^The Verifik token for {who} expires in 1d 23h\\. Renew it with Update-VerifikToken\\.$", Assert.Single(first));
        Assert.Empty(second);
        Assert.DoesNotContain(_shell.Warnings, warning => warning.Contains("expires in"));
    }

    [Fact]
    public async Task More_than_three_days_left_is_no_warning()
    {
        await ConnectAsync(lifetimeSeconds: 3 * Day + 3600);

        _shell.RunClean("Get-VerifikToken");

        Assert.Empty(_shell.Warnings);
    }

    [Fact]
    public async Task Less_validity_than_MinimumValidity_is_TokenExpiring_and_outputs_no_token()
    {
        await ConnectAsync(lifetimeSeconds: Day);
        var who = (string)_shell.RunClean("(Get-VerifikToken).SignedInAs").Single().BaseObject;

        var enough = _shell.RunClean("Get-VerifikToken -AsPlainText -MinimumValidity 12:00:00");
        var error = _shell.RunFailing("Get-VerifikToken -AsPlainText -MinimumValidity 2.00:00:00");

        Assert.Single(enough);
        HostedShell.AssertError(error, "Verifik.TokenExpiring,Verifik.Commands.GetVerifikTokenCommand", ErrorCategory.AuthenticationError, "Verifik session for " + who);
    }

    [Theory]
    [InlineData("Connect-Verifik -AccessToken $jwt -BaseUri $baseUri; Get-VerifikToken", "ExpiresOn")]
    [InlineData("Get-VerifikSession", "IsConnected")]
    [InlineData("$s = [Verifik.VerifikSession]::new(); Connect-Verifik -AccessToken $jwt -BaseUri $baseUri -Session $s; $s", "IsConnected")]
    public async Task Whatever_a_runspace_calls_first_serialising_a_token_or_session_keeps_their_properties_but_never_the_token(string script, string kept)
    {
        var jwt = await emulator.MintTokenAsync("""{"email":"ana@example.com","lifetimeSeconds":86400}""");
        using var fresh = new HostedShell().Set("jwt", jwt).Set("baseUri", emulator.Emulator.BaseUri);

        var output = fresh.RunClean(script).Last();
        var xml = System.Management.Automation.PSSerializer.Serialize(output, 3);

        Assert.Contains($"N=\"{kept}\"", xml);
        Assert.DoesNotContain("N=\"Token\"", xml);
        Assert.DoesNotContain("<SS", xml);
        Assert.DoesNotContain(jwt, xml);
    }

    private async Task<string> ConnectAsync(int lifetimeSeconds)
    {
        var jwt = await emulator.MintTokenAsync($$"""{"email":"ana@example.com","lifetimeSeconds":{{lifetimeSeconds}}}""");
        _shell.Set("jwt", jwt).RunClean("Connect-Verifik -AccessToken $jwt -BaseUri $baseUri");
        return jwt;
    }
}
