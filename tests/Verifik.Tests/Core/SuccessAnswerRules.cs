using System;
using System.Text;
using Xunit;

namespace Verifik.Tests.Core;

/// <summary>How a 2xx answer becomes a Verifik.OtpRequest or a token, or else a second-factor request or an InvalidResponse.</summary>
public sealed class SuccessAnswerRules
{
    private const string What = "POST /v2/projects/email-login";

    [Theory]
    [InlineData(199, false)]
    [InlineData(200, true)]
    [InlineData(299, true)]
    [InlineData(300, false)]
    public void Only_a_2xx_status_is_a_success(int status, bool expected)
    {
        Assert.Equal(expected, Json(status, "{}").IsSuccess);
    }

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
    public void A_phone_code_answer_gives_country_code_phone_and_gateway()
    {
        var request = ResponseMapper.ToOtpRequest(
            Json(200, """{"data":{"status":"sent","countryCode":"+57","phone":"3001234567","phoneGateway":"whatsapp","expiresAt":"2025-06-13T12:24:58-05:00"}}"""), What);

        Assert.Equal(("+57", "3001234567", "whatsapp"), (request.CountryCode, request.Phone, request.Gateway));
        Assert.Null(request.Email);
        Assert.Equal(new DateTimeOffset(2025, 6, 13, 17, 24, 58, TimeSpan.Zero), request.ExpiresAt);
        Assert.Equal(TimeSpan.Zero, request.ExpiresAt!.Value.Offset);
    }

    [Theory]
    [InlineData("\"requires2FA\":\"yes\"")]
    [InlineData("\"requires2FA\":false")]
    [InlineData("\"expiresAt\":\"soon\"")]
    public void Only_a_JSON_true_means_two_factor_and_an_unreadable_date_is_no_date(string field)
    {
        var request = ResponseMapper.ToOtpRequest(Json(200, "{\"data\":{" + field + "}}"), What);

        Assert.False(request.Requires2FA);
        Assert.Null(request.ExpiresAt);
    }

    [Fact]
    public void Reads_the_token_from_the_documented_confirmation()
    {
        var jwt = TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddDays(30));

        Assert.Equal(jwt, ResponseMapper.ToAccessToken(Json(200, DocumentedBodies.Token(jwt)), What, wrappedInData: true));
    }

    [Fact]
    public void A_renewal_answer_s_token_is_its_own_accessToken_or_else_the_one_inside_data()
    {
        var jwt = TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddDays(30));

        Assert.Equal(jwt, ResponseMapper.ToAccessToken(Json(200, DocumentedBodies.RefreshedToken(jwt)), What, wrappedInData: false));
        Assert.Equal(jwt, ResponseMapper.ToAccessToken(Json(200, DocumentedBodies.Token(jwt)), What, wrappedInData: false));
        Assert.Equal("a.b.c", ResponseMapper.ToAccessToken(Json(200, """{"accessToken":"a.b.c","data":{"accessToken":"x.y.z"}}"""), What, wrappedInData: false));
    }

    [Fact]
    public void A_token_under_the_name_token_is_read_too()
    {
        Assert.Equal("a.b.c", ResponseMapper.ToAccessToken(Json(200, """{"token":"a.b.c"}"""), What, wrappedInData: false));
        Assert.Equal("a.b.c", ResponseMapper.ToAccessToken(Json(200, """{"data":{"token":"a.b.c"}}"""), What, wrappedInData: true));
    }

    [Theory]
    [InlineData("""{"data":{"message":"authenticator_otp_required","requires2FA":true}}""")]
    [InlineData("""{"data":{"requires2FA":true}}""")]
    [InlineData("""{"data":{"message":"authenticator_otp_required"}}""")]
    public void A_confirmation_without_a_token_asks_for_the_second_factor_on_either_sign(string body)
    {
        var error = Assert.Throws<VerifikException>(() => ResponseMapper.ToAccessToken(Json(200, body), What, wrappedInData: true));

        Assert.Equal("Verifik.AuthenticatorOtpRequired", error.ErrorId);
        Assert.Equal(200, error.StatusCode);
        Assert.Contains("authenticator app", error.Message);
    }

    [Fact]
    public void The_second_factor_message_is_kept_without_the_codes_it_may_echo()
    {
        var error = Assert.Throws<VerifikException>(() => ResponseMapper.ToAccessToken(
            Json(200, """{"data":{"message":"482913 ok, authenticator needed"}}"""), What, wrappedInData: true, "482913"));

        Assert.Equal("*** ok, authenticator needed", error.ApiMessage);
    }

    [Fact]
    public void A_renewal_answer_without_a_token_is_an_invalid_answer_not_a_second_factor_request()
    {
        var error = Assert.Throws<VerifikException>(() => ResponseMapper.ToAccessToken(
            Json(200, """{"message":"authenticator_otp_required","requires2FA":true}"""), "GET /v2/auth/session", wrappedInData: false));

        Assert.Equal(VerifikErrorKind.InvalidResponse, error.Kind);
        Assert.Contains("it has no accessToken", error.Message);
    }

    [Theory]
    [InlineData("", true, "empty")]
    [InlineData("{\"data\":{\"accessToken\":\"ab", true, "not valid JSON")]
    [InlineData("null", true, "'data'")]
    [InlineData("[]", true, "'data'")]
    [InlineData("{\"signature\":{}}", true, "'data'")]
    [InlineData("{\"data\":null}", true, "'data'")]
    [InlineData("{\"data\":{\"tokenType\":\"bearer\",\"accessToken\":\"\"}}", true, "accessToken")]
    [InlineData("<html><body>Bad gateway</body></html>", true, "not valid JSON")]
    [InlineData("\"a.b.c\"", false, "it has no accessToken")]
    public void Malformed_success_bodies_are_InvalidResponse_with_the_reason(string body, bool wrappedInData, string reason)
    {
        var error = Assert.Throws<VerifikException>(() => ResponseMapper.ToAccessToken(Json(200, body), What, wrappedInData));

        Assert.Equal(VerifikErrorKind.InvalidResponse, error.Kind);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void An_answer_that_is_not_JSON_names_status_content_type_and_size_and_where_to_look()
    {
        var response = new ApiResponse(200, "OK", null, Encoding.UTF8.GetBytes("<html>"));

        var error = Assert.Throws<VerifikException>(() => ResponseMapper.ToAccessToken(response, What, wrappedInData: true));

        Assert.Equal(
            $"Verifik's answer to {What} is not the documented JSON: the body is not valid JSON (200, no content type, 6 bytes). Check the base URI points at the Verifik API.",
            error.Message);
    }

    [Fact]
    public void Text_that_is_not_valid_Unicode_is_an_invalid_answer_found_before_anything_reads_it()
    {
        var error = Assert.Throws<VerifikException>(() => ResponseMapper.ParseAny(Json(200, """{"data":[{"x":"\uD800"}]}"""), What));

        Assert.Equal(VerifikErrorKind.InvalidResponse, error.Kind);
        Assert.Contains("not valid Unicode", error.Message);
    }

    private static ApiResponse Json(int status, string body) =>
        new(status, null, "application/json", Encoding.UTF8.GetBytes(body));
}
