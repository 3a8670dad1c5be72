namespace Verifik.Validation;

/// <summary>Checks a country calling code against InputRules (1 to 4 digits, '+' optional).</summary>
public sealed class CountryCodeAttribute : InputRuleAttribute
{
    protected override void Check(string value) => InputRules.NormalizeCountryCode(value);
}
