using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Verifik;

/// <summary>The documented Verifik calls, each a request built, sent through the session's client and mapped.</summary>
internal static class VerifikApi
{
    private const string EmailLoginPath = "v2/projects/email-login";
    private const string PhoneLoginPath = "v2/projects/phone-login";
    private const string ConfirmSuffix = "/confirm";
    private const string RefreshPath = "v2/auth/session";
    private const string RenewAndRevokePath = "v2/auth/renew-and-revoke";

    public static async Task<VerifikOtpRequest> RequestOtpAsync(
        VerifikSession session, Uri baseUri, SignInSubject subject, Action<string>? verbose, CancellationToken cancellationToken)
    {
        var path = subject.IsEmail ? EmailLoginPath : PhoneLoginPath;
        var what = "POST /" + path;
        verbose?.Invoke($"Asking Verifik at {baseUri.Host} to send a one-time code to {subject.Masked}{(subject.IsEmail ? string.Empty : " by " + subject.Channel)}");

        // Email takes the address in the query, as documented; phone takes a JSON body. The language goes with each.
        var language = subject.Language is null ? string.Empty : "&language=" + Uri.EscapeDataString(subject.Language);
        var uri = subject.IsEmail
            ? BaseUriResolver.Endpoint(baseUri, path, "email=" + Uri.EscapeDataString(subject.Email!) + language)
            : BaseUriResolver.Endpoint(baseUri, path);
        var body = subject.IsEmail ? null : Json.Object(writer =>
        {
            writer.WriteString("countryCode", subject.CountryCode);
            writer.WriteString("phone", subject.Phone);
            writer.WriteString("type", "login");
            writer.WriteString("phoneGateway", subject.Gateway);
            if (subject.Language is not null)
            {
                writer.WriteString("language", subject.Language);
            }
        });
        var call = new Call(session, baseUri, HttpMethod.Post, uri, what, ApiOperation.RequestOtp, subject.Display) { Body = body, Passes = ResponseMapper.IsRecentlySent };
        var response = await SendAsync(call, verbose, cancellationToken).ConfigureAwait(false);
        VerifikOtpRequest request;
        if (response.IsSuccess)
        {
            request = ResponseMapper.ToOtpRequest(response, what);
        }
        else if (response.EarlierAttemptMayHaveBeenHandled)
        {
            // The attempt that got the 502/503 reached Verifik and sent the code; the retry only met its cooldown.
            verbose?.Invoke($"{what} answered otp_recently_sent to a retry after {string.Join(", ", response.EarlierStatuses)}: the first attempt sent the code, so that is the one to confirm");
            request = new VerifikOtpRequest { Status = "sent", ExpiresAt = DateTimeOffset.UtcNow + ResponseMapper.CodeLifetime };
        }
        else
        {
            throw ResponseMapper.RecentlySent(response, subject.Display, session.LastCodeSentAt(subject), DateTimeOffset.UtcNow, session.CodeWasUsed(subject));
        }

        session.RememberCodeSent(subject, DateTimeOffset.UtcNow);
        // What the user asked for, not Verifik's echo of it: confirming goes by these, so they must be the same.
        request.Subject = subject;
        request.Email = subject.Email;
        request.CountryCode = subject.CountryCode;
        request.Phone = subject.Phone;
        request.Gateway = subject.Gateway;
        request.BaseUri = baseUri;
        request.Session = session;
        session.RememberEmail(subject.Email);

        return request;
    }

    public static async Task<VerifikToken> ConfirmOtpAsync(
        VerifikSession session,
        Uri baseUri,
        SignInSubject subject,
        string otp,
        string? authenticatorOtp,
        Action<string>? verbose,
        CancellationToken cancellationToken)
    {
        var path = (subject.IsEmail ? EmailLoginPath : PhoneLoginPath) + ConfirmSuffix;
        var what = "POST /" + path;
        verbose?.Invoke($"Confirming the one-time code for {subject.Masked}{(authenticatorOtp is null ? string.Empty : " with an authenticator-app code")}");
        var body = Json.Object(writer =>
        {
            if (subject.IsEmail)
            {
                writer.WriteString("email", subject.Email);
            }
            else
            {
                writer.WriteString("countryCode", subject.CountryCode);
                writer.WriteString("phone", subject.Phone);
            }

            writer.WriteString("otp", otp);
            if (authenticatorOtp is not null)
            {
                writer.WriteString("authenticatorOTP", authenticatorOtp);
            }
        });
        var call = new Call(session, baseUri, HttpMethod.Post, BaseUriResolver.Endpoint(baseUri, path), what, ApiOperation.ConfirmOtp, subject.Display)
        {
            Body = body,
            Secrets = [otp, authenticatorOtp],
        };
        var response = await SendAsync(call, verbose, cancellationToken).ConfigureAwait(false);

        var token = AdoptServerToken(ResponseMapper.ToAccessToken(response, what, wrappedInData: true, otp, authenticatorOtp), subject, what, baseUri);
        session.RememberEmail(subject.Email);
        session.RememberCodeUsed(subject);
        session.SetToken(token);
        return token;
    }

