using System;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading.Tasks;
using Verifik.Commands;
using Verifik.Emulator;
using Verifik.Tests.Core;
using Verifik.Tests.Emulator;
using Xunit;

namespace Verifik.Tests.Cmdlets;

/// <summary>
/// Invoke-VerifikRequest, Update-VerifikToken, Disconnect-Verifik and -Email completion, in a hosted PowerShell against
/// the emulator. In the environment collection because some of them write the (temporary) saved sign-in.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed class RequestCmdletRules(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime, IDisposable
{
    private readonly PowerShell _shell = NewShell();

    public Task InitializeAsync() => emulator.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _shell.Dispose();
        SavedSignIn.ForCurrentUser().Delete();
    }

    [Fact]
    public async Task Invoke_VerifikRequest_returns_the_data_of_the_answer_as_objects_and_with_Raw_the_whole_answer()
    {
        await ConnectAsync();

        var data = Run("Invoke-VerifikRequest -Path /v2/clients/me").Single();
        var raw = Run("Invoke-VerifikRequest -Path /v2/clients/me -Raw").Single();

        Assert.Equal("ana@example.com", data.Properties["email"].Value);
        Assert.IsType<int>(data.Properties["credits"].Value);
        Assert.Equal("ana@example.com", ((PSObject)raw.Properties["data"].Value).Properties["email"].Value);
        Assert.NotNull(raw.Properties["signature"]);
    }

    [Fact]
    public async Task Query_keys_and_values_are_URL_encoded_and_joined_to_a_query_already_in_the_path()
    {
        await ConnectAsync();

        Run("Invoke-VerifikRequest -Path /v2/clients/me -Query @{ 'a b' = 'x&y' }");
        Run("Invoke-VerifikRequest -Path '/v2/clients/me?first=1' -Query @{ second = 2 }");

        var queries = emulator.Emulator.State.GetRequests().Where(request => request.Path == "/v2/clients/me").Select(request => request.Query).ToArray();
        Assert.Equal(new[] { "?a%20b=x%26y", "?first=1&second=2" }, queries);
    }

    [Theory]
    [InlineData("@{ email = 'ana@example.com'; otp = $code }")]
    [InlineData("[pscustomobject]@{ email = 'ana@example.com'; otp = $code }")]
    [InlineData("'{\"email\":\"ana@example.com\",\"otp\":\"' + $code + '\"}'")]
    public async Task A_body_is_sent_as_JSON_from_a_hashtable_an_object_or_a_string_that_already_is_JSON(string body)
    {
        await ConnectAsync();
        Run("Request-VerifikOtp -Email ana@example.com -BaseUri $baseUri | Out-Null");
        var code = await emulator.LatestCodeAsync("ana@example.com");

        var answer = Run($"$code = '{code}'; Invoke-VerifikRequest -Method POST -Path /v2/projects/email-login/confirm -Body ({body})").Single();

        Assert.StartsWith("eyJ", (string)answer.Properties["accessToken"].Value);
    }

    [Fact]
    public async Task A_body_that_refers_to_itself_is_InvalidBody_and_nothing_is_sent()
    {
        await ConnectAsync();
        emulator.Emulator.State.ClearRequests();

        Run("$loop = @{}; $loop.self = $loop; Invoke-VerifikRequest -Method POST -Path /v2/clients/me -Body $loop", expectErrors: true);

        var error = Assert.Single(_shell.Streams.Error);
        HostedShell.AssertError(error, "Verifik.InvalidBody,Verifik.Commands.InvokeVerifikRequestCommand", ErrorCategory.InvalidArgument, "-Body");
        Assert.Empty(emulator.Emulator.State.GetRequests());
    }

    [Fact]
    public async Task WhatIf_sends_nothing_whatever_the_method_GET_included()
    {
        await ConnectAsync();
        emulator.Emulator.State.ClearRequests();

        Run("Invoke-VerifikRequest -Method DELETE -Path /v2/clients/me -WhatIf");
        Run("Invoke-VerifikRequest -Method GET -Path /v2/clients/me -WhatIf");

        Assert.Empty(emulator.Emulator.State.GetRequests());
    }

    [Fact]
    public async Task An_answer_without_content_writes_nothing_and_an_error_answer_is_a_non_terminating_error()
    {
        await ConnectAsync();
        emulator.Emulator.State.QueueFault(new Fault { Path = "/v2/clients/me", Status = 204 });
        emulator.Emulator.State.QueueFault(new Fault { Path = "/v2/clients/me", Status = 404, Body = """{"code":"NotFound","message":"Route not found"}""" });

        Assert.Empty(Run("Invoke-VerifikRequest -Path /v2/clients/me"));
        Run("Invoke-VerifikRequest -Path /v2/clients/me; 'went on'", expectErrors: true);

        Assert.StartsWith("Verifik.ApiError,", Assert.Single(_shell.Streams.Error).FullyQualifiedErrorId);
    }

    [Fact]
    public async Task Update_VerifikToken_replaces_the_token_and_rewrites_the_saved_sign_in_it_came_from()
    {
        await ConnectAsync(scope: "CurrentUser");
        var before = Run("Get-VerifikToken -AsPlainText").Single().BaseObject;

        var renewed = Run("Update-VerifikToken -ExpiresInMonths 2 -PassThru").Single();
        var after = Run("Get-VerifikToken -AsPlainText").Single().BaseObject;

        Assert.Equal(VerifikToken.TypeName, renewed.TypeNames[0]);
        Assert.NotEqual(before, after);
        Assert.Equal("?origin=refresh&expiresIn=2", emulator.Emulator.State.GetRequests().Last().Query);
        Assert.True(SavedSignIn.ForCurrentUser().TryLoad(out var saved, out _));
        Assert.Equal(after, saved!.Reveal());
    }

    [Fact]
    public async Task Update_VerifikToken_with_WhatIf_sends_nothing_and_keeps_the_token()
    {
        await ConnectAsync();
        var before = Run("Get-VerifikToken -AsPlainText").Single().BaseObject;
        emulator.Emulator.State.ClearRequests();

        Assert.Empty(Run("Update-VerifikToken -WhatIf"));

        Assert.Empty(emulator.Emulator.State.GetRequests());
        Assert.Equal(before, Run("Get-VerifikToken -AsPlainText").Single().BaseObject);
    }

    [Fact]
    public async Task Disconnect_Verifik_forgets_the_token_and_removes_the_saved_sign_in_but_not_with_WhatIf()
    {
        await ConnectAsync(scope: "CurrentUser");
        var saved = SavedSignIn.ForCurrentUser().Path;

        Run("Disconnect-Verifik -WhatIf");
        Assert.True(File.Exists(saved));
        Assert.True((bool)Run("(Get-VerifikSession).IsConnected").Single().BaseObject);

        Run("Disconnect-Verifik");
        Assert.False(File.Exists(saved));
        Assert.False((bool)Run("(Get-VerifikSession).IsConnected").Single().BaseObject);
        Assert.StartsWith("Verifik.NotConnected,", (string)Run("try { Get-VerifikToken -ErrorAction Stop } catch { $_.FullyQualifiedErrorId }").Single().BaseObject);
    }

    [Fact]
    public void Email_completion_offers_the_addresses_used_in_the_session_quoting_those_PowerShell_would_misread()
    {
        var session = new VerifikSession();
        session.RememberEmail("zoë.o'brien&co@example.com");
        session.RememberEmail("ana@example.com");
        session.RememberEmail("anabel@example.com");
        _shell.Runspace.SessionStateProxy.SetVariable("s", session);

        var ana = Complete("Request-VerifikOtp -Session $s -Email an");
        var zoe = Complete("Request-VerifikOtp -Session $s -Email 'zo");

        Assert.Equal(new[] { "ana@example.com", "anabel@example.com" }, ana);
        Assert.Equal(new[] { "'zoë.o''brien&co@example.com'" }, zoe);
    }

    [Fact]
    public void Email_completion_without_Session_offers_the_addresses_this_runspace_has_used()
    {
        _shell.Runspace.SessionStateProxy.SetVariable("baseUri", emulator.Emulator.BaseUri);
        Run("Request-VerifikOtp -Email bob+ops@example.com -BaseUri $baseUri | Out-Null");

        Assert.Equal(new[] { "bob+ops@example.com" }, Complete("Confirm-VerifikOtp -Email b"));
    }

    private string[] Complete(string line)
    {
        var completion = CommandCompletion.CompleteInput(line, line.Length, null, _shell);
        return completion.CompletionMatches.Select(match => match.CompletionText).ToArray();
    }

    private async Task ConnectAsync(string scope = "Process")
    {
        var token = await emulator.MintTokenAsync("""{"email":"ana@example.com","lifetimeSeconds":86400}""");
        _shell.Runspace.SessionStateProxy.SetVariable("baseUri", emulator.Emulator.BaseUri);
        Run($"Connect-Verifik -AccessToken '{token}' -BaseUri $baseUri -Scope {scope}");
    }

    private Collection<PSObject> Run(string script, bool expectErrors = false)
    {
        _shell.Commands.Clear();
        _shell.Streams.Error.Clear();
        Collection<PSObject> output;
        try
        {
            output = _shell.AddScript(script).Invoke();
        }
        catch (RuntimeException) when (expectErrors)
        {
            return new Collection<PSObject>();
        }

        if (!expectErrors)
        {
            Assert.Empty(_shell.Streams.Error);
        }

        return output;
    }

    private static PowerShell NewShell()
    {
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(typeof(InvokeVerifikRequestCommand).Assembly.Location);
        var shell = PowerShell.Create(state);
        // Tests run in parallel in one process; each shell gets the default session a process of its own would.
        DefaultSession.Isolate(shell.Runspace);
        return shell;
    }
}
