using System;
using System.IO;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Verifik;

/// <summary>The documented Verifik calls, each a request built, sent through the session's client and mapped.</summary>
internal static class VerifikApi
{
    private const string EmailLoginPath = "v2/projects/email-login";
    private const string EmailConfirmPath = "v2/projects/email-login/confirm";

    public static async Task<VerifikOtpRequest> RequestEmailOtpAsync(
        VerifikSession session, Uri baseUri, string email, Action<string>? verbose, CancellationToken cancellationToken)
    {
        const string what = "POST /" + EmailLoginPath;
        verbose?.Invoke($"Asking Verifik at {baseUri.Host} to send a one-time code to {InputRules.MaskEmail(email)}");
        var uri = BaseUriResolver.Endpoint(baseUri, EmailLoginPath, "email=" + Uri.EscapeDataString(email));
        var response = await session.Client.SendAsync(HttpMethod.Post, uri, null, null, verbose, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccess)
        {
            throw ResponseMapper.ToError(response, ApiOperation.RequestOtp, what, email);
        }

        var request = ResponseMapper.ToOtpRequest(response, what);
        request.Email ??= email;
        request.BaseUri = baseUri;
        request.Session = session;
        session.Email = email;
        return request;
    }

    public static async Task<VerifikToken> ConfirmEmailOtpAsync(
        VerifikSession session,
        Uri baseUri,
        string email,
        string otp,
        string? authenticatorOtp,
        Action<string>? verbose,
        CancellationToken cancellationToken)
    {
        const string what = "POST /" + EmailConfirmPath;
        verbose?.Invoke($"Confirming the one-time code for {InputRules.MaskEmail(email)}{(authenticatorOtp is null ? string.Empty : " with an authenticator-app code")}");
        var body = Json(writer =>
        {
            writer.WriteString("email", email);
            writer.WriteString("otp", otp);
            if (authenticatorOtp is not null)
            {
                writer.WriteString("authenticatorOTP", authenticatorOtp);
            }
        });
        var uri = BaseUriResolver.Endpoint(baseUri, EmailConfirmPath);
        var response = await session.Client.SendAsync(HttpMethod.Post, uri, body, null, verbose, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccess)
        {
            throw ResponseMapper.ToError(response, ApiOperation.ConfirmOtp, what, email, otp, authenticatorOtp);
        }

        var token = AdoptServerToken(ResponseMapper.ToAccessToken(response, what, wrappedInData: true), email, what);
        session.Email = email;
        session.SetToken(token);
        return token;
    }

    /// <summary>A token from the server that is not a readable JWT is the server's fault, not the user's.</summary>
    private static VerifikToken AdoptServerToken(string jwt, string? email, string what)
    {
        try
        {
            return VerifikToken.FromJwt(jwt, email, DateTimeOffset.UtcNow);
        }
        catch (VerifikException ex) when (ex.Kind == VerifikErrorKind.InvalidToken)
        {
            throw new VerifikException(
                VerifikErrorKind.InvalidResponse,
                $"Verifik's answer to {what} carried an accessToken that is not a readable JWT. Check the base URI points at the Verifik API.",
                innerException: ex);
        }
    }

    private static byte[] Json(Action<Utf8JsonWriter> writeProperties)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }
}
