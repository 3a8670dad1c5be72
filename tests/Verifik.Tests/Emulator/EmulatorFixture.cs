using System;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Verifik.Emulator;
using Xunit;

namespace Verifik.Tests.Emulator;

/// <summary>One in-process emulator per test class, reached over real HTTP.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    private VerifikEmulator? _emulator;
    private HttpClient? _client;

    public VerifikEmulator Emulator => _emulator ?? throw new InvalidOperationException("The emulator has not started.");

    public HttpClient Client => _client ?? throw new InvalidOperationException("The emulator has not started.");

    public async Task InitializeAsync()
    {
        _emulator = await VerifikEmulator.StartAsync(new EmulatorOptions { Quiet = true });
        _client = new HttpClient { BaseAddress = _emulator.BaseUri };
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }

    public async Task ResetAsync() => (await Client.PostAsync("_emulator/reset", null)).EnsureSuccessStatusCode();

    public Task<HttpResponseMessage> PostJsonAsync(string path, string json) =>
        Client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    /// <summary>The code most recently "delivered" to that recipient, read from the outbox as a user would read mail.</summary>
    public async Task<string> LatestCodeAsync(string to)
    {
        var outbox = await ReadJsonAsync(await Client.GetAsync("_emulator/outbox?to=" + Uri.EscapeDataString(to)));
        return outbox.EnumerateArray().Last().GetProperty("code").GetString()!;
    }

    public async Task AdvanceClockAsync(int seconds) =>
        (await PostJsonAsync("_emulator/clock", $$"""{"advanceSeconds":{{seconds}}}""")).EnsureSuccessStatusCode();

    /// <summary>The full documented email sign-in: request a code, read it, confirm it.</summary>
    public async Task<string> SignInAsync(string email)
    {
        (await Client.PostAsync("v2/projects/email-login?email=" + Uri.EscapeDataString(email), null)).EnsureSuccessStatusCode();
        var code = await LatestCodeAsync(email);
        var confirm = await PostJsonAsync(
            "v2/projects/email-login/confirm", JsonSerializer.Serialize(new { email, otp = code }));
        confirm.EnsureSuccessStatusCode();
        return (await ReadJsonAsync(confirm)).GetProperty("data").GetProperty("accessToken").GetString()!;
    }

    public async Task<string> MintTokenAsync(string json)
    {
        var response = await PostJsonAsync("_emulator/tokens", json);
        response.EnsureSuccessStatusCode();
        return (await ReadJsonAsync(response)).GetProperty("accessToken").GetString()!;
    }

    public Task<HttpResponseMessage> GetMeAsync(string authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "v2/clients/me");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return Client.SendAsync(request);
    }
}
