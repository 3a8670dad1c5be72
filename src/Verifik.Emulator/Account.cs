namespace Verifik.Emulator;

/// <summary>A Verifik client that can sign in by email and/or phone.</summary>
public sealed record Account(
    string ClientId,
    string? Email,
    string Name,
    string? CountryCode,
    string? Phone,
    bool Requires2FA,
    string? AuthenticatorSecret,
    decimal Credits);