    /// <summary>Exchanges the current, still valid token for a fresh one without a new code, and the session's token with it.</summary>
    public static async Task<VerifikToken> RefreshTokenAsync(
        VerifikSession session, Uri baseUri, VerifikToken current, int expiresInMonths, Action<string>? verbose, CancellationToken cancellationToken)
    {
        var renewed = await RenewAsync(session, baseUri, current, expiresInMonths, verbose, cancellationToken).ConfigureAwait(false);
        return session.ReplaceToken(current, renewed) ? renewed : session.RequireToken();
    }

    /// <summary>
    /// The renewal alone, leaving the session's token as it is: the saved sign-in's shared renewal may renew the
    /// file's token rather than the session's, and decides itself what the session holds afterwards.
    /// </summary>
    public static async Task<VerifikToken> RenewAsync(
        VerifikSession session, Uri baseUri, VerifikToken current, int expiresInMonths, Action<string>? verbose, CancellationToken cancellationToken)
    {
        const string what = "GET /" + RefreshPath;
        verbose?.Invoke($"Renewing the token for {VerifikSession.MaskedWho(current)} for {expiresInMonths} month(s)");
        var uri = BaseUriResolver.Endpoint(
            baseUri, RefreshPath, "origin=refresh&expiresIn=" + expiresInMonths.ToString(CultureInfo.InvariantCulture));
        var call = new Call(session, baseUri, HttpMethod.Get, uri, what, ApiOperation.RefreshToken, VerifikSession.MaskedWho(current)) { Token = current };
        var response = await SendAsync(call, verbose, cancellationToken).ConfigureAwait(false);

        // The renewed token keeps its issuer: a host named for this one call does not become where it goes from now on.
        var renewed = AdoptServerToken(ResponseMapper.ToAccessToken(response, what, wrappedInData: false), current.Subject, what, current.IssuedBy ?? baseUri);
        return IsRenewalOf(renewed, current) ? renewed : throw new VerifikException(
            VerifikErrorKind.InvalidResponse,
            $"Verifik answered {what} with a token of another account, or one that runs out sooner than the current token, so the current token for {VerifikSession.Who(current)} is kept (valid until {current.ExpiresOn:u}).");
    }

    /// <summary>
    /// A renewal gives the same account a token that lasts at least as long: anything else (a token of another
    /// client, a shorter one) would switch account or shorten the sign-in for every shell that shares it.
    /// </summary>
    private static bool IsRenewalOf(VerifikToken renewed, VerifikToken current) =>
        string.Equals(renewed.ClientId, current.ClientId, StringComparison.Ordinal) && renewed.ExpiresOn >= current.ExpiresOn;

    /// <summary>
    /// Exchanges the current token for a fresh one and makes Verifik revoke every other token of the account,
    /// teammates' and runbooks' included. The answer is not wrapped in data and names the JWT "token".
    /// </summary>
    public static async Task<VerifikToken> RenewAndRevokeAsync(
        VerifikSession session, Uri baseUri, VerifikToken current, Action<string>? verbose, CancellationToken cancellationToken)
    {
        const string what = "POST /" + RenewAndRevokePath;
        verbose?.Invoke($"Renewing the token for {VerifikSession.MaskedWho(current)} and revoking every other token of the account");
        var call = new Call(session, baseUri, HttpMethod.Post, BaseUriResolver.Endpoint(baseUri, RenewAndRevokePath), what, ApiOperation.RefreshToken, VerifikSession.MaskedWho(current))
        {
            Body = Json.Object(_ => { }),
            Token = current,
        };
        var response = await SendAsync(call, verbose, cancellationToken).ConfigureAwait(false);

        var renewed = AdoptServerToken(ResponseMapper.ToAccessToken(response, what, wrappedInData: false), current.Subject, what, current.IssuedBy ?? baseUri);
        // Every other token, including one another thread may have put in the session meanwhile, no longer works.
        session.SetToken(renewed);
        return renewed;
    }

