using System;

namespace Verifik;

/// <summary>
/// The values Verifik puts in an error's code or message that decide what the module does. Machine values, not
/// prose: they stay the same whatever language the message is written in.
/// </summary>
internal static class VerifikAnswers
{
    /// <summary>409: a code went to this address or number within the cooldown (about 2 minutes).</summary>
    public const string OtpRecentlySent = "otp_recently_sent";

    /// <summary>409: the email, SMS or WhatsApp provider refused the message.</summary>
    public const string OtpNotSent = "otp_not_sent";

    /// <summary>409 on confirm: the code being confirmed was never delivered.</summary>
    public const string OtpSendFailed = "otp_send_failed";

    /// <summary>403 on confirm: the wrong code, as the validation endpoints answer it (the login page shows 400 invalid_otp).</summary>
    public const string OtpDoesNotMatch = "otp_does_not_match";

    /// <summary>403: the prepaid balance cannot pay for an SMS or WhatsApp message.</summary>
    public const string InsufficientCredits = "insufficient_credits";

    /// <summary>409: the code field of an answer listing missing parameters.</summary>
    public const string MissingParameter = "MissingParameter";

    /// <summary>409 on confirm: phone_validation_already_validated (documented), email_validation_already_validated (assumed alike).</summary>
    public static bool IsAlreadyValidated(string value) =>
        value.EndsWith("_validation_already_validated", StringComparison.OrdinalIgnoreCase);
}
