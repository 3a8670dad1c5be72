using System;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Verifik.Tests.Emulator;

public sealed class FaultTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private const string EmailLogin = "v2/projects/email-login?email=ana%40example.com";

    public Task InitializeAsync() => emulator.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task StatusFault_AnswersWithTheGivenResponse_ThenNormalHandlingResumes()
    {
        await QueueAsync("""
            {"path":"/v2/projects/email-login","times":2,"status":502,"contentType":"text/html",
             "body":"<p>bad gateway</p>","repeatBody":3,"retryAfter":"2"}
            """);

        var first = await emulator.Client.PostAsync(EmailLogin, null);
        var second = await emulator.Client.PostAsync(EmailLogin, null);
        var third = await emulator.Client.PostAsync(EmailLogin, null);

        Assert.Equal(HttpStatusCode.BadGateway, first.StatusCode);
        Assert.Equal("text/html", first.Content.Headers.ContentType?.MediaType);
        Assert.Equal(string.Concat(Enumerable.Repeat("<p>bad gateway</p>", 3)), await first.Content.ReadAsStringAsync());
        Assert.Equal(TimeSpan.FromSeconds(2), first.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.BadGateway, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Fact]
    public async Task Fault_OnlyHitsTheGivenMethod()
    {
        await QueueAsync("""{"path":"/v2/clients/me","method":"GET","status":429}""");

        var post = await emulator.Client.PostAsync(EmailLogin, null);
        var get = await emulator.Client.GetAsync("v2/clients/me");

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal((HttpStatusCode)429, get.StatusCode);
    }

    [Fact]
    public async Task AbortFault_ResetsTheConnection_AndIsStillRecorded()
    {
        await QueueAsync("""{"path":"/v2/projects/email-login","abort":true}""");

        await Assert.ThrowsAsync<HttpRequestException>(() => emulator.Client.PostAsync(EmailLogin, null));
        var next = await emulator.Client.PostAsync(EmailLogin, null);

        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        var requests = await emulator.ReadJsonAsync(await emulator.Client.GetAsync("_emulator/requests"));
        Assert.Equal(2, requests.GetArrayLength());
    }

    [Fact]
    public async Task DelayFault_WaitsThenHandlesNormally()
    {
        await QueueAsync("""{"path":"/v2/projects/email-login","delayMs":400}""");
        var stopwatch = Stopwatch.StartNew();

        var response = await emulator.Client.PostAsync(EmailLogin, null);

        Assert.True(stopwatch.ElapsedMilliseconds >= 350, $"answered after {stopwatch.ElapsedMilliseconds} ms");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("^[0-9]{6}$", await emulator.LatestCodeAsync("ana@example.com"));
    }

    [Fact]
    public async Task DelayFault_GivesUpWhenTheClientCancels()
    {
        await QueueAsync("""{"path":"/v2/projects/email-login","delayMs":60000,"status":500}""");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => emulator.Client.PostAsync(EmailLogin, null, cancel.Token));
        var next = await emulator.Client.PostAsync(EmailLogin, null);

        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task ClearingFaults_RestoresNormalHandling()
    {
        await QueueAsync("""{"path":"/v2/projects/email-login","status":500}""");

        await emulator.Client.DeleteAsync("_emulator/faults");
        var response = await emulator.Client.PostAsync(EmailLogin, null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task QueueAsync(string fault) =>
        (await emulator.PostJsonAsync("_emulator/faults", fault)).EnsureSuccessStatusCode();
}
