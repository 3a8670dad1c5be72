using System;

namespace Verifik;

/// <summary>Who signs in: an email address, or a phone number with its country calling code and gateway.</summary>
public sealed class SignInSubject
{
    private SignInSubject(string? email, string? countryCode, string? phone, string? gateway, string? language = null)
    {
        Email = email;
        CountryCode = countryCode;
        Phone = phone;
        Gateway = gateway;
        Language = language;
    }

    public string? Email { get; }

    public string? CountryCode { get; }

    public string? Phone { get; }

    /// <summary>"sms" or "whatsapp", as Verifik spells them; null for email.</summary>
    public string? Gateway { get; }

    /// <summary>How the code travels, as people are shown it: Email, Sms or WhatsApp.</summary>
    public string Channel => ChannelName(Email, Gateway)!;

    /// <summary>The language Verifik should write the message in (en, es, ...); null leaves it to Verifik.</summary>
    public string? Language { get; }

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

    /// <summary>The same subject with the message asked for in <paramref name="language"/>; it decides nothing else.</summary>
    public SignInSubject InLanguage(string? language) =>
        new(Email, CountryCode, Phone, Gateway, string.IsNullOrWhiteSpace(language) ? null : InputRules.NormalizeLanguage(language));

    public override string ToString() => Display;

    /// <summary>
    /// The one place the channels are named for people: Email, or the -Gateway value (Sms, WhatsApp) whichever case
    /// Verifik spells it in; a gateway the module does not know is shown as Verifik gave it. Null when neither is known.
    /// </summary>
    internal static string? ChannelName(string? email, string? gateway)
    {
        if (email is not null)
        {
            return EmailChannel;
        }

        foreach (PhoneGateway known in Enum.GetValues(typeof(PhoneGateway)))
        {
            if (string.Equals(known.ToString(), gateway, StringComparison.OrdinalIgnoreCase))
            {
                return known.ToString();
            }
        }

        return gateway;
    }

    private const string EmailChannel = "Email";
}

/// <summary>How Verifik delivers a code to a phone.</summary>
public enum PhoneGateway
{
    Sms,
    WhatsApp,
}
