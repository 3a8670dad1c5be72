namespace Verifik.Validation;

/// <summary>Checks the address is one bare email address of at most 254 characters (InputRules).</summary>
public sealed class EmailAddressAttribute : InputRuleAttribute
{
    protected override void Check(string value) => InputRules.NormalizeEmail(value);
}
