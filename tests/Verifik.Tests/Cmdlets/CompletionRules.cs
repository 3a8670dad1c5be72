using System.Linq;
using System.Management.Automation;
using Xunit;

namespace Verifik.Tests.Cmdlets;

/// <summary>Tab completion of -Method and -Language, as PowerShell's own completion offers it.</summary>
public sealed class CompletionRules : System.IDisposable
{
    private readonly PowerShell _shell = PowerShell.Create();

    public CompletionRules() =>
        _shell.AddCommand("Import-Module").AddArgument(typeof(Commands.InvokeVerifikRequestCommand).Assembly.Location).Invoke();

    public void Dispose() => _shell.Dispose();

    [Theory]
    [InlineData("Invoke-VerifikRequest -Method p", new[] { "POST", "PUT", "PATCH" })]
    [InlineData("Invoke-VerifikRequest -Method 'de", new[] { "DELETE" })]
    [InlineData("Invoke-VerifikRequest -Method ", new[] { "GET", "POST", "PUT", "PATCH", "DELETE" })]
    public void Method_completes_with_the_methods_that_start_with_what_was_typed_in_any_case(string line, string[] expected)
    {
        Assert.Equal(expected, Complete(line));
    }

    [Theory]
    [InlineData("Request-VerifikOtp -Email a@b.co -Language E", new[] { "en", "es" })]
    [InlineData("Connect-Verifik -Email a@b.co -Language \"p", new[] { "pt" })]
    [InlineData("Request-VerifikOtp -Email a@b.co -Language ", new[] { "en", "es", "pt", "fr", "de" })]
    public void Language_completes_with_the_documented_languages_that_start_with_what_was_typed(string line, string[] expected)
    {
        Assert.Equal(expected, Complete(line));
    }

    [Fact]
    public void Email_completes_in_alphabetical_order_ignoring_case_whatever_order_the_addresses_were_used_in()
    {
        var session = new VerifikSession();
        foreach (var address in new[] { "carla@example.com", "Bea@example.com", "anna@example.com", "bob@example.com" })
        {
            session.RememberEmail(address);
        }

        _shell.Runspace.SessionStateProxy.SetVariable("s", session);

        Assert.Equal(new[] { "anna@example.com", "Bea@example.com", "bob@example.com", "carla@example.com" }, Complete("Request-VerifikOtp -Session $s -Email "));
        Assert.Equal(new[] { "Bea@example.com", "bob@example.com" }, Complete("Request-VerifikOtp -Session $s -Email b"));
    }

    private string[] Complete(string line) =>
        CommandCompletion.CompleteInput(line, line.Length, null, _shell).CompletionMatches.Select(match => match.CompletionText).ToArray();
}
