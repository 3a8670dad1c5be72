using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace Verifik;

/// <summary>
/// Verifik's error answers, mapped by status, the call and Verifik's own code/message values (such as
/// otp_recently_sent). Never by English words: Verifik localises its messages.
/// </summary>
internal static partial class ResponseMapper
{
    /// <summary>How long Verifik waits before it sends another code to the same address or number (documented as about 2 minutes).</summary>
    internal static readonly TimeSpan CodeCooldown = TimeSpan.FromMinutes(2);

    /// <summary>How long a code stays valid after it is sent (10 minutes, documented).</summary>
    internal static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Maps a non-success answer. Everything the server said goes through ServerText, which also removes
    /// <paramref name="secrets"/> in case the server echoes them.
    /// </summary>
    public static VerifikException ToError(ApiResponse response, ApiOperation operation, string what, string? subject, params string?[] secrets)
    {
        var (apiCode, apiMessage) = ReadErrorBody(response, secrets);
        var reasonPhrase = ServerText.Clean(response.ReasonPhrase, secrets);
        var status = response.StatusCode;
        var said = apiMessage is null ? $"{status}" : $"{status} {apiMessage}";
        var who = subject ?? "this account";
        var isEmail = subject?.Contains("@") == true;

        VerifikException Error(VerifikErrorKind kind, string message) => new(kind, message, status, apiCode, apiMessage);
        bool Says(string value) => Answers(apiCode, apiMessage).Any(answer => string.Equals(answer, value, StringComparison.OrdinalIgnoreCase));

        var isAuthenticatorMessage = apiMessage?.IndexOf("authenticator", StringComparison.OrdinalIgnoreCase) >= 0;
        return (status, operation) switch
        {
            (409, _) when Says(VerifikAnswers.OtpRecentlySent) => RecentlySent(response, who, null, DateTimeOffset.UtcNow, apiCode, apiMessage),
            (409, _) when Says(VerifikAnswers.OtpNotSent) => Error(VerifikErrorKind.OtpNotSent,
                $"Verifik could not deliver the code to {who} ({said}): its message provider refused it.{OtherChannel(isEmail)}"),
            (409, _) when Says(VerifikAnswers.OtpSendFailed) => Error(VerifikErrorKind.OtpNotSent,
                $"The code for {who} was never delivered ({said}), so there is nothing to confirm.{OtherChannel(isEmail)}"),
            (409, ApiOperation.ConfirmOtp) when Answers(apiCode, apiMessage).Any(VerifikAnswers.IsAlreadyValidated) => Error(VerifikErrorKind.OtpNotFound,
                $"That code for {who} was already used ({said}); each code signs in once."),
            (409, _) when Says(VerifikAnswers.MissingParameter) => Error(VerifikErrorKind.MissingParameter,
                $"Verifik says a parameter is missing from {what} ({said})."),
            (403, _) when Says(VerifikAnswers.InsufficientCredits) => Error(VerifikErrorKind.InsufficientCredits,
                $"Verifik did not send a code to {who} ({said}): the account's prepaid credits cannot pay for an SMS or WhatsApp message."),
            (404, ApiOperation.RequestOtp) when isEmail => Error(VerifikErrorKind.InvalidEmail,
                $"Verifik has no account for {who} ({said})."),
            (404, ApiOperation.RequestOtp) => Error(VerifikErrorKind.InvalidPhone,
                $"Verifik has no account for the phone number {who} ({said})."),
            (400, ApiOperation.RequestOtp) when isEmail => Error(VerifikErrorKind.InvalidEmail,
                $"Verifik did not accept the address {who} ({said}): it takes one plain address, such as ana@example.com."),
            (400, ApiOperation.RequestOtp) => Error(VerifikErrorKind.InvalidPhone,
                $"Verifik did not accept the phone number {who} ({said}): it takes the national number in -Phone and the country code, such as +57, in -CountryCode."),
            (404, ApiOperation.ConfirmOtp) => Error(VerifikErrorKind.OtpNotFound,
                $"No code is waiting to be confirmed for {who} ({said}); each code can be used once."),
            (412, ApiOperation.ConfirmOtp) => Error(VerifikErrorKind.OtpExpired,
                $"The code for {who} has expired ({said}); codes are valid for {CodeLifetime.TotalMinutes:0} minutes."),
            (400 or 403, ApiOperation.ConfirmOtp) when isAuthenticatorMessage => Error(VerifikErrorKind.InvalidAuthenticatorOtp,
                $"Verifik rejected the authenticator-app code for {who} ({said})."),
            // The login page documents 400 invalid_otp, the validation endpoints 403 otp_does_not_match: both are a wrong code.
            (400 or 403, ApiOperation.ConfirmOtp) when status == 400 || Says(VerifikAnswers.OtpDoesNotMatch) => Error(VerifikErrorKind.InvalidOtp,
                $"Verifik rejected the code for {who} ({said})."),
            (401, _) => Error(VerifikErrorKind.Unauthorized,
                $"Verifik refused the token for {what} ({said}), and a refused token cannot be renewed."),
            _ => Error(VerifikErrorKind.ApiError,
                $"Verifik answered {what} with {status} {reasonPhrase}{Describe(apiCode, apiMessage, response)}{(response.Attempts > 1 ? $", after {response.Attempts} attempts" : string.Empty)}. {NextStep(status)}"),
        };
    }

