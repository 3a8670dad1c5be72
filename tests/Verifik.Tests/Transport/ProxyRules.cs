using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Verifik.Emulator;
using Verifik.Tests.Emulator;
using Xunit;

namespace Verifik.Tests.Transport;

/// <summary>
/// Which proxy a request goes through: the session's Proxy (else the system's) for Verifik elsewhere, never one for
/// loopback (through a proxy "127.0.0.1" is the proxy's machine, and an http:// emulator's token would cross it in
/// clear), and none at all with NoProxy. Over HTTP, the emulator standing in as the proxy: it answers a request in
/// absolute form as if it were for itself, so what reached it is what went through the proxy.
/// </summary>
public sealed class ProxyRules(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private const string Me = "/v2/clients/me";

    /// <summary>A name that never resolves (RFC 2606), so only a proxy can carry a request for it.</summary>
    private static readonly Uri Elsewhere = new("http://verifik.invalid" + Me);

    private static readonly IWebProxy Corporate = new WebProxy("http://proxy.example:3128");

    public Task InitializeAsync() => emulator.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_request_for_Verifik_elsewhere_goes_through_the_session_s_proxy()
    {
        var session = new VerifikSession { Proxy = emulator.Emulator.BaseUri, MaximumRetryCount = 0 };

        var response = await session.Client.SendAsync(HttpMethod.Get, Elsewhere, null, null, null, CancellationToken.None);

        Assert.Equal(401, response.StatusCode);
        Assert.Equal(Me, Assert.Single(emulator.Emulator.State.GetRequests()).Path);
    }

    [Fact]
    public async Task A_loopback_request_never_goes_through_the_session_s_proxy()
    {
        var session = new VerifikSession { Proxy = ClosedPort.At("/"), MaximumRetryCount = 0 };

        var response = await session.Client.SendAsync(HttpMethod.Get, new Uri(emulator.Emulator.BaseUri, Me), null, null, null, CancellationToken.None);

        Assert.Equal(401, response.StatusCode);
        Assert.Single(emulator.Emulator.State.GetRequests());
    }

    [Fact]
    public async Task NoProxy_sends_directly_even_when_a_proxy_is_set()
    {
        var session = new VerifikSession { Proxy = emulator.Emulator.BaseUri, NoProxy = true, MaximumRetryCount = 0, TimeoutSec = 10 };

        var failure = await Assert.ThrowsAsync<VerifikException>(() => session.Client.SendAsync(HttpMethod.Get, Elsewhere, null, null, null, CancellationToken.None));

        Assert.NotEqual(VerifikErrorKind.InvalidResponse, failure.Kind);
        Assert.Empty(emulator.Emulator.State.GetRequests());
    }

    [Fact]
    public void Without_a_proxy_behind_it_everything_is_sent_directly()
    {
        var proxy = new LoopbackBypassProxy(null);

        Assert.True(proxy.IsBypassed(new Uri("https://api.verifik.co/")));
        Assert.Equal(new Uri("https://api.verifik.co/"), proxy.GetProxy(new Uri("https://api.verifik.co/")));
        proxy.Credentials = new NetworkCredential("ana", "secret");
        Assert.Null(proxy.Credentials);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/v2/clients/me")]
    [InlineData("http://localhost:5000/v2/clients/me")]
    [InlineData("http://[::1]:5000/v2/clients/me")]
    public void Loopback_bypasses_a_proxy_that_would_carry_it(string destination)
    {
        Assert.False(Corporate.IsBypassed(new Uri(destination)));

        Assert.True(new LoopbackBypassProxy(Corporate).IsBypassed(new Uri(destination)));
    }

    [Fact]
    public void Any_other_host_goes_as_the_proxy_behind_says()
    {
        var bypassingVerifik = new WebProxy("http://proxy.example:3128", BypassOnLocal: false, BypassList: [@"api\.verifik\.co"]);

        Assert.False(new LoopbackBypassProxy(Corporate).IsBypassed(new Uri("https://api.verifik.co/")));
        Assert.True(new LoopbackBypassProxy(bypassingVerifik).IsBypassed(new Uri("https://api.verifik.co/")));
        Assert.Equal(new Uri("http://proxy.example:3128/"), new LoopbackBypassProxy(Corporate).GetProxy(new Uri("https://api.verifik.co/")));
    }

    [Fact]
    public void The_proxy_credentials_are_the_proxy_behind_s()
    {
        var inner = new WebProxy("http://proxy.example:3128");
        var credential = new NetworkCredential("ana", "secret");

        new LoopbackBypassProxy(inner).Credentials = credential;

        Assert.Same(credential, inner.Credentials);
        Assert.Same(credential, new LoopbackBypassProxy(inner).Credentials);
    }
}