    /// <summary>Any Verifik endpoint with the session's token; returns the parsed body (null when empty) after mapping errors.</summary>
    /// <param name="headers">Extra headers, checked when they were built.</param>
    /// <param name="answered">
    /// Told the final answer's status and headers (cleaned, credentials replaced) whenever an answer arrives, an
    /// error's included, before the body is read or mapped.
    /// </param>
    public static async Task<JsonDocument?> InvokeAsync(
        VerifikSession session,
        Uri baseUri,
        HttpMethod method,
        string pathAndQuery,
        byte[]? jsonBody,
        VerifikToken token,
        Action<string>? verbose,
        CancellationToken cancellationToken,
        RequestHeaders? headers = null,
        Action<int, IReadOnlyDictionary<string, string[]>>? answered = null)
    {
        var queryAt = pathAndQuery.IndexOf('?');
        var path = queryAt < 0 ? pathAndQuery : pathAndQuery.Substring(0, queryAt);
        var query = queryAt < 0 ? null : pathAndQuery.Substring(queryAt + 1);
        var uri = BaseUriResolver.Endpoint(baseUri, path, query);
        var what = $"{method} {uri.AbsolutePath}";
        var call = new Call(session, baseUri, method, uri, what, ApiOperation.Other, null) { Body = jsonBody, Token = token, Headers = headers, Answered = answered };
        var response = await SendAsync(call, verbose, cancellationToken).ConfigureAwait(false);

        // 204 No Content, or any success without a body, has nothing to return.
        return response.Body.Length == 0 ? null : ResponseMapper.ParseAny(response, what);
    }

    /// <summary>A token from the server that is not a readable JWT is the server's fault, not the user's.</summary>
    private static VerifikToken AdoptServerToken(string jwt, SignInSubject? subject, string what, Uri issuedBy)
    {
        try
        {
            return VerifikToken.FromJwt(jwt, subject, DateTimeOffset.UtcNow, issuedBy);
        }
        catch (VerifikException ex) when (ex.Kind == VerifikErrorKind.InvalidToken)
        {
            throw new VerifikException(
                VerifikErrorKind.InvalidResponse,
                $"Verifik's answer to {what} carried an accessToken that is not a readable JWT. Check the base URI points at the Verifik API.",
                innerException: ex);
        }
    }

    /// <summary>One request to Verifik: where it goes, what it carries, and how its failure is named.</summary>
    /// <param name="BaseUri">The base URI the call was made under, which redirects must stay under too.</param>
    /// <param name="Subject">Who the call is about, masked or as typed, for the error message; null when nobody is.</param>
    private sealed record Call(VerifikSession Session, Uri BaseUri, HttpMethod Method, Uri Uri, string What, ApiOperation Operation, string? Subject)
    {
        public byte[]? Body { get; init; }

        public RequestHeaders? Headers { get; init; }

        /// <summary>Told the status and headers of the answer before it is mapped.</summary>
        public Action<int, IReadOnlyDictionary<string, string[]>>? Answered { get; init; }

        /// <summary>The token the call carries; its value is also kept out of any error text.</summary>
        public VerifikToken? Token { get; init; }

        /// <summary>Codes the call carries, kept out of any error text.</summary>
        public string?[] Secrets { get; init; } = [];

        /// <summary>A failed answer the caller maps itself instead of having it thrown.</summary>
        public Func<ApiResponse, bool>? Passes { get; init; }
    }

    /// <summary>
    /// Sends the call through the session's client and returns a successful answer (or one the call lets pass); any
    /// other answer is thrown as the error it maps to. A 401 to a call with a token means Verifik no longer takes it,
    /// so the session stops saying it is connected.
    /// </summary>
    private static async Task<ApiResponse> SendAsync(Call call, Action<string>? verbose, CancellationToken cancellationToken)
    {
        var response = await call.Session.Client
            .SendAsync(call.Method, call.Uri, call.Body, call.Token?.AuthorizationHeaderValue, verbose, cancellationToken, call.BaseUri, call.Headers, readAnswerHeaders: call.Answered is not null)
            .ConfigureAwait(false);
        call.Answered?.Invoke(response.StatusCode, response.Headers);
        if (response.IsSuccess || call.Passes?.Invoke(response) == true)
        {
            return response;
        }

        var secrets = call.Token is null ? call.Secrets : [.. call.Secrets, call.Token.Reveal()];
        var error = ResponseMapper.ToError(response, call.Operation, call.What, call.Subject, secrets);
        if (call.Token is not null && error.Kind == VerifikErrorKind.Unauthorized)
        {
            call.Session.MarkRefused(call.Token);
        }

        throw error;
    }
}
