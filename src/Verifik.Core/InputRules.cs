using System;
using System.Globalization;
using System.Linq;
using System.Net.Mail;
using System.Text;
using System.Text.RegularExpressions;

namespace Verifik;

/// <summary>
/// The rules input must meet before anything is sent. Each returns the normalised value or throws an
/// ArgumentException whose message states the rule, so the cmdlets can report it as a parameter error.
/// </summary>
public static class InputRules
{
    public const int MaxEmailLength = 254;
    public const int MinOtpLength = 4;
    public const int MaxOtpLength = 12;

    public static string NormalizeEmail(string? value)
    {
        var email = (value ?? string.Empty).Trim();
        if (email.Length == 0)
        {
            throw new ArgumentException("An email address is required, such as ana@example.com.");
        }

        if (email.Length > MaxEmailLength)
        {
            throw new ArgumentException($"An email address has at most {MaxEmailLength} characters; this one has {email.Length}.");
        }

        MailAddress parsed;
        try
        {
            parsed = new MailAddress(email);
        }
        catch (FormatException)
        {
            throw new ArgumentException($"'{email}' is not an email address. Give one address such as ana@example.com.");
        }

        // MailAddress also accepts "Ana <ana@example.com>" and quoted forms; Verifik wants the bare address.
        if (!string.Equals(parsed.Address, email, StringComparison.Ordinal) || email.IndexOfAny(new[] { ',', ';', ' ', '<', '>' }) >= 0)
        {
            throw new ArgumentException($"'{email}' is not a single bare email address. Give just the address, such as ana@example.com.");
        }

        // No mailbox uses these, and PowerShell reads the typographic quotes as quotes: an address holding one would
        // end a quoted string where it appears in a command line (tab completion writes addresses into one).
        if (email.Any(IsForeignToAddresses))
        {
            throw new ArgumentException("An email address has no spaces (a no-break space included), control characters or typographic quotes such as ‘ ’ ‚ ‛ “ ” „. Type the address again, such as ana@example.com.");
        }

        return email;
    }

    private static bool IsForeignToAddresses(char character) =>
        // IsWhiteSpace already takes every space, line and paragraph separator; invisible format characters it does not.
        char.IsWhiteSpace(character) || char.IsControl(character) || character is >= '\u2018' and <= '\u201F'
        || CharUnicodeInfo.GetUnicodeCategory(character) == UnicodeCategory.Format;

    /// <summary>Codes are often copied as "123 456" or "123-456": spaces and dashes are dropped, nothing else.</summary>
    public static string NormalizeOtp(string? value)
    {
        var raw = value ?? string.Empty;
        var code = new char[raw.Length];
        var length = 0;
        foreach (var character in raw)
        {
            if (character is ' ' or '-' or '\t')
            {
                continue;
            }

            // The message deliberately does not repeat the input: it may be a real code typed into the wrong place.
            if (!(character is >= '0' and <= '9' or >= 'a' and <= 'z' or >= 'A' and <= 'Z'))
            {
                throw new ArgumentException("A one-time code has only letters and digits (spaces and dashes are ignored).");
            }

            code[length++] = character;
        }

        if (length is < MinOtpLength or > MaxOtpLength)
        {
            throw new ArgumentException($"A one-time code has {MinOtpLength} to {MaxOtpLength} letters or digits; this one has {length}.");
        }

        return new string(code, 0, length);
    }

    /// <summary>
    /// A national number as Verifik wants it: digits only. Spaces, dashes, dots and parentheses people write
    /// numbers with are dropped; anything else, or fewer than 4 or more than 15 digits (E.164), is refused.
    /// </summary>
    public static string NormalizePhone(string? value)
    {
        var digits = new StringBuilder();
        foreach (var character in (value ?? string.Empty).Trim())
        {
            if (character is >= '0' and <= '9')
            {
                digits.Append(character);
            }
            else if (character is not (' ' or '-' or '.' or '(' or ')'))
            {
                throw new ArgumentException($"'{value}' is not a phone number: give the national number in digits, such as 3001234567, and the country code in -CountryCode.");
            }
        }

        if (digits.Length is < 4 or > 15)
        {
            throw new ArgumentException($"A phone number has 4 to 15 digits; '{value}' has {digits.Length}.");
        }

        return digits.ToString();
    }

    /// <summary>A country calling code with its '+', which callers may leave out: 57, +57 and +57 all give +57.</summary>
    public static string NormalizeCountryCode(string? value)
    {
        var code = (value ?? string.Empty).Trim();
        var digits = code.StartsWith("+", StringComparison.Ordinal) ? code.Substring(1) : code;
        if (digits.Length is < 1 or > 4 || !digits.All(character => character is >= '0' and <= '9'))
        {
            throw new ArgumentException($"'{value}' is not a country calling code: give 1 to 4 digits with or without '+', such as +57 or 1.");
        }

        return "+" + digits;
    }

