using System.Text;
using Verifik.Tests.Core;
using Xunit;

namespace Verifik.Tests.Properties;

/// <summary>
/// The smallest inputs behind the bugs the properties found (now fixed), kept as regression tests: each is a shrunk
/// counterexample that failed before its fix.
/// </summary>
public sealed class KnownBugTests
{
    private const string What = "POST /v2/projects/email-login/confirm";

    /// <summary>Payloads as bytes: \u escapes JSON allows but UTF-16 does not, and a byte that is not UTF-8.</summary>
    public static TheoryData<byte[]> InvalidUnicodePayloads => new()
    {
        Encoding.UTF8.GetBytes("{\"\\uD800\":true}"),
        Encoding.UTF8.GetBytes("{\"clientId\":\"\\uD800\"}"),
        Encoding.UTF8.GetBytes("{\"expiresAt\":\"\\uDC00\"}"),
        new byte[] { (byte)'{', (byte)'"', (byte)'s', (byte)'u', (byte)'b', (byte)'"', (byte)':', (byte)'"', 0xFF, (byte)'"', (byte)'}' },
    };

    [Theory]
    [MemberData(nameof(InvalidUnicodePayloads))]
    public void JwtClaims_rejects_a_payload_that_is_not_valid_Unicode_as_InvalidToken(byte[] payload)
    {
        var jwt = TestJwt.Encode("{\"alg\":\"HS256\"}") + "." + Generators.Base64Url(payload) + ".sig";

        var error = Assert.Throws<VerifikException>(() => JwtClaims.Read(jwt));

        Assert.Equal(VerifikErrorKind.InvalidToken, error.Kind);
    }

    [Theory]
    [InlineData("{\"data\":{\"email\":\"\\uD800\"}}")]
    [InlineData("{\"data\":{\"\\uD800\":1}}")]
    [InlineData("{\"data\":{\"email\":\"\xFF\"}}")]
    public void ToOtpRequest_rejects_a_body_that_is_not_valid_Unicode_as_InvalidResponse(string body)
    {
        var error = Assert.Throws<VerifikException>(() => ResponseMapper.ToOtpRequest(Json(200, body), What));

        Assert.Equal(VerifikErrorKind.InvalidResponse, error.Kind);
    }

    [Theory]
    [InlineData("{\"data\":{\"accessToken\":\"\\uD800\"}}")]
    [InlineData("{\"\\uD800\":{}}")]
    [InlineData("{\"token\":\"\xFF\"}")]
    public void ToAccessToken_rejects_a_body_that_is_not_valid_Unicode_as_InvalidResponse(string body)
    {
        var error = Assert.Throws<VerifikException>(() => ResponseMapper.ToAccessToken(Json(200, body), What, wrappedInData: false));

        Assert.Equal(VerifikErrorKind.InvalidResponse, error.Kind);
    }

    [Theory]
    [InlineData("{\"message\":\"\\uD800\"}")]
    [InlineData("{\"\\uD800\":1}")]
    [InlineData("{\"code\":\"\xFF\"}")]
    public void ToError_maps_a_body_that_is_not_valid_Unicode_like_any_body_that_is_not_Verifik_JSON(string body)
    {
        var error = ResponseMapper.ToError(Json(502, body), ApiOperation.ConfirmOtp, What, "ana@example.com");

        Assert.Equal(VerifikErrorKind.ApiError, error.Kind);
        Assert.Equal(502, error.StatusCode);
    }

    [Theory]
    [InlineData(500, "{\"code\":\"482913\"}")]
    [InlineData(503, "{\"code\":\"482913\",\"message\":\"invalid_otp\"}")]
    [InlineData(418, "{\"error\":\"otp 482913\",\"code\":482913}")]
    public void ToError_does_not_repeat_a_code_that_Verifik_echoes_as_its_error_code(int status, string body)
    {
        var error = ResponseMapper.ToError(Json(status, body), ApiOperation.ConfirmOtp, What, "ana@example.com", "482913", null);

        Assert.DoesNotContain("482913", error.Message);
        Assert.DoesNotContain("482913", error.ApiCode ?? string.Empty);
        Assert.DoesNotContain("482913", error.ApiMessage ?? string.Empty);
    }

    [Theory]
    [InlineData(500, "Other", "{\"error\":\"line one\\nline two\"}")]
    [InlineData(404, "ConfirmOtp", "{\"code\":\"NotFound\",\"message\":\"not\\nfound\"}")]
    [InlineData(400, "ConfirmOtp", "{\"message\":\"invalid\\r\\notp\"}")]
    public void ToError_message_is_one_line_whatever_Verifik_says(int status, string operation, string body)
    {
        var error = ResponseMapper.ToError(Json(status, body), System.Enum.Parse<ApiOperation>(operation), What, "ana@example.com");

        Assert.DoesNotContain("\n", error.Message);
        Assert.DoesNotContain("\r", error.Message);
    }

    /// <summary>Latin-1 for the bodies, so a "\xFF" in InlineData reaches the mapper as the single byte 0xFF.</summary>
    private static ApiResponse Json(int status, string body) => new(status, null, "application/json", Encoding.Latin1.GetBytes(body));
}
