namespace Verifik;

/// <summary>
/// The one sentence per error kind that says what to do next (PowerShell's ErrorDetails.RecommendedAction), so
/// scripts and tools can show the next step apart from the message. A test checks every kind has its own.
/// </summary>
public static class RecommendedActions
{
    /// <summary>What a kind without its own sentence gets; never the answer for a kind the module defines.</summary>
    public const string Fallback = "Read the error message for what went wrong and what to do next.";

    public static string For(VerifikErrorKind kind) => kind switch
    {
        VerifikErrorKind.InvalidEmail => "Check the address: use the one your Verifik account was created with.",
        VerifikErrorKind.InvalidPhone => "Check the country code and the number of your Verifik account.",
        VerifikErrorKind.InvalidOtp => "Type the code again exactly as it arrived, or request a new one with Request-VerifikOtp.",
        VerifikErrorKind.OtpExpired => "Request a new code with Request-VerifikOtp and confirm it within 10 minutes.",
        VerifikErrorKind.OtpNotFound => "Request a code with Request-VerifikOtp first; each code can be confirmed once.",
        VerifikErrorKind.AuthenticatorOtpRequired => "Pass -AuthenticatorOtp with the 6-digit code from the account's authenticator app.",
        VerifikErrorKind.InvalidAuthenticatorOtp => "Type the current 6-digit code from the authenticator app, and check the device's clock.",
        VerifikErrorKind.MissingParameter => "Check the command's parameters (Get-Help <command> -Full) and run it again.",
        VerifikErrorKind.NotConnected => "Sign in with Connect-Verifik or set $env:VERIFIK_ACCESS_TOKEN; in ForEach-Object -Parallel or a job, pass -Session $using:session.",
        VerifikErrorKind.TokenExpired => "Sign in again with Connect-Verifik (or Request-VerifikOtp and Confirm-VerifikOtp).",
        VerifikErrorKind.TokenExpiring => "Renew the token with Update-VerifikToken while it is still valid, or sign in again.",
        VerifikErrorKind.InvalidToken => "Pass a current Verifik token, such as the output of Get-VerifikToken -AsPlainText in a signed-in shell.",
        VerifikErrorKind.Unauthorized => "Sign in again with Connect-Verifik: Verifik no longer accepts this token.",
        VerifikErrorKind.ApiError => "Read Verifik's own code and message in the exception's ApiCode and ApiMessage.",
        VerifikErrorKind.InvalidResponse => "Check that the base URI (-BaseUri, $env:VERIFIK_BASE_URL) points at Verifik's API.",
        VerifikErrorKind.ConnectionFailed => "Check the network, the proxy and the base URI, then try again.",
        VerifikErrorKind.Timeout => "Try again, or allow more time with New-VerifikSession -TimeoutSec.",
        VerifikErrorKind.InsecureBaseUri => "Use an https:// base URI, or pass -AllowUnencryptedAuthentication if sending codes in clear is acceptable.",
        VerifikErrorKind.InvalidBaseUri => "Give an absolute https:// address, such as https://api.verifik.co.",
        VerifikErrorKind.InteractionRequired => "In scripts, use Connect-Verifik -AccessToken or $env:VERIFIK_ACCESS_TOKEN, or Request-VerifikOtp and Confirm-VerifikOtp -Otp <code>; add -Force to Update-VerifikToken -RevokeOthers.",
        VerifikErrorKind.InvalidBody => "Pass -Body as a hashtable, an object without cycles, or a string that already is JSON.",
        VerifikErrorKind.OtpRecentlySent => "Confirm the code already sent (it is valid for 10 minutes) with Confirm-VerifikOtp, or wait about 2 minutes before asking for another.",
        VerifikErrorKind.OtpNotSent => "Request a new code; for a phone, try the other gateway with -Gateway WhatsApp or -Gateway Sms.",
        VerifikErrorKind.InsufficientCredits => "Add credits to the Verifik account at https://app.verifik.co, or sign in with the account's email address.",
        VerifikErrorKind.ForeignHost => "Give the endpoint's path (/v2/clients/me), or a full URL on the Verifik the session's token belongs to.",
        _ => Fallback,
    };
}
