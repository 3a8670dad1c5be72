using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Verifik.Tests.Core;
using Verifik.Tests.Emulator;
using Xunit;

namespace Verifik.Tests.Transport;

/// <summary>
/// A session that names no proxy uses the system's (HTTP_PROXY, HTTPS_PROXY, the Windows settings), and NoProxy
/// bypasses that one too. The system proxy is process-wide, so these run alone, with the emulator standing in for it.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed class SystemProxyRules(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private static readonly Uri Elsewhere = new("http://verifik.invalid/v2/clients/me");

    private readonly IWebProxy? _webRequestProxy = WebRequest.DefaultWebProxy;
    private readonly IWebProxy _httpClientProxy = HttpClient.DefaultProxy;

    public async Task InitializeAsync()
    {
        await emulator.ResetAsync();
        WebRequest.DefaultWebProxy = new WebProxy(emulator.Emulator.BaseUri);
        HttpClient.DefaultProxy = new WebProxy(emulator.Emulator.BaseUri);
    }

    public Task DisposeAsync()
    {
        WebRequest.DefaultWebProxy = _webRequestProxy;
        HttpClient.DefaultProxy = _httpClientProxy;
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Without_a_proxy_of_its_own_a_session_uses_the_system_s()
    {
        var response = await new VerifikSession { MaximumRetryCount = 0 }.Client.SendAsync(HttpMethod.Get, Elsewhere, null, null, null, CancellationToken.None);

        Assert.Equal(401, response.StatusCode);
        Assert.Single(emulator.Emulator.State.GetRequests());
    }

    [Fact]
    public async Task NoProxy_bypasses_the_system_s_proxy_too()
    {
        var session = new VerifikSession { NoProxy = true, MaximumRetryCount = 0, TimeoutSec = 10 };

        await Assert.ThrowsAsync<VerifikException>(() => session.Client.SendAsync(HttpMethod.Get, Elsewhere, null, null, null, CancellationToken.None));

        Assert.Empty(emulator.Emulator.State.GetRequests());
    }
}
