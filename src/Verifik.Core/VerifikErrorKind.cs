using System.Collections.Generic;
using System.Linq;

namespace Verifik;

/// <summary>
/// Everything that can go wrong, one value per thing a user would react to differently.
/// The PowerShell ErrorId is "Verifik." followed by the name, so the names are a public contract.
/// Each value has its row in <see cref="VerifikErrors"/>.
/// </summary>
public enum VerifikErrorKind
{
    InvalidEmail,
    InvalidPhone,
    InvalidOtp,
    OtpExpired,
    OtpNotFound,
    AuthenticatorOtpRequired,
    InvalidAuthenticatorOtp,
    MissingParameter,
    NotConnected,
    TokenExpired,
    TokenExpiring,
    InvalidToken,
    Unauthorized,
    ApiError,
    InvalidResponse,
    ConnectionFailed,
    Timeout,
    InsecureBaseUri,
    InvalidBaseUri,
    InteractionRequired,
    InvalidBody,
    OtpRecentlySent,
    OtpNotSent,
    InsufficientCredits,
    ForeignHost,
}

/// <summary>What the module says about one kind of failure, wherever it says it.</summary>
/// <param name="Category">The name of the PowerShell ErrorCategory (the core has no PowerShell; the cmdlets parse it).</param>
/// <param name="RetryMayHelp">Whether running the same command again, unchanged and a little later, may succeed.</param>
/// <param name="RecommendedAction">The next step, shown apart from the message as ErrorDetails.RecommendedAction.</param>
/// <param name="When">What it means and when it happens: the row of the error tables in README.md and about_Verifik.</param>
public sealed record VerifikErrorInfo(VerifikErrorKind Kind, string Category, bool RetryMayHelp, string RecommendedAction, string When);

