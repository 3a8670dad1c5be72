using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace Verifik.Tests.Emulator;

public sealed class EmailLoginTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => emulator.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task RequestCode_AnswersWithTheDocumentedShapeAndDeliversASixDigitCode()
    {
        var response = await emulator.Client.PostAsync("v2/projects/email-login?email=ana%40example.com", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var data = (await emulator.ReadJsonAsync(response)).GetProperty("data");
        Assert.Equal(
            ["client", "project", "projectFlow", "status", "validationMethod", "email", "emailData", "expiresAt", "extraParams",
             "type", "redirectUrl", "requires2FA", "_id", "updatedAt", "createdAt", "__v", "new", "sent"],
            data.EnumerateObject().Select(property => property.Name));
        Assert.Equal("sent", data.GetProperty("status").GetString());
        Assert.Equal("ana@example.com", data.GetProperty("email").GetString());
        Assert.Equal("Ana Example", data.GetProperty("emailData").GetProperty("firstName").GetString());
        Assert.Equal("Verifik Client App", data.GetProperty("emailData").GetProperty("projectName").GetString());
        Assert.False(data.GetProperty("requires2FA").GetBoolean());
        Assert.Matches("^[0-9a-f]{24}$", data.GetProperty("client").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", data.GetProperty("expiresAt").GetString());
        var createdAt = DateTimeOffset.Parse(data.GetProperty("createdAt").GetString()!, CultureInfo.InvariantCulture);
        var expiresAt = DateTimeOffset.Parse(data.GetProperty("expiresAt").GetString()!, CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromMinutes(10), expiresAt - createdAt);

        var outbox = await emulator.ReadJsonAsync(await emulator.Client.GetAsync("_emulator/outbox"));
        var message = Assert.Single(outbox.EnumerateArray());
        Assert.Equal("email", message.GetProperty("channel").GetString());
        Assert.Equal("ana@example.com", message.GetProperty("to").GetString());
        Assert.Matches("^[0-9]{6}$", message.GetProperty("code").GetString());
        Assert.Equal(data.GetProperty("expiresAt").GetString(), message.GetProperty("expiresAt").GetString());
    }

    [Fact]
    public async Task RequestCode_AcceptsTheSignInAppsJsonBody()
    {
        var response = await emulator.PostJsonAsync("v2/projects/email-login", """{"email":"ana@example.com","type":"login"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single((await emulator.ReadJsonAsync(await emulator.Client.GetAsync("_emulator/outbox"))).EnumerateArray());
    }

    [Fact]
    public async Task RequestCode_MatchesTheAddressIgnoringCase()
    {
        var response = await emulator.Client.PostAsync("v2/projects/email-login?email=ANA%40Example.COM", null);

        Assert.Equal("ana@example.com", (await emulator.ReadJsonAsync(response)).GetProperty("data").GetProperty("email").GetString());
    }

    [Fact]
    public async Task RequestCode_UnknownAddress_IsNotFound()
    {
        var response = await emulator.Client.PostAsync("v2/projects/email-login?email=nobody%40example.com", null);

        await ResponseAssert.BodyAsync(response, HttpStatusCode.NotFound, """{"code":"NotFound","message":"invalid_email"}""");
    }

    [Theory]
    [InlineData("v2/projects/email-login")]
    [InlineData("v2/projects/email-login?email=%20")]
    public async Task RequestCode_WithoutAddress_IsMissingParameter(string path)
    {
        var response = await emulator.Client.PostAsync(path, null);

        await ResponseAssert.BodyAsync(response, HttpStatusCode.Conflict, """{"code":"MissingParameter","message":"missing email\n"}""");
    }

    [Fact]
    public async Task RequestCode_PlusSignEncoded_FindsBob_AndTheRawQueryIsRecorded()
    {
        var response = await emulator.Client.PostAsync("v2/projects/email-login?email=bob%2Bops%40example.com", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("bob+ops@example.com", (await emulator.ReadJsonAsync(response)).GetProperty("data").GetProperty("email").GetString());
        var requests = await emulator.ReadJsonAsync(await emulator.Client.GetAsync("_emulator/requests"));
        Assert.Equal("?email=bob%2Bops%40example.com", Assert.Single(requests.EnumerateArray()).GetProperty("query").GetString());
    }

    [Fact]
    public async Task RequestCode_PlusSignLeftUnencoded_ReadsAsASpaceAndFindsNobody()
    {
        var response = await emulator.Client.PostAsync("v2/projects/email-login?email=bob+ops@example.com", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task RequestCode_UnicodeAmpersandAndApostrophe_RoundTripWhenEncoded()
    {
        const string Address = "zoë.o'brien&co@example.com";

        var response = await emulator.Client.PostAsync("v2/projects/email-login?email=" + Uri.EscapeDataString(Address), null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Address, (await emulator.ReadJsonAsync(response)).GetProperty("data").GetProperty("email").GetString());
        Assert.Matches("^[0-9]{6}$", await emulator.LatestCodeAsync(Address));
    }

    [Fact]
    public async Task Confirm_RightCode_GivesABearerToken_OnlyOnce()
    {
        await emulator.Client.PostAsync("v2/projects/email-login?email=ana%40example.com", null);
        var body = JsonSerializer.Serialize(new { email = "ana@example.com", otp = await emulator.LatestCodeAsync("ana@example.com") });

        var first = await emulator.PostJsonAsync("v2/projects/email-login/confirm", body);
        var second = await emulator.PostJsonAsync("v2/projects/email-login/confirm", body);

        var data = (await emulator.ReadJsonAsync(first)).GetProperty("data");
        Assert.Equal(["accessToken", "tokenType"], data.EnumerateObject().Select(property => property.Name));
        Assert.Equal("bearer", data.GetProperty("tokenType").GetString());
        Assert.Equal(3, data.GetProperty("accessToken").GetString()!.Split('.').Length);
        await ResponseAssert.BodyAsync(second, HttpStatusCode.NotFound, """{"code":"NotFound","message":"EmailValidation_not_found"}""");
    }

    [Fact]
    public async Task Confirm_WrongCode_IsInvalidOtp_AndTheRightCodeStillWorks()
    {
        await emulator.Client.PostAsync("v2/projects/email-login?email=ana%40example.com", null);
        var code = await emulator.LatestCodeAsync("ana@example.com");

        var wrong = await emulator.PostJsonAsync(
            "v2/projects/email-login/confirm", JsonSerializer.Serialize(new { email = "ana@example.com", otp = OtherCode(code) }));
        var right = await emulator.PostJsonAsync(
            "v2/projects/email-login/confirm", JsonSerializer.Serialize(new { email = "ana@example.com", otp = code }));

        await ResponseAssert.BodyAsync(wrong, HttpStatusCode.BadRequest, """{"message":"invalid_otp","code":"ERROR"}""");
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Fact]
    public async Task Confirm_AfterTenMinutes_HasExpired()
    {
        await emulator.Client.PostAsync("v2/projects/email-login?email=ana%40example.com", null);
        var code = await emulator.LatestCodeAsync("ana@example.com");
        await emulator.AdvanceClockAsync(601);

        var response = await emulator.PostJsonAsync(
            "v2/projects/email-login/confirm", JsonSerializer.Serialize(new { email = "ana@example.com", otp = code }));

        await ResponseAssert.BodyAsync(
            response, HttpStatusCode.PreconditionFailed, """{"code":"PreconditionFailed","message":"emailValidation_has_expired"}""");
    }

    [Fact]
    public async Task Confirm_NewRequest_ReplacesTheEarlierCode()
    {
        // The cooldown (120 s by default) would refuse the second request: this is about codes, not the cooldown.
        (await emulator.PostJsonAsync("_emulator/behaviour", """{"cooldownSeconds":0}""")).EnsureSuccessStatusCode();
        (await emulator.Client.PostAsync("v2/projects/email-login?email=ana%40example.com", null)).EnsureSuccessStatusCode();
        var first = await emulator.LatestCodeAsync("ana@example.com");
        var second = first;
        for (var attempt = 0; attempt < 5 && second == first; attempt++)
        {
            (await emulator.Client.PostAsync("v2/projects/email-login?email=ana%40example.com", null)).EnsureSuccessStatusCode();
            second = await emulator.LatestCodeAsync("ana@example.com");
        }

        Assert.NotEqual(first, second);

        var response = await emulator.PostJsonAsync(
            "v2/projects/email-login/confirm", JsonSerializer.Serialize(new { email = "ana@example.com", otp = first }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Confirm_NothingRequested_IsNotFound()
    {
        var response = await emulator.PostJsonAsync("v2/projects/email-login/confirm", """{"email":"ana@example.com","otp":"123456"}""");

        await ResponseAssert.BodyAsync(response, HttpStatusCode.NotFound, """{"code":"NotFound","message":"EmailValidation_not_found"}""");
    }

    [Theory]
    [InlineData("""{"email":"ana@example.com"}""", "missing otp\\n")]
    [InlineData("""{"otp":"123456"}""", "missing email\\n")]
    [InlineData("{}", "missing email\\n. missing otp\\n")]
    public async Task Confirm_MissingFields_AreListed(string body, string message)
    {
        var response = await emulator.PostJsonAsync("v2/projects/email-login/confirm", body);

        await ResponseAssert.BodyAsync(response, HttpStatusCode.Conflict, $$"""{"code":"MissingParameter","message":"{{message}}"}""");
    }

    [Fact]
    public async Task Confirm_BodyThatIsNotJson_IsBadRequest()
    {
        var response = await emulator.PostJsonAsync("v2/projects/email-login/confirm", "email=ana");

        await ResponseAssert.BodyAsync(response, HttpStatusCode.BadRequest, """{"code":"BadRequest","message":"invalid_json"}""");
    }

    internal static string OtherCode(string code) => code == "000000" ? "111111" : "000000";
}
