using System;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Verifik.Emulator;
using Xunit;

namespace Verifik.Tests.Emulator;

public sealed class TwoFactorTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private const string Email = "two@example.com";

    public Task InitializeAsync() => emulator.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task RightEmailedCode_WithoutAuthenticatorCode_AsksForIt_AndKeepsTheCode()
    {
        var request = await emulator.Client.PostAsync("v2/projects/email-login?email=two%40example.com", null);
        var code = await emulator.LatestCodeAsync(Email);

        var first = await ConfirmAsync(code, null);
        var second = await ConfirmAsync(code, null);

        Assert.True((await emulator.ReadJsonAsync(request)).GetProperty("data").GetProperty("requires2FA").GetBoolean());
        await ResponseAssert.BodyAsync(
            first, HttpStatusCode.OK, """{"data":{"message":"authenticator_otp_required","requires2FA":true}}""");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Fact]
    public async Task WrongAuthenticatorCode_DoesNotMatch()
    {
        await emulator.Client.PostAsync("v2/projects/email-login?email=two%40example.com", null);
        var authenticator = await AuthenticatorCodeAsync(emulator);

        var response = await ConfirmAsync(await emulator.LatestCodeAsync(Email), EmailLoginTests.OtherCode(authenticator));

        await ResponseAssert.BodyAsync(
            response, HttpStatusCode.BadRequest, """{"code":"BadRequest","message":"authenticator_otp_does_not_match"}""");
    }

    [Fact]
    public async Task BothCodes_GiveATokenForTheTwoFactorAccount()
    {
        await emulator.Client.PostAsync("v2/projects/email-login?email=two%40example.com", null);

        var response = await ConfirmAsync(await emulator.LatestCodeAsync(Email), await AuthenticatorCodeAsync(emulator));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = (await emulator.ReadJsonAsync(response)).GetProperty("data").GetProperty("accessToken").GetString()!;
        var me = await emulator.ReadJsonAsync(await emulator.GetMeAsync("Bearer " + token));
        Assert.Equal("Two Factor", me.GetProperty("data").GetProperty("name").GetString());
    }

    [Fact]
    public async Task AuthenticatorCodes_FollowRfc6238_ForAnAccountsFileSecret()
    {
        // RFC 6238 appendix B: the SHA-1 secret "12345678901234567890" gives 94287082 (6 digits: 287082) for every
        // moment in the 30-second step starting at Unix time 30.
        var accountsFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(
            accountsFile,
            """[{"email":"rfc@example.com","requires2FA":true,"authenticatorSecret":"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"}]""");
        try
        {
            await using var rfc = await VerifikEmulator.StartAsync(new EmulatorOptions { Quiet = true, AccountsFile = accountsFile });
            using var client = new HttpClient { BaseAddress = rfc.BaseUri };
            var secondsToStep = 45 - DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            await client.PostAsync(
                "_emulator/clock",
                new StringContent(string.Create(CultureInfo.InvariantCulture, $$"""{"advanceSeconds":{{secondsToStep}}}""")));

            var response = await client.GetAsync("_emulator/authenticator?email=rfc%40example.com");

            Assert.Equal("""{"code":"287082"}""", await response.Content.ReadAsStringAsync());
        }
        finally
        {
            File.Delete(accountsFile);
        }
    }

    private Task<HttpResponseMessage> ConfirmAsync(string otp, string? authenticatorOtp) =>
        emulator.PostJsonAsync(
            "v2/projects/email-login/confirm",
            authenticatorOtp is null
                ? JsonSerializer.Serialize(new { email = Email, otp })
                : JsonSerializer.Serialize(new { email = Email, otp, authenticatorOTP = authenticatorOtp }));

    private static async Task<string> AuthenticatorCodeAsync(EmulatorFixture emulator)
    {
        var response = await emulator.Client.GetAsync("_emulator/authenticator?email=two%40example.com");
        return (await emulator.ReadJsonAsync(response)).GetProperty("code").GetString()!;
    }
}
