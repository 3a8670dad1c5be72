using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace Verifik.Tests.Emulator;

public sealed class TokenTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private const string Unauthorized = """{"code":"Unauthorized","message":"Invalid or expired token."}""";

    public Task InitializeAsync() => emulator.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("Bearer ")]
    [InlineData("JWT ")]
    [InlineData("")]
    public async Task Me_AcceptsEveryAuthorizationForm(string scheme)
    {
        var token = await emulator.SignInAsync("ana@example.com");

        var response = await emulator.GetMeAsync(scheme + token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await emulator.ReadJsonAsync(response);
        Assert.Equal("ana@example.com", body.GetProperty("data").GetProperty("email").GetString());
        Assert.Equal(100, body.GetProperty("data").GetProperty("credits").GetInt32());
        Assert.Equal("Certified by Verifik.co", body.GetProperty("signature").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Me_WithoutToken_IsUnauthorized()
    {
        var response = await emulator.Client.GetAsync("v2/clients/me");

        await ResponseAssert.BodyAsync(response, HttpStatusCode.Unauthorized, Unauthorized);
    }

    [Fact]
    public async Task Me_WithATamperedPayload_IsUnauthorized()
    {
        var parts = (await emulator.SignInAsync("ana@example.com")).Split('.');
        var bob = (await emulator.MintTokenAsync("""{"email":"bob+ops@example.com"}""")).Split('.');

        var response = await emulator.GetMeAsync($"Bearer {parts[0]}.{bob[1]}.{parts[2]}");

        await ResponseAssert.BodyAsync(response, HttpStatusCode.Unauthorized, Unauthorized);
    }

    [Fact]
    public async Task Token_CarriesVerifiksClaims()
    {
        var token = await emulator.SignInAsync("ana@example.com");
        var me = (await emulator.ReadJsonAsync(await emulator.GetMeAsync("Bearer " + token))).GetProperty("data");

        var header = DecodeSegment(token.Split('.')[0]);
        var payload = DecodeSegment(token.Split('.')[1]);

        Assert.Equal("HS256", header.GetProperty("alg").GetString());
        Assert.Equal("JWT", header.GetProperty("typ").GetString());
        Assert.Equal(["clientId", "p", "JWTPhrase", "expiresAt", "iat"], payload.EnumerateObject().Select(claim => claim.Name));
        Assert.Equal(me.GetProperty("_id").GetString(), payload.GetProperty("clientId").GetString());
        Assert.Equal("vk", payload.GetProperty("p").GetString());
        Assert.Matches("^[0-9a-f]{24}$", payload.GetProperty("JWTPhrase").GetString());
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(payload.GetProperty("iat").GetInt64());
        Assert.Equal(issuedAt.AddMonths(1), DateTimeOffset.FromUnixTimeSeconds(payload.GetProperty("expiresAt").GetInt64()));
    }

    [Fact]
    public async Task Session_Refresh_AnswersUnwrapped_WithTheRequestedLifetime()
    {
        var token = await emulator.SignInAsync("ana@example.com");

        var response = await SessionAsync("Bearer " + token, "?origin=refresh&expiresIn=3");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await emulator.ReadJsonAsync(response);
        Assert.Equal(["accessToken", "tokenType"], body.EnumerateObject().Select(property => property.Name));
        Assert.Equal("bearer", body.GetProperty("tokenType").GetString());
        var refreshed = body.GetProperty("accessToken").GetString()!;
        var payload = DecodeSegment(refreshed.Split('.')[1]);
        Assert.Equal(
            DateTimeOffset.FromUnixTimeSeconds(payload.GetProperty("iat").GetInt64()).AddMonths(3),
            DateTimeOffset.FromUnixTimeSeconds(payload.GetProperty("expiresAt").GetInt64()));
        Assert.Equal(HttpStatusCode.OK, (await emulator.GetMeAsync("Bearer " + refreshed)).StatusCode);
    }

    [Fact]
    public async Task Session_WithoutAuthorization_IsMissingParameter()
    {
        var response = await SessionAsync(null, "?origin=refresh");

        await ResponseAssert.BodyAsync(
            response, HttpStatusCode.Conflict, """{"code":"MissingParameter","message":"missing authorization\n"}""");
    }

    [Fact]
    public async Task Session_WithAnExpiredToken_IsUnauthorized()
    {
        var token = await emulator.SignInAsync("ana@example.com");
        await emulator.AdvanceClockAsync((int)TimeSpan.FromDays(31).TotalSeconds);

        var response = await SessionAsync("Bearer " + token, "?origin=refresh");

        await ResponseAssert.BodyAsync(response, HttpStatusCode.Unauthorized, Unauthorized);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1201")]
    [InlineData("two")]
    public async Task Session_WithAnInvalidExpiresIn_IsBadRequest(string expiresIn)
    {
        var token = await emulator.SignInAsync("ana@example.com");

        var response = await SessionAsync("Bearer " + token, "?origin=refresh&expiresIn=" + expiresIn);

        await ResponseAssert.BodyAsync(response, HttpStatusCode.BadRequest, """{"code":"BadRequest","message":"invalid_expiresIn"}""");
    }

    [Fact]
    public async Task RenewAndRevoke_IssuesANewToken_AndKillsEveryEarlierOne()
    {
        var old = await emulator.SignInAsync("ana@example.com");
        var minted = await emulator.MintTokenAsync("""{"email":"ana@example.com"}""");
        var request = new HttpRequestMessage(HttpMethod.Post, "v2/auth/renew-and-revoke");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + old);

        var response = await emulator.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var renewed = (await emulator.ReadJsonAsync(response)).GetProperty("token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await emulator.GetMeAsync("Bearer " + renewed)).StatusCode);
        await ResponseAssert.BodyAsync(await emulator.GetMeAsync("Bearer " + old), HttpStatusCode.Unauthorized, Unauthorized);
        Assert.Equal(HttpStatusCode.Unauthorized, (await emulator.GetMeAsync("Bearer " + minted)).StatusCode);
    }

    [Theory]
    [InlineData("expiresAt")]
    [InlineData("exp")]
    [InlineData("expMs")]
    [InlineData("expString")]
    public async Task MintedTokens_AreHonouredUntilTheyExpire_InEveryClaimStyle(string claimStyle)
    {
        var live = await emulator.MintTokenAsync($$"""{"email":"ana@example.com","claimStyle":"{{claimStyle}}"}""");
        var expired = await emulator.MintTokenAsync(
            $$"""{"email":"ana@example.com","claimStyle":"{{claimStyle}}","lifetimeSeconds":-60}""");

        Assert.Equal(HttpStatusCode.OK, (await emulator.GetMeAsync("Bearer " + live)).StatusCode);
        await ResponseAssert.BodyAsync(await emulator.GetMeAsync("Bearer " + expired), HttpStatusCode.Unauthorized, Unauthorized);
    }

    [Fact]
    public async Task MintedTokens_UseTheRequestedClaimShape()
    {
        var exp = DecodeSegment((await emulator.MintTokenAsync("""{"email":"ana@example.com","claimStyle":"exp"}""")).Split('.')[1]);
        var expMs = DecodeSegment((await emulator.MintTokenAsync("""{"email":"ana@example.com","claimStyle":"expMs"}""")).Split('.')[1]);
        var expString = DecodeSegment(
            (await emulator.MintTokenAsync("""{"email":"ana@example.com","claimStyle":"expString"}""")).Split('.')[1]);
        var none = await emulator.MintTokenAsync("""{"countryCode":"+57","phone":"3001234567","claimStyle":"none"}""");
        var nonePayload = DecodeSegment(none.Split('.')[1]);

        Assert.False(exp.TryGetProperty("expiresAt", out _));
        Assert.Equal(
            DateTimeOffset.FromUnixTimeSeconds(exp.GetProperty("iat").GetInt64()).AddMonths(1),
            DateTimeOffset.FromUnixTimeSeconds(exp.GetProperty("exp").GetInt64()));
        Assert.True(expMs.GetProperty("exp").GetInt64() > 100_000_000_000);
        Assert.Equal(JsonValueKind.String, expString.GetProperty("expiresAt").ValueKind);
        Assert.False(nonePayload.TryGetProperty("exp", out _) || nonePayload.TryGetProperty("expiresAt", out _));
        Assert.Equal(HttpStatusCode.OK, (await emulator.GetMeAsync(none)).StatusCode);
    }

    private Task<HttpResponseMessage> SessionAsync(string? authorization, string query)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "v2/auth/session" + query);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return emulator.Client.SendAsync(request);
    }

    private static JsonElement DecodeSegment(string segment)
    {
        var base64 = segment.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        using var document = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(base64)));
        return document.RootElement.Clone();
    }
}