/// <summary>
/// The one table of error kinds. Everything else reads it: the ErrorRecord's category and recommended action, the
/// exception's RetryMayHelp, and the README and about_Verifik tables, which ErrorAction.Tests.ps1 checks against it.
/// </summary>
public static class VerifikErrors
{
    public static IReadOnlyList<VerifikErrorInfo> All { get; } =
    [
        new(VerifikErrorKind.InvalidEmail, "ObjectNotFound", false,
            "Check the address: use the one your Verifik account was created with, or sign up at https://app.verifik.co first.",
            "No Verifik account uses that address (404)."),
        new(VerifikErrorKind.InvalidPhone, "ObjectNotFound", false,
            "Check the country code and the number of your Verifik account.",
            "No Verifik account uses that number (404), or Verifik refused the number's format."),
        new(VerifikErrorKind.InvalidOtp, "AuthenticationError", false,
            "Check the code in the latest message and confirm it again, or request a new one with Request-VerifikOtp.",
            "The code is wrong (400 `invalid_otp` or 403 `otp_does_not_match` on confirm)."),
        new(VerifikErrorKind.OtpExpired, "AuthenticationError", false,
            "Request a new code with Request-VerifikOtp and confirm it within 10 minutes.",
            "The code is older than 10 minutes (412)."),
        new(VerifikErrorKind.OtpNotFound, "ObjectNotFound", false,
            "Request a code with Request-VerifikOtp first; each code can be confirmed once.",
            "No code is pending for that address or number, or it was already used (404 on confirm, or 409 `phone_validation_already_validated`)."),
        new(VerifikErrorKind.OtpRecentlySent, "LimitsExceeded", true,
            "Confirm the code already sent with Confirm-VerifikOtp, unless it was used; otherwise ask for another once the time given has passed.",
            "A code went to that address or number moments ago and Verifik sends at most one about every 2 minutes (409 `otp_recently_sent`): that code stays valid for 10 minutes, so confirm it unless it was already used. A request retried after a 502 or 503 that meets this answer counts as sent, since the first attempt sent the code."),
        new(VerifikErrorKind.OtpNotSent, "ResourceUnavailable", true,
            "Request a new code; for a phone, try the other gateway with -Gateway WhatsApp or -Gateway Sms.",
            "Verifik's email, SMS or WhatsApp provider refused the message (409 `otp_not_sent`), or the code being confirmed was never delivered (409 `otp_send_failed`). For a phone, try the other `-Gateway`."),
        new(VerifikErrorKind.InsufficientCredits, "QuotaExceeded", false,
            "Add credits to the Verifik account at https://app.verifik.co, or sign in with the account's email address.",
            "The account's prepaid credits cannot pay for an SMS or WhatsApp code (403 `insufficient_credits`)."),
        new(VerifikErrorKind.AuthenticatorOtpRequired, "AuthenticationError", false,
            "Pass -AuthenticatorOtp with the 6-digit code from the account's authenticator app.",
            "A two-factor account needs its authenticator-app code, and the host cannot ask for it."),
        new(VerifikErrorKind.InvalidAuthenticatorOtp, "AuthenticationError", false,
            "Type the current 6-digit code from the authenticator app, and check the device's clock.",
            "The authenticator-app code of a two-factor account is wrong."),
        new(VerifikErrorKind.MissingParameter, "InvalidArgument", false,
            "Check the command's parameters (Get-Help <command> -Full) and run it again.",
            "Verifik says a parameter is missing (409 with code `MissingParameter`; other 409s are mapped by their message)."),
        new(VerifikErrorKind.NotConnected, "AuthenticationError", false,
            $"Run Connect-Verifik: it signs in at a prompt, or takes {VerifikSession.AccessTokenSource} when that is set (add -Session for a session of your own).",
            "The session has no token."),
        new(VerifikErrorKind.TokenExpired, "AuthenticationError", false,
            "Sign in again with Connect-Verifik; an expired token cannot be renewed.",
            "The session's token has expired."),
        new(VerifikErrorKind.TokenExpiring, "AuthenticationError", false,
            "Renew the token with Update-VerifikToken while it is still valid, or sign in again.",
            "The token has less time left than `-MinimumValidity`."),
        new(VerifikErrorKind.InvalidToken, "InvalidArgument", false,
            "Pass a current Verifik token, such as the output of Get-VerifikToken -AsPlainText in a signed-in shell.",
            $"A token given to the module (`Connect-Verifik -AccessToken`, `{VerifikSession.AccessTokenSource}`) is not a readable, unexpired JWT."),
        new(VerifikErrorKind.InteractionRequired, "AuthenticationError", false,
            "Run the command where someone can answer, or pass what it would ask for as a parameter.",
            "A code or address must be asked for and the session cannot prompt (`-NonInteractive`, a host without UI, a console whose input is redirected). Nothing is sent."),
        new(VerifikErrorKind.Unauthorized, "AuthenticationError", false,
            "Sign in again with Connect-Verifik.",
            "Verifik refused the token (401)."),
        new(VerifikErrorKind.ApiError, "InvalidOperation", true,
            "For a 429 or 5xx status try again a little later; otherwise read Verifik's own code and message in the exception's ApiCode and ApiMessage.",
            "Any other HTTP error, with its status and Verifik's code and message."),
        new(VerifikErrorKind.InvalidResponse, "InvalidResult", false,
            "Check that the base URI (-BaseUri, $env:VERIFIK_BASE_URL) points at Verifik's API.",
            "A body that is not the documented JSON (including answers over 1 MiB, which are not read past that)."),
        new(VerifikErrorKind.ConnectionFailed, "ConnectionError", true,
            "Check the network, the proxy and the base URI, then try again.",
            "The server cannot be reached, or the connection broke during the call."),
        new(VerifikErrorKind.Timeout, "OperationTimeout", true,
            "Try again, or allow more time with New-VerifikSession -TimeoutSec.",
            "The server did not answer within the session's `TimeoutSec`."),
        new(VerifikErrorKind.InsecureBaseUri, "SecurityError", false,
            "Use an https:// base URI, or pass -AllowUnencryptedAuthentication if sending codes in clear is acceptable.",
            "The base URI is unencrypted http and not loopback."),
        new(VerifikErrorKind.InvalidBaseUri, "InvalidArgument", false,
            "Give an absolute https:// address, such as https://api.verifik.co.",
            "The base URI is not an absolute http(s) address."),
        new(VerifikErrorKind.InvalidBody, "InvalidArgument", false,
            "Pass -Body as a hashtable, an object without cycles, or a string that already is JSON.",
            "`Invoke-VerifikRequest -Body` cannot be written as JSON (for example, it refers to itself). Nothing is sent."),
        new(VerifikErrorKind.ForeignHost, "SecurityError", false,
            "Give the endpoint's path (/v2/clients/me), or a full URL on the Verifik the session's token belongs to.",
            "`Invoke-VerifikRequest` was given a full URL on a host other than the one the session's token goes to. Nothing is sent."),
    ];

    private static readonly Dictionary<VerifikErrorKind, VerifikErrorInfo> ByKind = All.ToDictionary(info => info.Kind);

    public static VerifikErrorInfo For(VerifikErrorKind kind) => ByKind[kind];
}
