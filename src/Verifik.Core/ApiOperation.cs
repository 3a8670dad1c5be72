namespace Verifik;

/// <summary>Which documented call an answer belongs to: the same status means different things on different calls.</summary>
internal enum ApiOperation
{
    RequestOtp,
    ConfirmOtp,
    RefreshToken,
    Other,
}
