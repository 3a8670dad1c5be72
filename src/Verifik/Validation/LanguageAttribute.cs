namespace Verifik.Validation;

/// <summary>Checks a language code (en, es, pt-BR) against InputRules.</summary>
public sealed class LanguageAttribute : InputRuleAttribute
{
    protected override void Check(string value) => InputRules.NormalizeLanguage(value);
}
