using System;
using System.Text;
using Xunit;

namespace Verifik.Tests.Core;

/// <summary>Verifik's error answers mapped by status, call and Verifik's own code/message values, whatever language the rest is in.</summary>
public sealed class AnswerMappingTests
{
    [Theory]
    [InlineData(409, "RequestOtp", """{"code":"Conflict","message":"otp_recently_sent"}""", VerifikErrorKind.OtpRecentlySent)]
    [InlineData(409, "RequestOtp", """{"code":"Conflict","message":"409:otp_recently_sent"}""", VerifikErrorKind.OtpRecentlySent)]
    [InlineData(409, "RequestOtp", """{"code":"Conflict","message":"otp_not_sent"}""", VerifikErrorKind.OtpNotSent)]
    [InlineData(409, "ConfirmOtp", """{"code":"Conflict","message":"otp_send_failed"}""", VerifikErrorKind.OtpNotSent)]
    [InlineData(409, "ConfirmOtp", """{"message":"phone_validation_already_validated","code":"Conflict"}""", VerifikErrorKind.OtpNotFound)]
    [InlineData(409, "RequestOtp", """{"code":"MissingParameter","message":"falta el correo\n"}""", VerifikErrorKind.MissingParameter)]
    [InlineData(409, "RequestOtp", """{"code":"Conflict","message":"missing email"}""", VerifikErrorKind.ApiError)]
    [InlineData(403, "RequestOtp", """{"code":"Forbidden","message":"insufficient_credits"}""", VerifikErrorKind.InsufficientCredits)]
    [InlineData(403, "RequestOtp", """{"code":"Forbidden","message":"Forbidden"}""", VerifikErrorKind.ApiError)]
    [InlineData(403, "ConfirmOtp", """{"code":"Forbidden","message":"otp_does_not_match"}""", VerifikErrorKind.InvalidOtp)]
    [InlineData(403, "ConfirmOtp", """{"code":"Forbidden","message":"authenticator_otp_does_not_match"}""", VerifikErrorKind.InvalidAuthenticatorOtp)]
    [InlineData(400, "ConfirmOtp", """{"message":"invalid_otp","code":"ERROR"}""", VerifikErrorKind.InvalidOtp)]
    [InlineData(412, "ConfirmOtp", """{"code":"emailValidation_has_expired","message":"412:emailValidation_has_expired"}""", VerifikErrorKind.OtpExpired)]
    [InlineData(400, "RequestOtp", """{"code":"BadRequest","message":"Número inválido."}""", VerifikErrorKind.InvalidPhone)]
    public void Maps_by_status_and_verifiks_values(int status, string operation, string body, VerifikErrorKind expected)
    {
        var subject = body.IndexOf("inválido", StringComparison.Ordinal) >= 0 ? "+57 3001234567" : "ana@example.com";
        var error = ResponseMapper.ToError(Answer(status, body), (ApiOperation)Enum.Parse(typeof(ApiOperation), operation), "POST /v2/projects/email-login", subject);

        Assert.Equal(expected, error.Kind);
        Assert.Equal(status, error.StatusCode);
    }

    [Fact]
    public void The_cooldown_says_how_long_the_code_sent_stays_valid_and_when_a_new_one_can_be_asked_for()
    {
        var now = new DateTimeOffset(2026, 12, 1, 15, 0, 0, TimeSpan.Zero);

        var error = ResponseMapper.RecentlySent(
            Answer(409, """{"code":"Conflict","message":"otp_recently_sent"}"""), "ana@example.com", now.AddSeconds(-30), now);

        Assert.Equal(VerifikErrorKind.OtpRecentlySent, error.Kind);
        Assert.Contains("The code sent at 14:59:30 UTC is still valid for 10 minute(s), until 15:09:30 UTC", error.Message);
        Assert.Contains("a new one can be asked for from 15:01:30 UTC", error.Message);
    }

    [Fact]
    public void The_cooldown_takes_a_retry_after_header_as_when_a_new_code_can_be_asked_for()
    {
        var now = new DateTimeOffset(2026, 12, 1, 15, 0, 0, TimeSpan.Zero);
        var answer = new ApiResponse(409, "Conflict", "application/json", Encoding.UTF8.GetBytes("""{"message":"otp_recently_sent"}"""), retryAfter: TimeSpan.FromSeconds(45));

        var error = ResponseMapper.RecentlySent(answer, "ana@example.com", null, now);

        Assert.Contains("stays valid for 10 minutes after it was sent", error.Message);
        Assert.Contains("a new one can be asked for from 15:00:45 UTC", error.Message);
    }

    [Fact]
    public void Only_a_502_or_503_before_the_answer_may_have_been_handled()
    {
        var body = Encoding.UTF8.GetBytes("{}");

        Assert.True(new ApiResponse(409, null, null, body, 2, earlierStatuses: [502]).EarlierAttemptMayHaveBeenHandled);
        Assert.True(new ApiResponse(409, null, null, body, 2, earlierStatuses: [503]).EarlierAttemptMayHaveBeenHandled);
        Assert.False(new ApiResponse(409, null, null, body, 2, earlierStatuses: [429]).EarlierAttemptMayHaveBeenHandled);
        Assert.False(new ApiResponse(409, null, null, body).EarlierAttemptMayHaveBeenHandled);
    }

    [Fact]
    public void Reads_the_bare_token_string_of_older_confirmations()
    {
        var jwt = TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddDays(30));

        Assert.Equal(jwt, ResponseMapper.ToAccessToken(Answer(200, $$"""{"data":"{{jwt}}"}"""), "POST /confirm", wrappedInData: true));
    }

    private static ApiResponse Answer(int status, string body) =>
        new(status, null, "application/json", Encoding.UTF8.GetBytes(body));
}
