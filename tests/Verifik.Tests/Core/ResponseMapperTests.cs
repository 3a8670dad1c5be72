using System;
using System.Text;
using Xunit;

namespace Verifik.Tests.Core;

public sealed class ResponseMapperTests
{
    private const string What = "POST /v2/projects/email-login";

    [Fact]
    public void Maps_the_documented_email_login_answer_field_by_field()
    {
        var request = ResponseMapper.ToOtpRequest(Json(200, DocumentedBodies.EmailLoginSent), What);

        Assert.Equal("miguel@gmail.com", request.Email);
        Assert.Equal("sent", request.Status);
        Assert.Equal(new DateTimeOffset(2025, 6, 13, 17, 24, 58, TimeSpan.Zero), request.ExpiresAt);
        Assert.Equal(TimeSpan.Zero, request.ExpiresAt!.Value.Offset);
        Assert.Equal("verificationCode", request.ValidationMethod);
        Assert.False(request.Requires2FA);
        Assert.Equal("684c5c92b2ff0e9fe242ffd6", request.Id);
        Assert.Equal("613375a1eab2fe08527f81e2", request.ClientId);
        Assert.Equal("6266193db77ccc8111730c90", request.ProjectId);
        Assert.Equal("658ed28b0990f300134d7b78", request.ProjectFlowId);
    }

    [Fact]
    public void Maps_the_short_variant_and_a_two_factor_flag()
    {
        var request = ResponseMapper.ToOtpRequest(Json(200, DocumentedBodies.EmailLoginSentShort), What);
        var twoFactor = ResponseMapper.ToOtpRequest(Json(200, """{"data":{"status":"sent","requires2FA":true}}"""), What);

        Assert.Equal("ana@example.com", request.Email);
        Assert.Equal("sent", request.Status);
        Assert.Null(request.Id);
        Assert.True(twoFactor.Requires2FA);
    }

    [Fact]
    public void Reads_the_token_from_the_documented_confirmation()
    {
        var jwt = TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddDays(30));

