using System;
using System.Text;
using Xunit;

namespace Verifik.Tests.Core;

/// <summary>How an error answer becomes a VerifikException: its ErrorId, Verifik's code and message, what the message says, and the cooldown's times.</summary>
public sealed class ErrorAnswerRules
{
    private const string What = "POST /v2/projects/phone-login";
    private const string Phone = "+57 3001234567";
    private const string Email = "ana@example.com";
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 15, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(404, "RequestOtp", Email, DocumentedBodies.InvalidEmail, "Verifik.InvalidEmail", "NotFound", "invalid_email")]
    [InlineData(400, "ConfirmOtp", Email, DocumentedBodies.InvalidOtp, "Verifik.InvalidOtp", "ERROR", "invalid_otp")]
    [InlineData(412, "ConfirmOtp", Email, DocumentedBodies.OtpExpired, "Verifik.OtpExpired", "PreconditionFailed", "emailValidation_has_expired")]
    [InlineData(404, "ConfirmOtp", Email, DocumentedBodies.OtpNotFound, "Verifik.OtpNotFound", "NotFound", "EmailValidation_not_found")]
    [InlineData(409, "RequestOtp", Email, DocumentedBodies.MissingEmail, "Verifik.MissingParameter", "MissingParameter", "missing email")]
    [InlineData(400, "ConfirmOtp", Email, DocumentedBodies.WrongSecondFactor, "Verifik.InvalidAuthenticatorOtp", "BadRequest", "authenticator_otp_does_not_match")]
    [InlineData(401, "Other", null, DocumentedBodies.Unauthorized, "Verifik.Unauthorized", "Unauthorized", "Invalid or expired token.")]
    [InlineData(401, "Other", null, DocumentedBodies.ErrorOnlyShape, "Verifik.Unauthorized", "Unauthorized", "Unauthorized")]
    [InlineData(400, "Other", null, DocumentedBodies.SuccessFalseShape, "Verifik.ApiError", "INVALID_CODE", "Code is not valid")]
    [InlineData(500, "RequestOtp", Email, "{\"code\":\"InternalServer\",\"message\":\"boom\"}", "Verifik.ApiError", "InternalServer", "boom")]
    public void Maps_documented_errors_to_specific_ids_with_status_code_and_message(
        int status, string operation, string? subject, string body, string errorId, string apiCode, string apiMessage)
    {
        var error = ResponseMapper.ToError(Answer(status, body), Operation(operation), What, subject);

        Assert.Equal(errorId, error.ErrorId);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal(apiCode, error.ApiCode);
        Assert.Equal(apiMessage, error.ApiMessage);
        Assert.DoesNotContain("\n", error.Message);
    }

    [Theory]
    [InlineData("""{"error":"Teapot"}""", "Teapot", "Teapot", "with 418 : Teapot: Teapot.")]
    [InlineData("""{"code":"Teapot"}""", "Teapot", "Teapot", "with 418 : Teapot: Teapot.")]
    [InlineData("""{"message":"boom"}""", null, "boom", "with 418 : no code: boom.")]
    [InlineData("""{"code":42,"message":true}""", "42", "true", "with 418 : 42: true.")]
    [InlineData("""{"code":{"x":1},"message":["no"]}""", null, null, "a body that is not Verifik's JSON")]
    public void Verifik_s_code_and_message_are_read_from_code_message_or_error_with_numbers_as_text(
        string body, string? apiCode, string? apiMessage, string quoted)
    {
        var error = ResponseMapper.ToError(Answer(418, body), ApiOperation.Other, What, null);

        Assert.Equal((apiCode, apiMessage), (error.ApiCode, error.ApiMessage));
        Assert.Contains(quoted, error.Message);
    }

    [Fact]
    public void A_code_echoed_back_by_the_server_is_redacted_from_message_and_properties()
    {
        var response = Answer(400, """{"code":"BadRequest","message":"otp 482913 is not valid"}""");

        var error = ResponseMapper.ToError(response, ApiOperation.ConfirmOtp, What, Email, "482913", null);

        Assert.DoesNotContain("482913", error.Message);
        Assert.DoesNotContain("482913", error.ApiMessage);
        Assert.Equal("Verifik.InvalidOtp", error.ErrorId);
    }

    [Theory]
    [InlineData(409, "RequestOtp", Email, "otp_not_sent",
        "Verifik could not deliver the code to ana@example.com (409 otp_not_sent): its message provider refused it. Check that the address can receive mail.")]
    [InlineData(409, "RequestOtp", Phone, "otp_not_sent",
        "Verifik could not deliver the code to +57 3001234567 (409 otp_not_sent): its message provider refused it.")]
    [InlineData(409, "ConfirmOtp", Phone, "otp_send_failed",
        "The code for +57 3001234567 was never delivered (409 otp_send_failed), so there is nothing to confirm.")]
    [InlineData(409, "ConfirmOtp", Email, "email_validation_already_validated",
        "That code for ana@example.com was already used (409 email_validation_already_validated); each code signs in once.")]
    [InlineData(403, "RequestOtp", Phone, "insufficient_credits",
        "Verifik did not send a code to +57 3001234567 (403 insufficient_credits): the account's prepaid credits cannot pay for an SMS or WhatsApp message.")]
    [InlineData(400, "RequestOtp", Phone, "Invalid phone number format.",
        "Verifik did not accept the phone number +57 3001234567 (400 Invalid phone number format.): it takes the national number in -Phone and the country code, such as +57, in -CountryCode.")]
    [InlineData(400, "ConfirmOtp", Email, "authenticator_otp_does_not_match",
        "Verifik rejected the authenticator-app code for ana@example.com (400 authenticator_otp_does_not_match).")]
    [InlineData(403, "ConfirmOtp", Email, "otp_does_not_match",
        "Verifik rejected the code for ana@example.com (403 otp_does_not_match).")]
    public void Each_refusal_names_who_the_code_was_for_what_Verifik_said_and_the_next_step(
        int status, string operation, string subject, string message, string expected)
    {
        var error = ResponseMapper.ToError(Answer(status, $$"""{"code":"Conflict","message":"{{message}}"}"""), Operation(operation), What, subject);

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Without_a_message_from_Verifik_only_the_status_is_quoted()
    {
        var error = ResponseMapper.ToError(Answer(404, ""), ApiOperation.RequestOtp, What, Email);

        Assert.Equal(VerifikErrorKind.InvalidEmail, error.Kind);
        Assert.Equal("Verifik has no account for ana@example.com (404).", error.Message);
    }

    [Fact]
    public void A_409_on_confirm_that_is_not_an_already_validated_code_is_not_reported_as_a_used_code()
    {
        var error = ResponseMapper.ToError(Answer(409, """{"code":"Conflict","message":"something_else"}"""), ApiOperation.ConfirmOtp, What, Email);

        Assert.Equal(VerifikErrorKind.ApiError, error.Kind);
    }

    [Fact]
    public void No_account_for_a_phone_number_is_InvalidPhone_and_for_an_address_InvalidEmail()
    {
        var phone = ResponseMapper.ToError(Answer(404, """{"code":"NotFound","message":"invalid_phone"}"""), ApiOperation.RequestOtp, What, Phone);
        var email = ResponseMapper.ToError(Answer(404, """{"code":"NotFound","message":"invalid_email"}"""), ApiOperation.RequestOtp, What, Email);
        var unknown = ResponseMapper.ToError(Answer(404, """{"code":"NotFound","message":"invalid_email"}"""), ApiOperation.RequestOtp, What, null);

        Assert.Equal(VerifikErrorKind.InvalidPhone, phone.Kind);
        Assert.Contains("phone number +57 3001234567", phone.Message);
        Assert.Equal(VerifikErrorKind.InvalidEmail, email.Kind);
        Assert.Contains("this account", unknown.Message);
    }

    [Fact]
    public void A_missing_parameter_error_is_on_one_line()
    {
        var error = ResponseMapper.ToError(Answer(409, """{"code":"MissingParameter","message":"missing phone\n"}"""), ApiOperation.RequestOtp, What, Phone);

        Assert.Equal(VerifikErrorKind.MissingParameter, error.Kind);
        Assert.Contains("(409 missing phone)", error.Message);
    }

    [Fact]
    public void An_unmapped_error_says_status_reason_what_Verifik_said_and_how_many_attempts_it_took()
    {
        var response = new ApiResponse(503, "Service Unavailable", "application/json", Encoding.UTF8.GetBytes("""{"code":"Busy","message":"try\r\nlater"}"""), attempts: 3);

        var error = ResponseMapper.ToError(response, ApiOperation.RequestOtp, What, Phone);

        Assert.Equal(VerifikErrorKind.ApiError, error.Kind);
        Assert.Contains($"Verifik answered {What} with 503 Service Unavailable: Busy: try later, after 3 attempts. The service or a proxy in between failed", error.Message);
    }

    [Theory]
    [InlineData(400, "Other", null, "application/json", "", "and an empty body. Verifik refused the request")]
    [InlineData(429, "Other", null, "application/json", "", "and an empty body. Verifik is limiting")]
    [InlineData(500, "Other", null, "application/json", "oops", "a body that is not Verifik's JSON (application/json, 4 bytes)")]
    [InlineData(502, "Other", null, "application/json", "[1]", "a body that is not Verifik's JSON (application/json, 3 bytes). The service or a proxy")]
    [InlineData(502, "Other", "Bad Gateway", null, "oops", "502 Bad Gateway and a body that is not Verifik's JSON (no content type, 4 bytes)")]
    [InlineData(502, "ConfirmOtp", "Bad Gateway", "text/html", "<html><title>502</title></html>", "502 Bad Gateway and a body that is not Verifik's JSON (text/html, 31 bytes)")]
    public void An_error_without_Verifik_s_JSON_is_an_ApiError_that_describes_the_body_and_the_next_step(
        int status, string operation, string? reason, string? contentType, string body, string expected)
    {
        var response = new ApiResponse(status, reason, contentType, Encoding.UTF8.GetBytes(body));

        var error = ResponseMapper.ToError(response, Operation(operation), What, Email);

        Assert.Equal("Verifik.ApiError", error.ErrorId);
        Assert.Equal(status, error.StatusCode);
        Assert.Null(error.ApiCode);
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain("after 1 attempts", error.Message);
    }

    [Theory]
    [InlineData(500, "The service or a proxy in between failed.")]
    [InlineData(499, "Verifik refused the request as it was sent.")]
    [InlineData(429, "Verifik is limiting how many requests it takes.")]
    public void A_server_error_from_500_on_is_said_to_be_the_service_s_and_429_a_limit(int status, string nextStep)
    {
        var error = ResponseMapper.ToError(Answer(status, "{}"), ApiOperation.Other, What, null);

        Assert.EndsWith(nextStep, error.Message);
    }

    [Theory]
    [InlineData(409, """{"code":"Conflict","message":"otp_recently_sent"}""", true)]
    [InlineData(409, """{"code":"otp_recently_sent","message":"Espera un momento"}""", true)]
    [InlineData(409, """{"code":"Conflict","message":"412:otp_recently_sent"}""", true)]
    [InlineData(429, """{"code":"Conflict","message":"otp_recently_sent"}""", false)]
    [InlineData(409, """{"code":"Conflict","message":"otp_not_sent"}""", false)]
    [InlineData(409, """{"code":"Conflict","message":"a1c:otp_recently_sent"}""", false)]
    [InlineData(409, """{"code":"Conflict","message":"409 otp_recently_sent"}""", false)]
    public void Only_a_409_with_otp_recently_sent_in_code_or_message_is_the_cooldown(int status, string body, bool expected)
    {
        Assert.Equal(expected, ResponseMapper.IsRecentlySent(Answer(status, body)));
    }

    [Theory]
    [InlineData(600, "a new one can be asked for from 15:10:00 UTC")]
    [InlineData(601, "a new one can be asked for about 2 minutes after the last")]
    public void A_retry_after_up_to_the_code_s_lifetime_is_when_a_new_code_can_be_asked_for(int seconds, string expected)
    {
        var response = new ApiResponse(409, null, "application/json", Encoding.UTF8.GetBytes("""{"message":"otp_recently_sent"}"""), retryAfter: TimeSpan.FromSeconds(seconds));

        Assert.Contains(expected, ResponseMapper.RecentlySent(response, Email, null, Now).Message);
    }

    [Fact]
    public void A_code_sent_exactly_ten_minutes_ago_is_no_longer_said_to_be_valid()
    {
        var error = ResponseMapper.RecentlySent(Answer(409, """{"message":"otp_recently_sent"}"""), Email, Now.AddMinutes(-10), Now);

        Assert.Contains("(409 otp_recently_sent). The code already sent stays valid for 10 minutes after it was sent", error.Message);
    }

    [Fact]
    public void A_code_already_confirmed_is_said_to_be_used_not_valid()
    {
        var error = ResponseMapper.RecentlySent(Answer(409, """{"message":"otp_recently_sent"}"""), Email, Now.AddMinutes(-1), Now, used: true);

        Assert.Contains("The code sent at 14:59:00 UTC was already used; a new one can be asked for from 15:01:00 UTC.", error.Message);
        Assert.DoesNotContain("valid", error.Message);
    }

    [Fact]
    public void When_the_cooldown_has_already_ended_no_clock_time_is_given_for_the_next_code()
    {
        var error = ResponseMapper.RecentlySent(Answer(409, """{"message":"otp_recently_sent"}"""), Email, Now.AddMinutes(-2), Now);

        Assert.EndsWith("; a new one can be asked for about 2 minutes after the last.", error.Message);
    }

    private static ApiOperation Operation(string name) => (ApiOperation)Enum.Parse(typeof(ApiOperation), name);

    private static ApiResponse Answer(int status, string body) =>
        new(status, null, "application/json", Encoding.UTF8.GetBytes(body));
}
