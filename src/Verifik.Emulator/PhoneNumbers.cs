using System.Linq;
using System.Text.RegularExpressions;

namespace Verifik.Emulator;

internal static partial class PhoneNumbers
{
    public static string NormalizeCountryCode(string countryCode) => "+" + Digits(countryCode);

    public static string Digits(string text) => string.Concat(text.Where(char.IsAsciiDigit));

    /// <summary>Separators people type (spaces, dashes, dots, brackets) are tolerated; anything else is not.</summary>
    public static bool IsValid(string countryCode, string phone) =>
        CountryCodePattern().IsMatch(countryCode.Trim()) && PhonePattern().IsMatch(phone.Trim())
        && Digits(phone).Length is >= 4 and <= 15;

    [GeneratedRegex(@"^\+?\d{1,4}$")]
    private static partial Regex CountryCodePattern();

    [GeneratedRegex(@"^[\d\s\-().]+$")]
    private static partial Regex PhonePattern();
}
