using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace Verifik.Tests.Emulator;

public sealed class PhoneLoginTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private const string Ana = "+57 3001234567";

    public Task InitializeAsync() => emulator.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task RequestCode_BySms_AnswersWithThePhoneShape()
    {
        var response = await RequestAsync("""{"countryCode":"+57","phone":"3001234567","type":"login"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var data = (await emulator.ReadJsonAsync(response)).GetProperty("data");
        Assert.Equal(
            ["client", "project", "projectFlow", "status", "validationMethod", "countryCode", "phone", "phoneGateway", "expiresAt",
             "type", "requires2FA", "_id", "createdAt", "updatedAt", "new", "sent"],
            data.EnumerateObject().Select(property => property.Name));
        Assert.Equal("sms", data.GetProperty("phoneGateway").GetString());
        Assert.Equal("+57", data.GetProperty("countryCode").GetString());
        var message = Assert.Single((await emulator.ReadJsonAsync(await emulator.Client.GetAsync("_emulator/outbox"))).EnumerateArray());
        Assert.Equal("sms", message.GetProperty("channel").GetString());
        Assert.Equal(Ana, message.GetProperty("to").GetString());
    }

    [Fact]
    public async Task RequestCode_ByWhatsApp_NormalisingTheNumber()
    {
        var response = await RequestAsync("""{"countryCode":"57","phone":"300 123-4567","type":"login","phoneGateway":"whatsapp"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = Assert.Single((await emulator.ReadJsonAsync(await emulator.Client.GetAsync("_emulator/outbox"))).EnumerateArray());
        Assert.Equal("whatsapp", message.GetProperty("channel").GetString());
        Assert.Equal(Ana, message.GetProperty("to").GetString());
    }

    [Theory]
    [InlineData("{}", "missing countryCode\\n. missing phone\\n. missing type\\n")]
    [InlineData("""{"countryCode":"+57","type":"login"}""", "missing phone\\n")]
    public async Task RequestCode_MissingFields_AreListed(string body, string message)
    {
        var response = await RequestAsync(body);

        await ResponseAssert.BodyAsync(response, HttpStatusCode.Conflict, $$"""{"code":"MissingParameter","message":"{{message}}"}""");
    }

    [Theory]
    [InlineData("57x", "3001234567")]
    [InlineData("+57", "12ab")]
    [InlineData("+57", "123")]
    public async Task RequestCode_MalformedNumber_IsBadRequest(string countryCode, string phone)
    {
        var response = await RequestAsync(JsonSerializer.Serialize(new { countryCode, phone, type = "login" }));

        await ResponseAssert.BodyAsync(response, HttpStatusCode.BadRequest, """{"code":"BadRequest","message":"Invalid phone number format."}""");
    }

    [Fact]
    public async Task RequestCode_UnknownGateway_IsBadRequest()
    {
        var response = await RequestAsync("""{"countryCode":"+57","phone":"3001234567","type":"login","phoneGateway":"pigeon"}""");

        await ResponseAssert.BodyAsync(response, HttpStatusCode.BadRequest, """{"code":"BadRequest","message":"Invalid phoneGateway."}""");
    }

    [Fact]
    public async Task RequestCode_UnknownNumber_IsNotFound()
    {
        var response = await RequestAsync("""{"countryCode":"+57","phone":"3009999999","type":"login"}""");

        await ResponseAssert.BodyAsync(response, HttpStatusCode.NotFound, """{"code":"NotFound","message":"invalid_phone"}""");
    }

    [Fact]
    public async Task Confirm_RightCode_GivesATokenForThatPhone()
    {
        await RequestAsync("""{"countryCode":"+57","phone":"3001234567","type":"login"}""");

        var response = await ConfirmAsync(await emulator.LatestCodeAsync(Ana));

        var token = (await emulator.ReadJsonAsync(response)).GetProperty("data").GetProperty("accessToken").GetString()!;
        var me = (await emulator.ReadJsonAsync(await emulator.GetMeAsync("Bearer " + token))).GetProperty("data");
        Assert.Equal("3001234567", me.GetProperty("phone").GetString());
        Assert.Equal("ana@example.com", me.GetProperty("email").GetString());
    }

    [Fact]
    public async Task Confirm_WrongCode_IsInvalidOtp()
    {
        await RequestAsync("""{"countryCode":"+57","phone":"3001234567","type":"login"}""");

        var response = await ConfirmAsync(EmailLoginTests.OtherCode(await emulator.LatestCodeAsync(Ana)));

        await ResponseAssert.BodyAsync(response, HttpStatusCode.BadRequest, """{"code":"BadRequest","message":"Invalid OTP code."}""");
    }

    [Fact]
    public async Task Confirm_AfterTenMinutes_HasExpired()
    {
        await RequestAsync("""{"countryCode":"+57","phone":"3001234567","type":"login"}""");
        var code = await emulator.LatestCodeAsync(Ana);
        await emulator.AdvanceClockAsync(601);

        var response = await ConfirmAsync(code);

        await ResponseAssert.BodyAsync(
            response, HttpStatusCode.PreconditionFailed, """{"code":"PreconditionFailed","message":"phoneValidation_has_expired"}""");
    }

    [Fact]
    public async Task Confirm_NothingRequested_IsNotFound()
    {
        var response = await ConfirmAsync("123456");

        await ResponseAssert.BodyAsync(response, HttpStatusCode.NotFound, """{"code":"NotFound","message":"PhoneValidation_not_found"}""");
    }

    [Fact]
    public async Task Confirm_MissingOtp_IsMissingParameter()
    {
        var response = await emulator.PostJsonAsync("v2/projects/phone-login/confirm", """{"countryCode":"+57","phone":"3001234567"}""");

        await ResponseAssert.BodyAsync(response, HttpStatusCode.Conflict, """{"code":"MissingParameter","message":"missing otp\n"}""");
    }

    private Task<HttpResponseMessage> RequestAsync(string body) => emulator.PostJsonAsync("v2/projects/phone-login", body);

    private Task<HttpResponseMessage> ConfirmAsync(string otp) =>
        emulator.PostJsonAsync(
            "v2/projects/phone-login/confirm", JsonSerializer.Serialize(new { countryCode = "+57", phone = "3001234567", otp }));
}
