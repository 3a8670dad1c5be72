using System;
using System.Text;
using Xunit;

namespace Verifik.Tests.Core;

/// <summary>How answers become objects and errors, for the shapes ResponseMapperTests does not walk through.</summary>
public sealed class ResponseMapperRules
{
    private const string What = "POST /v2/projects/phone-login";

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

    [Theory]
    [InlineData("""{"data":{"requires2FA":true}}""")]
    [InlineData("""{"data":{"message":"authenticator_otp_required"}}""")]
    public void A_confirmation_without_a_token_asks_for_the_second_factor_on_either_sign(string body)
    {
        var error = Assert.Throws<VerifikException>(() => ResponseMapper.ToAccessToken(Json(200, body), What, wrappedInData: true));

        Assert.Equal(VerifikErrorKind.AuthenticatorOtpRequired, error.Kind);
        Assert.Equal(200, error.StatusCode);
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

    [Fact]
    public void A_token_under_the_name_token_is_read_too()
    {
        Assert.Equal("a.b.c", ResponseMapper.ToAccessToken(Json(200, """{"token":"a.b.c"}"""), What, wrappedInData: false));
        Assert.Equal("a.b.c", ResponseMapper.ToAccessToken(Json(200, """{"data":{"token":"a.b.c"}}"""), What, wrappedInData: true));
    }

    [Fact]
    public void A_renewal_answer_that_is_not_an_object_is_invalid()
    {
        var error = Assert.Throws<VerifikException>(() => ResponseMapper.ToAccessToken(Json(200, "\"a.b.c\""), What, wrappedInData: false));

        Assert.Equal(VerifikErrorKind.InvalidResponse, error.Kind);
    }

    [Fact]
    public void Text_that_is_not_valid_Unicode_is_an_invalid_answer_found_before_anything_reads_it()
    {
        var error = Assert.Throws<VerifikException>(() => ResponseMapper.ParseAny(Json(200, """{"data":[{"x":"\uD800"}]}"""), What));

        Assert.Equal(VerifikErrorKind.InvalidResponse, error.Kind);
        Assert.Contains("not valid Unicode", error.Message);
    }

    [Fact]
    public void An_error_with_only_an_error_field_uses_it_as_code_and_message_and_reads_numbers_as_text()
    {
        var onlyError = ResponseMapper.ToError(Json(418, """{"error":"Teapot"}"""), ApiOperation.Other, What, null);
        var numeric = ResponseMapper.ToError(Json(418, """{"code":42,"message":true}"""), ApiOperation.Other, What, null);
        var nested = ResponseMapper.ToError(Json(418, """{"code":{"x":1},"message":["no"]}"""), ApiOperation.Other, What, null);

        Assert.Equal(("Teapot", "Teapot"), (onlyError.ApiCode, onlyError.ApiMessage));
        Assert.Equal(("42", "true"), (numeric.ApiCode, numeric.ApiMessage));
        Assert.Equal((null, null), (nested.ApiCode, nested.ApiMessage));
        Assert.Contains("a body that is not Verifik's JSON", nested.Message);
    }

    [Fact]
    public void An_unmapped_error_says_status_reason_what_Verifik_said_and_how_many_attempts_it_took()
    {
        var response = new ApiResponse(503, "Service Unavailable", "application/json", Encoding.UTF8.GetBytes("""{"code":"Busy","message":"try\r\nlater"}"""), attempts: 3);

        var error = ResponseMapper.ToError(response, ApiOperation.RequestOtp, What, "+57 3001234567");

        Assert.Equal(VerifikErrorKind.ApiError, error.Kind);
        Assert.Contains($"Verifik answered {What} with 503 Service Unavailable: Busy: try later, after 3 attempts. The service or a proxy in between failed", error.Message);
    }

    [Theory]
    [InlineData(400, "", "and an empty body. Verifik refused the request")]
    [InlineData(429, "", "and an empty body. Verifik is limiting")]
    [InlineData(500, "oops", "a body that is not Verifik's JSON (application/json, 4 bytes)")]
    [InlineData(502, "[1]", "a body that is not Verifik's JSON (application/json, 3 bytes). The service or a proxy")]
    public void An_error_without_Verifik_s_JSON_describes_the_body_and_the_next_step(int status, string body, string expected)
    {
        var error = ResponseMapper.ToError(Json(status, body), ApiOperation.Other, What, null);

        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain("after 1 attempts", error.Message);
    }

    [Fact]
    public void A_missing_parameter_error_is_on_one_line()
    {
        var error = ResponseMapper.ToError(Json(409, """{"code":"MissingParameter","message":"missing phone\n"}"""), ApiOperation.RequestOtp, What, "+57 3001234567");

        Assert.Equal(VerifikErrorKind.MissingParameter, error.Kind);
        Assert.Contains("(409 missing phone)", error.Message);
    }

    [Fact]
    public void No_account_for_a_phone_number_is_InvalidPhone_and_for_an_address_InvalidEmail()
    {
        var phone = ResponseMapper.ToError(Json(404, """{"code":"NotFound","message":"invalid_phone"}"""), ApiOperation.RequestOtp, What, "+57 3001234567");
        var email = ResponseMapper.ToError(Json(404, """{"code":"NotFound","message":"invalid_email"}"""), ApiOperation.RequestOtp, What, "ana@example.com");
        var unknown = ResponseMapper.ToError(Json(404, """{"code":"NotFound","message":"invalid_email"}"""), ApiOperation.RequestOtp, What, null);

        Assert.Equal(VerifikErrorKind.InvalidPhone, phone.Kind);
        Assert.Contains("phone number +57 3001234567", phone.Message);
        Assert.Equal(VerifikErrorKind.InvalidEmail, email.Kind);
        Assert.Contains("this account", unknown.Message);
    }

    [Fact]
    public void A_renewal_answer_s_own_accessToken_wins_over_one_inside_data()
    {
        Assert.Equal("a.b.c", ResponseMapper.ToAccessToken(Json(200, """{"accessToken":"a.b.c","data":{"accessToken":"x.y.z"}}"""), What, wrappedInData: false));
        Assert.Equal("x.y.z", ResponseMapper.ToAccessToken(Json(200, """{"data":{"accessToken":"x.y.z"}}"""), What, wrappedInData: false));
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

    [Theory]
    [InlineData(199, false)]
    [InlineData(200, true)]
    [InlineData(299, true)]
    [InlineData(300, false)]
    public void Only_a_2xx_status_is_a_success(int status, bool expected)
    {
        Assert.Equal(expected, Json(status, "{}").IsSuccess);
    }

    private static ApiResponse Json(int status, string body) =>
        new(status, null, "application/json", Encoding.UTF8.GetBytes(body));
}