    /// <summary>Whether Verifik refused to send a code because one went out moments ago (409 otp_recently_sent).</summary>
    public static bool IsRecentlySent(ApiResponse response)
    {
        if (response.StatusCode != 409)
        {
            return false;
        }

        var (apiCode, apiMessage) = ReadErrorBody(response);
        return Answers(apiCode, apiMessage).Any(answer => string.Equals(answer, VerifikAnswers.OtpRecentlySent, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The cooldown error: the code already sent is the one to use. <paramref name="lastSentAt"/> is when this session
    /// last had a code sent to <paramref name="who"/>, which makes the times exact; without it they are Verifik's bounds.
    /// </summary>
    /// <param name="used">Whether that code was already confirmed, so it is no longer one to confirm.</param>
    public static VerifikException RecentlySent(ApiResponse response, string who, DateTimeOffset? lastSentAt, DateTimeOffset now, bool used = false)
    {
        var (apiCode, apiMessage) = ReadErrorBody(response);
        return RecentlySent(response, who, lastSentAt, now, apiCode, apiMessage, used);
    }

    private static VerifikException RecentlySent(ApiResponse response, string who, DateTimeOffset? lastSentAt, DateTimeOffset now, string? apiCode, string? apiMessage, bool used = false)
    {
        // Only an answer that says otp_recently_sent comes here, so it has a message (ReadErrorBody falls back to the code).
        var said = $"{response.StatusCode} {apiMessage}";
        // A wait longer than a code lives is no cooldown, and a time of day alone could not say which day it means.
        var newCodeAt = response.RetryAfter is { } wait && wait <= CodeLifetime ? now + wait : lastSentAt + CodeCooldown;
        var validity = lastSentAt is { } usedAt && used
            ? $"The code sent at {Clock(usedAt)} was already used"
            : lastSentAt is { } sentAt && sentAt + CodeLifetime > now
            ? $"The code sent at {Clock(sentAt)} is still valid for {Math.Ceiling((sentAt + CodeLifetime - now).TotalMinutes):0} minute(s), until {Clock(sentAt + CodeLifetime)}"
            : $"The code already sent stays valid for {CodeLifetime.TotalMinutes:0} minutes after it was sent";
        var next = newCodeAt is { } at && at > now
            ? $"a new one can be asked for from {Clock(at)}"
            : $"a new one can be asked for about {CodeCooldown.TotalMinutes:0} minutes after the last";
        return new VerifikException(
            VerifikErrorKind.OtpRecentlySent,
            $"Verifik sent a code to {who} moments ago and will not send another yet ({said}). {validity}; {next}.",
            response.StatusCode,
            apiCode,
            apiMessage);
    }

    private static string Clock(DateTimeOffset instant) => instant.ToUniversalTime().ToString("HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>For email, what to check first; for a phone the next step (the other gateway) is the table's.</summary>
    private static string OtherChannel(bool isEmail) => isEmail ? " Check that the address can receive mail." : string.Empty;

    /// <summary>
    /// Verifik's machine-readable values in an error body: the code and the message, without the "412:" status prefix
    /// some answers carry or the trailing newline of others.
    /// </summary>
    private static string[] Answers(string? apiCode, string? apiMessage) =>
        new[] { apiCode, apiMessage }
            .Where(value => value is not null)
            .Select(value => StripStatus(value!.Trim()))
            .ToArray();

    private static string StripStatus(string value) =>
        value.Length > 4 && value[3] == ':' && value.Take(3).All(char.IsDigit) ? value.Substring(4).Trim() : value;

    private static string NextStep(int status) => status switch
    {
        429 => "Verifik is limiting how many requests it takes.",
        >= 500 => "The service or a proxy in between failed.",
        _ => "Verifik refused the request as it was sent.",
    };

    private static string Describe(string? apiCode, string? apiMessage, ApiResponse response)
    {
        if (apiCode is null && apiMessage is null)
        {
            return response.Body.Length == 0
                ? " and an empty body"
                : $" and a body that is not Verifik's JSON ({response.MediaType ?? "no content type"}, {response.Body.Length} bytes)";
        }

        // Never a code without a message: ReadErrorBody makes the code the message then.
        return $": {apiCode ?? "no code"}: {apiMessage}";
    }

    /// <summary>Verifik's code and message, through the gate every server-supplied text passes.</summary>
    private static (string? Code, string? Message) ReadErrorBody(ApiResponse response, params string?[] secrets)
    {
        try
        {
            using var document = JsonDocument.Parse(response.Body);
            var root = document.RootElement;
            // Stryker disable once Block : equivalent: reading a scalar of a non-object throws InvalidOperationException, caught below as (null, null).
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            var code = ReadScalar(root, "code");
            var error = ReadScalar(root, "error");
            var message = ReadScalar(root, "message") ?? error ?? code;
            return (ServerText.Clean(code ?? error, secrets), ServerText.Clean(message, secrets));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        // Stryker disable once Block : equivalent: an emptied block answers the tuple's default, which is (null, null).
        {
            return (null, null);
        }
    }
}