    /// <summary>The languages Verifik's sign-in app offers for its messages; -Language completes these.</summary>
    public static readonly string[] DocumentedLanguages = { "en", "es", "pt", "fr", "de" };

    /// <summary>
    /// A language tag as Verifik takes it: two or three letters, optionally a region (es, pt-BR). Others than the
    /// documented ones pass, since Verifik may know more; malformed ones do not, since they would only be ignored.
    /// </summary>
    public static string NormalizeLanguage(string? value)
    {
        var tag = (value ?? string.Empty).Trim();
        var parts = tag.Split('-');
        var isTag = parts.Length <= 2
            && parts[0].Length is 2 or 3 && parts[0].All(IsAsciiLetter)
            && (parts.Length == 1 || (parts[1].Length is >= 2 and <= 8 && parts[1].All(character => IsAsciiLetter(character) || character is >= '0' and <= '9')));
        if (!isTag)
        {
            throw new ArgumentException($"'{value}' is not a language code: give one such as {string.Join(", ", DocumentedLanguages)}.");
        }

        return parts.Length == 1 ? parts[0].ToLowerInvariant() : parts[0].ToLowerInvariant() + "-" + parts[1];
    }

    private static bool IsAsciiLetter(char character) => character is >= 'a' and <= 'z' or >= 'A' and <= 'Z';

    /// <summary>Masks an address for logs: ana@example.com becomes a***@example.com.</summary>
    public static string MaskEmail(string email)
    {
        var at = email.LastIndexOf('@');
        return at <= 0 ? "***" : email.Substring(0, 1) + "***" + email.Substring(at);
    }

    /// <summary>Masks a phone number for logs: +57 3001234567 becomes +57 ******4567.</summary>
    public static string MaskPhone(string countryCode, string phone) =>
        countryCode + " " + (phone.Length <= 4 ? "****" : new string('*', phone.Length - 4) + phone.Substring(phone.Length - 4));

    /// <summary>
    /// Masks the values of a request's query for logs and -WhatIf: /v2/x?apiKey=s3cr3t#frag becomes /v2/x?apiKey=***.
    /// A query carries document numbers and keys as often as a body does; its names say enough of what is sent. A
    /// URL's user name and password go too (https://***@host/).
    /// </summary>
    public static string MaskQuery(string pathAndQuery)
    {
        var withoutFragment = UserInfo.Replace(pathAndQuery, "$1***@", 1).Split('#')[0];
        var question = withoutFragment.IndexOf('?');
        if (question < 0)
        {
            return withoutFragment;
        }

        var names = withoutFragment.Substring(question + 1)
            .Split(new[] { '&' }, StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.IndexOf('=') is var equals and > 0 ? pair.Substring(0, equals) + "=***" : "***");
        return withoutFragment.Substring(0, question) + "?" + string.Join("&", names);
    }

    /// <summary>
    /// A URL's user name and password (https://user:password@host/), a '#' or '?' in the password included; only up
    /// to the first '/' or '\', since a '@' in the path (/v2/lookup/ana@example.com) is the path's.
    /// </summary>
    private static readonly Regex UserInfo = new(@"^([A-Za-z][A-Za-z0-9+.\-]*:[/\\]*)[^/\\]*@", RegexOptions.CultureInvariant);

    /// <summary>
    /// Whether an address carries a user name or password (https://user:password@host/): refused for the base URI, a
    /// proxy and an endpoint alike, since every message and view that shows the address would show the password.
    /// </summary>
    public static bool HasUserInfo(Uri uri) => uri.IsAbsoluteUri && uri.UserInfo.Length > 0;

    /// <summary>
    /// A value refused as an endpoint, for its error: when it holds a '@', whatever comes before the last one is
    /// shown as ***, since a malformed URL's password can sit anywhere before it. When that '@' is in the query (a
    /// '?' before it, a '=' or '&amp;' after it), the query's values after it are masked too.
    /// </summary>
    public static string MaskRefusedUrl(string value)
    {
        var at = value.LastIndexOf('@');
        if (at < 0)
        {
            return MaskQuery(value);
        }

        var rest = value.Substring(at + 1);
        var inQuery = value.IndexOf('?', 0, at) >= 0 && rest.IndexOfAny(new[] { '=', '&' }) >= 0;
        return "***@" + (inQuery ? MaskQuery("?" + rest).Substring(1) : MaskQuery(rest));
    }
}