        Assert.Equal(jwt, ResponseMapper.ToAccessToken(Json(200, DocumentedBodies.Token(jwt)), What, wrappedInData: true));
    }

    [Fact]
    public void Reads_the_renewal_token_that_is_not_wrapped_in_data()
    {
        var jwt = TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddDays(30));

        Assert.Equal(jwt, ResponseMapper.ToAccessToken(Json(200, DocumentedBodies.RefreshedToken(jwt)), What, wrappedInData: false));
        Assert.Equal(jwt, ResponseMapper.ToAccessToken(Json(200, DocumentedBodies.Token(jwt)), What, wrappedInData: false));
    }

    [Fact]
    public void A_confirmation_without_token_but_with_a_message_asks_for_the_second_factor()
    {
        var error = Assert.Throws<VerifikException>(() => ResponseMapper.ToAccessToken(
            Json(200, """{"data":{"message":"authenticator_otp_required","requires2FA":true}}"""), What, wrappedInData: true));

        Assert.Equal("Verifik.AuthenticatorOtpRequired", error.ErrorId);
        Assert.Contains("authenticator app", error.Message);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("{\"data\":{\"accessToken\":\"ab", "not valid JSON")]
    [InlineData("null", "'data'")]
    [InlineData("[]", "'data'")]
    [InlineData("{\"signature\":{}}", "'data'")]
    [InlineData("{\"data\":null}", "'data'")]
    [InlineData("{\"data\":{\"tokenType\":\"bearer\",\"accessToken\":\"\"}}", "accessToken")]
    [InlineData("<html><body>Bad gateway</body></html>", "not valid JSON")]
    public void Malformed_success_bodies_are_InvalidResponse_with_the_reason(string body, string reason)
    {
        var error = Assert.Throws<VerifikException>(() => ResponseMapper.ToAccessToken(Json(200, body), What, wrappedInData: true));

        Assert.Equal(VerifikErrorKind.InvalidResponse, error.Kind);
        Assert.Contains(reason, error.Message);
    }

    [Theory]
    [InlineData(404, "RequestOtp", "ana@example.com", DocumentedBodies.InvalidEmail, "Verifik.InvalidEmail", "NotFound", "invalid_email")]
    [InlineData(400, "ConfirmOtp", "ana@example.com", DocumentedBodies.InvalidOtp, "Verifik.InvalidOtp", "ERROR", "invalid_otp")]
    [InlineData(412, "ConfirmOtp", "ana@example.com", DocumentedBodies.OtpExpired, "Verifik.OtpExpired", "PreconditionFailed", "emailValidation_has_expired")]
    [InlineData(404, "ConfirmOtp", "ana@example.com", DocumentedBodies.OtpNotFound, "Verifik.OtpNotFound", "NotFound", "EmailValidation_not_found")]
    [InlineData(409, "RequestOtp", "ana@example.com", DocumentedBodies.MissingEmail, "Verifik.MissingParameter", "MissingParameter", "missing email")]
    [InlineData(400, "ConfirmOtp", "ana@example.com", DocumentedBodies.WrongSecondFactor, "Verifik.InvalidAuthenticatorOtp", "BadRequest", "authenticator_otp_does_not_match")]
    [InlineData(401, "Other", null, DocumentedBodies.Unauthorized, "Verifik.Unauthorized", "Unauthorized", "Invalid or expired token.")]
    [InlineData(401, "Other", null, DocumentedBodies.ErrorOnlyShape, "Verifik.Unauthorized", "Unauthorized", "Unauthorized")]
    [InlineData(400, "Other", null, DocumentedBodies.SuccessFalseShape, "Verifik.ApiError", "INVALID_CODE", "Code is not valid")]
    [InlineData(500, "RequestOtp", "ana@example.com", "{\"code\":\"InternalServer\",\"message\":\"boom\"}", "Verifik.ApiError", "InternalServer", "boom")]
    public void Maps_documented_errors_to_specific_ids_with_status_code_and_message(
        int status, string operation, string? subject, string body, string errorId, string apiCode, string apiMessage)
    {
        var error = ResponseMapper.ToError(Json(status, body), (ApiOperation)Enum.Parse(typeof(ApiOperation), operation), What, subject);

        Assert.Equal(errorId, error.ErrorId);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal(apiCode, error.ApiCode);
        Assert.Equal(apiMessage, error.ApiMessage);
        Assert.DoesNotContain("\n", error.Message);
    }

    [Fact]
    public void A_proxy_html_page_is_an_ApiError_that_names_status_and_content_type()
    {
        var response = new ApiResponse(502, "Bad Gateway", "text/html", Encoding.UTF8.GetBytes("<html><title>502</title></html>"));

        var error = ResponseMapper.ToError(response, ApiOperation.ConfirmOtp, What, "ana@example.com");

        Assert.Equal("Verifik.ApiError", error.ErrorId);
        Assert.Equal(502, error.StatusCode);
        Assert.Null(error.ApiCode);
        Assert.Contains("502 Bad Gateway", error.Message);
        Assert.Contains("text/html", error.Message);
    }

    [Fact]
    public void A_code_echoed_back_by_the_server_is_redacted_from_message_and_properties()
    {
        var response = Json(400, """{"code":"BadRequest","message":"otp 482913 is not valid"}""");

        var error = ResponseMapper.ToError(response, ApiOperation.ConfirmOtp, What, "ana@example.com", "482913", null);

        Assert.DoesNotContain("482913", error.Message);
        Assert.DoesNotContain("482913", error.ApiMessage);
        Assert.Equal("Verifik.InvalidOtp", error.ErrorId);
    }

    private static ApiResponse Json(int status, string body) =>
        new(status, null, "application/json", Encoding.UTF8.GetBytes(body));
}
