using System;
using System.Linq;
using System.Text;
using CsCheck;
using Xunit;

namespace Verifik.Tests.Properties;

/// <summary>
/// ResponseMapper reads bodies from the network, so every body is possible. Mapping a success either yields the
/// object or raises a VerifikException; mapping an error never raises at all, and never repeats a secret.
/// </summary>
public sealed class ResponseMapperProperties
{
    private const long Iterations = 2_000;
    private const string What = "POST /v2/projects/email-login/confirm";
    private const string Email = "ana@example.com";

    private static readonly ApiOperation[] Operations = Enum.GetValues<ApiOperation>();

    /// <summary>
    /// A status, an operation, the secrets as the callers pass them (the code, and an authenticator code or null)
    /// and a body under 1000 bytes that echoes one of them, in a known error shape or spliced into any answer.
    /// </summary>
    private static readonly Gen<(int, ApiOperation, string?[], string)> SecretCase =
        Gen.Select(Generators.Secret, Generators.Secret, Gen.Bool, Gen.Bool).SelectMany((otp, second, hasSecond, echoSecond) =>
        {
            var secrets = new[] { otp, hasSecond ? second : null };
            var echoed = hasSecond && echoSecond ? second : otp;
            var spliced = Gen.Select(Generators.WellFormed.AnswerShaped, Gen.Double.Unit, (json, at) => SpliceAfterAQuote(json, at, echoed));
            var body = Gen.Frequency((2, (IGen<string>)Generators.ErrorBodyEchoing(echoed)), (1, spliced))
                .Where(text => Encoding.UTF8.GetByteCount(text) < 1000);
            return Gen.Select(Gen.Int[100, 599], Gen.OneOf(Operations), body, (status, operation, text) => (status, operation, secrets, text));
        });

    [Fact]
    public void ToOtpRequest_maps_any_body_or_raises_InvalidResponse() => OtpRequest(Generators.All);

    [Fact]
    public void ToAccessToken_maps_any_body_or_raises_a_VerifikException() => AccessToken(Generators.All);

    [Fact]
    public void ToError_never_raises_for_any_status_operation_and_body() => Error(Generators.All);

    [Fact]
    public void ToError_message_is_one_line_for_any_status_operation_and_body() =>
        Gen.Select(Gen.Int[100, 599], Gen.OneOf(Operations), Generators.All.Body).Sample(
            (status, operation, body) =>
                Assert.DoesNotContain("\n", ResponseMapper.ToError(new ApiResponse(status, null, null, body), operation, What, Email).Message),
            iter: Iterations,
            print: t => $"{t.Item1} {t.Item2} \"{Encoding.UTF8.GetString(t.Item3)}\"");

    [Fact]
    public void ToError_never_repeats_a_secret_it_was_given() =>
        SecretCase.Sample(
            (status, operation, secrets, body) =>
            {
                var error = MapError(status, operation, secrets, body);

                foreach (var secret in secrets.OfType<string>())
                {
                    Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
                    Assert.DoesNotContain(secret, error.ApiMessage ?? string.Empty, StringComparison.Ordinal);
                    Assert.DoesNotContain(secret, error.ApiCode ?? string.Empty, StringComparison.Ordinal);
                }
            },
            iter: Iterations);

    private static void OtpRequest(Generators generators) =>
        Success(generators).Sample(
            response =>
            {
                try
                {
                    Assert.NotNull(ResponseMapper.ToOtpRequest(response, What));
                }
                catch (VerifikException ex)
                {
                    Assert.Equal(VerifikErrorKind.InvalidResponse, ex.Kind);
                }
            },
            iter: Iterations,
            print: Print);

    private static void AccessToken(Generators generators) =>
        Gen.Select(Success(generators), Gen.Bool).Sample(
            (response, wrappedInData) =>
            {
                try
                {
                    Assert.False(string.IsNullOrEmpty(ResponseMapper.ToAccessToken(response, What, wrappedInData)));
                }
                catch (VerifikException ex)
                {
                    Assert.Contains(ex.Kind, new[] { VerifikErrorKind.InvalidResponse, VerifikErrorKind.AuthenticatorOtpRequired });
                }
            },
            iter: Iterations,
            print: t => Print(t.Item1) + $" wrappedInData={t.Item2}");

    private static void Error(Generators generators) =>
        Gen.Select(Gen.Int[100, 599], Gen.OneOf(Operations), Generators.MediaType, generators.Body).Sample(
            (status, operation, mediaType, body) =>
            {
                var error = ResponseMapper.ToError(new ApiResponse(status, null, mediaType, body), operation, What, Email);

                Assert.Equal(status, error.StatusCode);
                Assert.NotEmpty(error.Message);
            },
            iter: Iterations,
            print: t => $"{t.Item1} {t.Item2} {t.Item3} \"{Encoding.UTF8.GetString(t.Item4)}\"");

    private static Gen<ApiResponse> Success(Generators generators) => Gen.Select(
        Gen.OneOf(200, 201, 204), Generators.MediaType, generators.Body,
        (status, mediaType, body) => new ApiResponse(status, "OK", mediaType, body));

    private static VerifikException MapError(int status, ApiOperation operation, string?[] secrets, string body) =>
        ResponseMapper.ToError(
            new ApiResponse(status, "Bad Request", "application/json", Encoding.UTF8.GetBytes(body)), operation, What, Email, secrets);

    /// <summary>
    /// Puts the text right after a quote: at the start of a string, or after one (breaking the JSON, which is
    /// fine too). Anywhere else it could land inside an escape, splitting a surrogate pair into invalid Unicode.
    /// </summary>
    private static string SpliceAfterAQuote(string json, double at, string text)
    {
        var quotes = Enumerable.Range(0, json.Length).Where(i => json[i] == '"').ToArray();
        var position = quotes.Length == 0 ? (int)(at * json.Length) : quotes[(int)(at * quotes.Length)] + 1;
        return json.Insert(position, text);
    }

    private static string Print(ApiResponse response) =>
        $"{response.StatusCode} {response.MediaType} \"{Encoding.UTF8.GetString(response.Body)}\" [{Convert.ToHexString(response.Body)}]";
}
