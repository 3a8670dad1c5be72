using System;
using System.Text;
using Xunit;

namespace Verifik.Tests.Core;

/// <summary>
/// What the mapped error messages say: who the code was for, what Verifik said (status and message), and the next
/// step; and the boundaries of the cooldown message's times.
/// </summary>
public sealed class ErrorAnswerRules
{
    private const string What = "POST /v2/projects/phone-login";
    private const string Phone = "+57 3001234567";
    private const string Email = "ana@example.com";
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 15, 0, 0, TimeSpan.Zero);

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
        var error = ResponseMapper.ToError(Answer(status, $$"""{"code":"Conflict","message":"{{message}}"}"""), (ApiOperation)Enum.Parse(typeof(ApiOperation), operation), What, subject);

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
    public void A_body_with_only_a_code_uses_the_code_as_the_message()
    {
        var error = ResponseMapper.ToError(Answer(418, """{"code":"Teapot"}"""), ApiOperation.Other, What, null);

        Assert.Equal(("Teapot", "Teapot"), (error.ApiCode, error.ApiMessage));
    }

    [Fact]
    public void A_message_without_a_code_is_quoted_as_Verifik_s_answer_with_no_code()
    {
        var error = ResponseMapper.ToError(Answer(418, """{"message":"boom"}"""), ApiOperation.Other, What, null);

        Assert.Contains("with 418 : no code: boom.", error.Message);
    }

    [Fact]
    public void A_body_that_is_not_JSON_and_has_no_content_type_says_so()
    {
        var response = new ApiResponse(502, "Bad Gateway", null, Encoding.UTF8.GetBytes("oops"));

        var error = ResponseMapper.ToError(response, ApiOperation.Other, What, null);

        Assert.Contains("502 Bad Gateway and a body that is not Verifik's JSON (no content type, 4 bytes)", error.Message);
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

    private static ApiResponse Answer(int status, string body) =>
        new(status, null, "application/json", Encoding.UTF8.GetBytes(body));
}
