using System;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Verifik.Emulator;
using Verifik.Tests.Emulator;
using Xunit;

namespace Verifik.Tests.Cmdlets;

/// <summary>
/// Invoke-VerifikRequest: which argument is the method and which the path, where a full URL may go, how the query
/// and a JSON body are sent, and what it says in verbose. Signed in for this runspace only, so nothing is saved.
/// </summary>
public sealed class InvokeRequestCmdletRules(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime, IDisposable
{
    private const string CommandName = "Verifik.Commands.InvokeVerifikRequestCommand";
    private readonly HostedShell _shell = new HostedShell().Set("baseUri", emulator.Emulator.BaseUri);
    private string _jwt = "";

    public async Task InitializeAsync()
    {
        await emulator.ResetAsync();
        _jwt = await emulator.MintTokenAsync("""{"email":"ana@example.com","lifetimeSeconds":86400}""");
        _shell.RunClean($"Connect-Verifik -AccessToken '{_jwt}' -BaseUri $baseUri");
        emulator.Emulator.State.ClearRequests();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _shell.Dispose();

    [Theory]
    [InlineData("Invoke-VerifikRequest /v2/clients/me", "GET")]
    [InlineData("Invoke-VerifikRequest v2/clients/me", "GET")]
    [InlineData("Invoke-VerifikRequest get /v2/clients/me", "GET")]
    [InlineData("Invoke-VerifikRequest delete v2/clients/me -ErrorAction SilentlyContinue", "DELETE")]
    [InlineData("'/v2/clients/me' | Invoke-VerifikRequest -Method Put -ErrorAction SilentlyContinue", "PUT")]
    public void A_path_alone_is_a_GET_a_method_first_is_sent_in_capitals_and_the_leading_slash_may_be_left_out(string script, string method)
    {
        _shell.Run(script);

        var request = Assert.Single(emulator.Emulator.State.GetRequests());
        Assert.Equal((method, "/v2/clients/me"), (request.Method, request.Path));
        Assert.Equal("Bearer " + _jwt, request.Authorization);
    }

    [Fact]
    public void Two_paths_where_the_method_and_the_path_go_is_a_terminating_InvalidMethod_and_nothing_is_sent()
    {
        var error = _shell.RunFailing("Invoke-VerifikRequest /v2/clients/me /v2/clients/me -ErrorAction SilentlyContinue");

        HostedShell.AssertError(error, $"InvalidMethod,{CommandName}", ErrorCategory.InvalidArgument, "-Method");
        Assert.Contains("Give the method first: Invoke-VerifikRequest POST /v2/clients/me.", error.Exception.Message);
        Assert.Empty(emulator.Emulator.State.GetRequests());
    }

    [Fact]
    public void A_method_without_a_path_is_a_terminating_MissingMandatoryParameter_that_shows_the_call_to_make()
    {
        var error = _shell.RunFailing("Invoke-VerifikRequest patch -ErrorAction SilentlyContinue");

        HostedShell.AssertError(error, $"MissingMandatoryParameter,{CommandName}", ErrorCategory.InvalidArgument, "-Path");
        Assert.Contains("Invoke-VerifikRequest PATCH /v2/clients/me.", error.Exception.Message);
        Assert.Empty(emulator.Emulator.State.GetRequests());
    }

    [Theory]
    [InlineData("a\\b", "is not one of GET, POST, PUT, PATCH, DELETE, nor an endpoint")]
    [InlineData("x:y", "is not one of GET, POST, PUT, PATCH, DELETE, nor an endpoint")]
    public void A_first_argument_that_is_neither_a_method_nor_an_endpoint_is_a_parameter_error(string value, string rule)
    {
        var error = _shell.RunFailing($"Invoke-VerifikRequest -Method '{value}' -Path /v2/clients/me");

        Assert.Equal($"ParameterArgumentValidationError,{CommandName}", error.FullyQualifiedErrorId);
        Assert.Contains(rule, error.Exception.Message);
        Assert.Empty(emulator.Emulator.State.GetRequests());
    }

    [Fact]
    public void A_full_URL_that_cannot_be_parsed_is_not_an_endpoint()
    {
        var error = _shell.RunFailing("Invoke-VerifikRequest -Path 'https://exa mple.com/v2/clients/me'");

        Assert.Equal($"ParameterArgumentValidationError,{CommandName}", error.FullyQualifiedErrorId);
        Assert.Contains("is not an endpoint", error.Exception.Message);
    }

    [Fact]
    public void A_full_URL_under_the_session_base_URI_is_sent_as_its_path_and_query()
    {
        var data = _shell.RunClean("Invoke-VerifikRequest \"$($baseUri)v2/clients/me?x=1\" -Query @{ y = 2 }").Single();

        Assert.Equal("ana@example.com", data.Properties["email"].Value);
        var request = Assert.Single(emulator.Emulator.State.GetRequests());
        Assert.Equal(("/v2/clients/me", "?x=1&y=2"), (request.Path, request.Query));
    }

    [Theory]
    [InlineData("https://elsewhere.example/v2/clients/me?leak=1", "https://elsewhere.example/v2/clients/me")]
    [InlineData("http://127.0.0.1:1/v2/clients/me", "http://127.0.0.1:1/v2/clients/me")]
    public void A_URL_on_another_host_is_ForeignHost_and_the_token_is_not_sent(string url, string target)
    {
        var error = _shell.RunFailing($"Invoke-VerifikRequest GET '{url}'");

        HostedShell.AssertError(error, $"Verifik.ForeignHost,{CommandName}", ErrorCategory.SecurityError, target);
        Assert.Contains("Nothing was sent", error.Exception.Message);
        Assert.Contains(emulator.Emulator.BaseUri.GetLeftPart(UriPartial.Authority), error.Exception.Message);
        Assert.Empty(emulator.Emulator.State.GetRequests());
    }

    [Theory]
    [InlineData("api/v2/clients/me", true)]
    [InlineData("v2/clients/me", false)]
    [InlineData("apix/v2/clients/me", false)]
    public void A_full_URL_must_be_under_the_base_URI_path_not_only_on_its_host(string path, bool sent)
    {
        using var shell = new HostedShell().Set("baseUri", new Uri(emulator.Emulator.BaseUri, "api"));
        shell.RunClean($"Connect-Verifik -AccessToken '{_jwt}' -BaseUri $baseUri");

        var error = shell.RunFailing($"Invoke-VerifikRequest '{new Uri(emulator.Emulator.BaseUri, path)}'");

        Assert.StartsWith(sent ? "Verifik.ApiError," : "Verifik.ForeignHost,", error.FullyQualifiedErrorId);
        Assert.Equal(sent ? new[] { "/api/v2/clients/me" } : Array.Empty<string>(), emulator.Emulator.State.GetRequests().Select(request => request.Path));
    }

    [Fact]
    public void An_answer_without_a_data_property_comes_back_whole_and_an_array_as_its_items()
    {
        emulator.Emulator.State.QueueFault(new Fault { Path = "/v2/clients/me", Status = 200, Body = """{"total":2}""" });
        emulator.Emulator.State.QueueFault(new Fault { Path = "/v2/clients/me", Status = 200, Body = """{"data":[{"n":1},{"n":2}]}""" });

        var whole = _shell.RunClean("Invoke-VerifikRequest /v2/clients/me").Single();
        var items = _shell.RunClean("Invoke-VerifikRequest /v2/clients/me");

        Assert.Equal(2, whole.Properties["total"].Value);
        Assert.Equal(new object[] { 1, 2 }, items.Select(item => item.Properties["n"].Value));
    }

    [Fact]
    public void A_Query_value_that_is_null_is_sent_as_an_empty_value()
    {
        _shell.RunClean("Invoke-VerifikRequest /v2/clients/me -Query @{ empty = $null }");

        Assert.Equal("?empty=", Assert.Single(emulator.Emulator.State.GetRequests()).Query);
    }

    [Fact]
    public void An_empty_Query_adds_nothing_to_the_path()
    {
        _shell.RunClean("Invoke-VerifikRequest /v2/clients/me -Query @{}");

        Assert.Equal(string.Empty, Assert.Single(emulator.Emulator.State.GetRequests()).Query);
    }

    [Fact]
    public void A_Body_string_that_arrives_wrapped_from_the_pipeline_is_sent_as_the_JSON_it_already_is()
    {
        _shell.Run("$json = '{\"probe\":1}' | Write-Output; Invoke-VerifikRequest POST /v2/clients/me -Body $json -ErrorAction SilentlyContinue");

        Assert.Equal("{\"probe\":1}", Assert.Single(emulator.Emulator.State.GetRequests()).Body);
    }

    [Fact]
    public void A_Body_object_is_sent_as_JSON()
    {
        _shell.Run("Invoke-VerifikRequest POST /v2/clients/me -Body @{ probe = 1 } -ErrorAction SilentlyContinue");

        Assert.Equal("{\"probe\":1}", Assert.Single(emulator.Emulator.State.GetRequests()).Body);
    }

    [Fact]
    public void Verbose_lines_come_from_the_call_as_it_happens_and_never_carry_the_token()
    {
        _shell.RunClean("Invoke-VerifikRequest /v2/clients/me -Verbose");

        Assert.Contains(_shell.VerboseLines, line => line.Contains("/v2/clients/me"));
        Assert.DoesNotContain(_shell.VerboseLines, line => line.Contains(_jwt));
    }

    [Fact]
    public void VerbosePreference_turns_the_verbose_lines_on_as_the_switch_does_and_the_switch_off_wins()
    {
        _shell.RunClean("$VerbosePreference = 'Continue'; Invoke-VerifikRequest /v2/clients/me");
        var byPreference = _shell.VerboseLines;
        _shell.RunClean("$VerbosePreference = 'Continue'; Invoke-VerifikRequest /v2/clients/me -Verbose:$false");

        Assert.Contains(byPreference, line => line.Contains("/v2/clients/me"));
        Assert.Empty(_shell.VerboseLines);
    }
}
