using System;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Xunit;

namespace Verifik.Tests.Emulator;

public sealed class ControlTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => emulator.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void BaseUri_IsLoopbackWithTheRealPort()
    {
        Assert.Equal("127.0.0.1", emulator.Emulator.BaseUri.Host);
        Assert.NotEqual(0, emulator.Emulator.BaseUri.Port);
        Assert.EndsWith("/", emulator.Emulator.BaseUri.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_CountNewConnectionsAndApiRequests()
    {
        var before = await emulator.ReadJsonAsync(await emulator.Client.GetAsync("_emulator/stats"));
        using (var freshClient = new HttpClient { BaseAddress = emulator.Emulator.BaseUri })
        {
            await freshClient.GetAsync("v2/clients/me");
        }

        var after = await emulator.ReadJsonAsync(await emulator.Client.GetAsync("_emulator/stats"));

        Assert.Equal(before.GetProperty("connections").GetInt64() + 1, after.GetProperty("connections").GetInt64());
        Assert.Equal(before.GetProperty("requests").GetInt64() + 1, after.GetProperty("requests").GetInt64());
    }

    [Fact]
    public async Task RequestLog_LeavesOutTheControls_AndCanBeCleared()
    {
        await emulator.Client.GetAsync("_emulator/outbox");
        await emulator.Client.GetAsync("v2/clients/me?x=%C3%AB");

        var logged = await emulator.ReadJsonAsync(await emulator.Client.GetAsync("_emulator/requests"));
        await emulator.Client.DeleteAsync("_emulator/requests");
        var cleared = await emulator.ReadJsonAsync(await emulator.Client.GetAsync("_emulator/requests"));

        var request = Assert.Single(logged.EnumerateArray());
        Assert.Equal("GET", request.GetProperty("method").GetString());
        Assert.Equal("/v2/clients/me", request.GetProperty("path").GetString());
        Assert.Equal("?x=%C3%AB", request.GetProperty("query").GetString());
        Assert.Equal(0, cleared.GetArrayLength());
    }

    [Fact]
    public async Task Outbox_FiltersByRecipientIgnoringCase()
    {
        await emulator.Client.PostAsync("v2/projects/email-login?email=ana%40example.com", null);
        await emulator.Client.PostAsync("v2/projects/email-login?email=bob%2Bops%40example.com", null);

        var outbox = await emulator.ReadJsonAsync(await emulator.Client.GetAsync("_emulator/outbox?to=BOB%2BOPS%40example.com"));

        Assert.Equal("bob+ops@example.com", Assert.Single(outbox.EnumerateArray()).GetProperty("to").GetString());
    }

    [Fact]
    public async Task Reset_ForgetsCodesAndTheClockOffset()
    {
        await emulator.Client.PostAsync("v2/projects/email-login?email=ana%40example.com", null);
        var code = await emulator.LatestCodeAsync("ana@example.com");
        await emulator.AdvanceClockAsync(3600);

        await emulator.ResetAsync();
        var confirm = await emulator.PostJsonAsync(
            "v2/projects/email-login/confirm", $$"""{"email":"ana@example.com","otp":"{{code}}"}""");

        Assert.Equal(HttpStatusCode.NotFound, confirm.StatusCode);
        Assert.Equal(0, (await emulator.ReadJsonAsync(await emulator.Client.GetAsync("_emulator/outbox"))).GetArrayLength());
        Assert.InRange(emulator.Emulator.State.Now, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task Behaviour_ChangesOnlyWhatIsNamed_RefusesUnknownValues_AndResetRestoresIt()
    {
        var changed = await emulator.ReadJsonAsync(await emulator.PostJsonAsync("_emulator/behaviour", """{"wrongOtp":"otp_does_not_match","failingGateways":["sms"]}"""));
        var refused = await emulator.PostJsonAsync("_emulator/behaviour", """{"wrongOtp":"teapot","cooldownSeconds":0}""");
        var afterRefusal = await emulator.ReadJsonAsync(await emulator.Client.GetAsync("_emulator/behaviour"));
        await emulator.ResetAsync();
        var afterReset = await emulator.ReadJsonAsync(await emulator.Client.GetAsync("_emulator/behaviour"));

        Assert.Equal("otp_does_not_match", changed.GetProperty("wrongOtp").GetString());
        Assert.Equal("sms", Assert.Single(changed.GetProperty("failingGateways").EnumerateArray()).GetString());
        Assert.Equal(120, changed.GetProperty("cooldownSeconds").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("invalid_otp", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(120, afterRefusal.GetProperty("cooldownSeconds").GetInt32());
        Assert.Equal("invalid_otp", afterReset.GetProperty("wrongOtp").GetString());
        Assert.Empty(afterReset.GetProperty("failingGateways").EnumerateArray());
    }
}
