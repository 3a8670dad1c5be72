using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Xunit;

namespace Verifik.Tests.Emulator;

/// <summary>
/// The renewal counter in /_emulator/stats, which the cross-process tests read to prove that N processes needing a
/// renewal at once sent exactly one: successful renewals of both kinds count, refused ones and other calls do not.
/// </summary>
public sealed class RenewalCounterTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => emulator.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Counts_successful_refreshes_and_renew_and_revokes_and_a_reset_clears_it()
    {
        var token = await emulator.SignInAsync("ana@example.com");
        Assert.Equal(0, await RenewalsAsync());

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "v2/auth/session?origin=refresh&expiresIn=1", token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, "v2/auth/renew-and-revoke", token)).StatusCode);
        // Refused renewals (the old token was revoked just now) and ordinary calls are not renewals.
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Get, "v2/auth/session?origin=refresh", token)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await emulator.GetMeAsync("Bearer " + token)).StatusCode);
        Assert.Equal(2, await RenewalsAsync());

        await emulator.ResetAsync();

        Assert.Equal(0, await RenewalsAsync());
    }

    private async Task<long> RenewalsAsync() =>
        (await emulator.ReadJsonAsync(await emulator.Client.GetAsync("_emulator/stats"))).GetProperty("renewals").GetInt64();

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        if (method == HttpMethod.Post)
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        }

        return emulator.Client.SendAsync(request);
    }
}
