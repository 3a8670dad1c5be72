using System;

namespace Verifik;

/// <summary>Who signs in: an email address, or a phone number with its country calling code and gateway.</summary>
public sealed class SignInSubject
{
    private SignInSubject(string? email, string? countryCode, string? phone, string? gateway)
    {
        Email = email;
        CountryCode = countryCode;
        Phone = phone;
        Gateway = gateway;
    }

    public string? Email { get; }

    public string? CountryCode { get; }

    public string? Phone { get; }

    /// <summary>"sms" or "whatsapp", as Verifik spells them; null for email.</summary>
    public string? Gateway { get; }

    public bool IsEmail => Email is not null;

    /// <summary>How messages name the subject: the address, or "+57 3001234567".</summary>
    public string Display => Email ?? CountryCode + " " + Phone;

    /// <summary>How verbose lines name the subject: a***@example.com or +57 ******4567.</summary>
    public string Masked => Email is not null ? InputRules.MaskEmail(Email) : InputRules.MaskPhone(CountryCode!, Phone!);

    public static SignInSubject ForEmail(string email) => new(InputRules.NormalizeEmail(email), null, null, null);

    public static SignInSubject ForPhone(string countryCode, string phone, PhoneGateway gateway = PhoneGateway.Sms) =>
        new(null, InputRules.NormalizeCountryCode(countryCode), InputRules.NormalizePhone(phone), gateway == PhoneGateway.WhatsApp ? "whatsapp" : "sms");

    /// <summary>Confirmation needs no gateway: the code is the same whichever way it travelled.</summary>
    public static SignInSubject ForPhone(string countryCode, string phone, string? gateway) =>
        new(null, InputRules.NormalizeCountryCode(countryCode), InputRules.NormalizePhone(phone), gateway?.ToLowerInvariant());

    public override string ToString() => Display;
}

/// <summary>How Verifik delivers a code to a phone.</summary>
public enum PhoneGateway
{
    Sms,
    WhatsApp,
}
