namespace Verifik;

/// <summary>
/// Everything that can go wrong, one value per thing a user would react to differently.
/// The PowerShell ErrorId is "Verifik." followed by the name, so the names are a public contract.
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
