namespace Verifik;

/// <summary>
/// Where Get-Help -Online goes: each cmdlet's page in the project's docs (the ProjectUri of Verifik.psd1, which a
/// test keeps in step with this).
/// </summary>
internal static class HelpLinks
{
    public const string Docs = "https://github.com/verifik-powershell/Verifik/blob/main/docs/en-US/";
}
