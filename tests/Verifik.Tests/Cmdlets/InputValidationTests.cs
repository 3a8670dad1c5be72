using System;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Verifik.Commands;
using Verifik.Tests.Emulator;
using Verifik.Tests.Reliability;
using Xunit;

namespace Verifik.Tests.Cmdlets;

/// <summary>Bad input is refused before anything is sent; awkward but valid input is encoded, never mangled.</summary>
public sealed class InputValidationTests : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private readonly EmulatorFixture _fixture;

    public InputValidationTests(EmulatorFixture fixture) => _fixture = fixture;

    public Task InitializeAsync() => _fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("Request-VerifikOtp", "Email", "not an address", "is not an email address")]
    [InlineData("Request-VerifikOtp", "Email", "Ana <ana@example.com>", "single bare email address")]
    [InlineData("Request-VerifikOtp", "Email", "ana@example.com, bob@example.com", "single bare email address")]
    [InlineData("Request-VerifikOtp", "Email", "a b@example.com", "single bare email address")]
    [InlineData("Request-VerifikOtp", "Email", "@@LONG@@", "at most 254 characters")]
    [InlineData("Request-VerifikOtp", "Email", "", "is required")]
    [InlineData("Confirm-VerifikOtp", "Otp", "12", "4 to 12 letters or digits")]
    [InlineData("Confirm-VerifikOtp", "Otp", "1234567890123", "4 to 12 letters or digits")]
    [InlineData("Confirm-VerifikOtp", "Otp", "12;34", "only letters and digits")]
    [InlineData("Confirm-VerifikOtp", "Otp", "1234é", "only letters and digits")]
    [InlineData("Confirm-VerifikOtp", "AuthenticatorOtp", "12", "4 to 12 letters or digits")]
    [InlineData("Request-VerifikOtp", "Phone", "300ABC4567", "is not a phone number")]
    [InlineData("Request-VerifikOtp", "Phone", "123", "4 to 15 digits")]
    [InlineData("Request-VerifikOtp", "CountryCode", "+5a", "is not a country calling code")]
    [InlineData("Invoke-VerifikRequest", "Path", "ftp://elsewhere.example/v2/clients/me", "is not an endpoint")]
    [InlineData("Invoke-VerifikRequest", "Path", "//elsewhere.example/v2/clients/me", "is not an endpoint")]
    public void Bad_input_is_a_parameter_error_naming_the_parameter_and_the_rule_and_nothing_is_sent(string command, string parameter, string value, string rule)
    {
        if (value == "@@LONG@@")
        {
            value = new string('a', 64) + "@" + string.Join(".", Enumerable.Repeat(new string('b', 60), 4)) + ".com";
        }

        using var shell = PowerShell.Create();
        shell.AddCommand("Import-Module").AddArgument(typeof(RequestVerifikOtpCommand).Assembly.Location).Invoke();
        shell.Commands.Clear();
        shell.AddCommand(command).AddParameter(parameter, value).AddParameter("BaseUri", _fixture.Emulator.BaseUri);
        if (command == "Confirm-VerifikOtp")
        {
            shell.AddParameter("Email", "ana@example.com");
            if (parameter != "Otp")
            {
                shell.AddParameter("Otp", "123456");
            }
        }
        else if (parameter is "Phone")
        {
            shell.AddParameter("CountryCode", "57");
        }
        else if (parameter is "CountryCode")
        {
            shell.AddParameter("Phone", "3001234567");
        }

        var failure = Assert.ThrowsAny<ParameterBindingException>(() => shell.Invoke());

        Assert.StartsWith("ParameterArgument", failure.ErrorRecord.FullyQualifiedErrorId);
        Assert.Contains($"'{parameter}'", failure.Message);
        Assert.Contains(rule, failure.Message);
        if (parameter.EndsWith("Otp", StringComparison.Ordinal) && value.Length > 3)
        {
            Assert.DoesNotContain(value, failure.Message);
        }

        Assert.Empty(_fixture.Emulator.State.GetRequests());
        ReliabilityReport.Add("input", $"{command} -{parameter}", Shorten(value), failure.ErrorRecord.FullyQualifiedErrorId.Split(',')[0], failure.Message);
    }

    [Theory]
    [InlineData("bob+ops@example.com", "?email=bob%2Bops%40example.com")]
    [InlineData("zoë.o'brien&co@example.com", "?email=zo%C3%AB.o%27brien%26co%40example.com")]
    [InlineData("ops#1@example.com", "?email=ops%231%40example.com")]
    [InlineData("100%real@example.com", "?email=100%25real%40example.com")]
    [InlineData("  ana@example.com  ", "?email=ana%40example.com")]
    public void Awkward_but_valid_addresses_arrive_as_themselves(string email, string query)
    {
        using var shell = PowerShell.Create();
        shell.AddCommand("Import-Module").AddArgument(typeof(RequestVerifikOtpCommand).Assembly.Location).Invoke();
        shell.Commands.Clear();

        var result = shell.AddCommand("Request-VerifikOtp").AddParameter("Email", email).AddParameter("BaseUri", _fixture.Emulator.BaseUri).Invoke();

        var sent = Assert.Single(_fixture.Emulator.State.GetRequests());
        Assert.Equal(query, sent.Query);
        var outcome = result.Count == 1 ? "sent" : shell.Streams.Error.Single().FullyQualifiedErrorId.Split(',')[0] + " (no such account; the address arrived intact)";
        ReliabilityReport.Add("encoding", "Request-VerifikOtp -Email", email, outcome, sent.Query);
    }

    private static string Shorten(string value) => value.Length > 40 ? value.Substring(0, 20) + $"... ({value.Length} characters)" : value;
}
