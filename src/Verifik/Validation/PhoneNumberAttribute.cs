namespace Verifik.Validation;

/// <summary>Checks a national phone number against InputRules (digits, with spaces, dashes, dots and parentheses allowed).</summary>
public sealed class PhoneNumberAttribute : InputRuleAttribute
{
    protected override void Check(string value) => InputRules.NormalizePhone(value);
}
