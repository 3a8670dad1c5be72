@{
    RootModule           = 'Verifik.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5b0f7a3e-2f4c-4d8e-9a61-3c1d7e0b9f42'
    Author               = 'Verifik for PowerShell contributors'
    CompanyName          = 'Community'
    Copyright            = '(c) Verifik for PowerShell contributors. MIT License.'
    Description          = 'Sign in to the Verifik identity-verification API with a one-time code and use the 30-day bearer token from scripts.'
    CompatiblePSEditions = @('Desktop', 'Core')
    PowerShellVersion    = '5.1'
    # Windows PowerShell only writes a verbose line for this; Verifik.Requirements.dll (net462, loaded first as a
    # nested module) enforces it, and the PowerShell 7.4 floor, with a clear error before any code of Verifik.dll runs.
    DotNetFrameworkVersion = '4.7.2'
    NestedModules        = @('Verifik.Requirements.dll')
    FormatsToProcess     = @('Verifik.Format.ps1xml')
    CmdletsToExport      = @(
        'Confirm-VerifikOtp'
        'Connect-Verifik'
        'Disconnect-Verifik'
        'Get-VerifikSession'
        'Get-VerifikToken'
        'Invoke-VerifikRequest'
        'New-VerifikSession'
        'Request-VerifikOtp'
        'Test-VerifikToken'
        'Update-VerifikToken'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Verifik', 'Authentication', 'OTP', 'JWT', 'BearerToken', 'Identity', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/verifik-powershell/Verifik'
            LicenseUri   = 'https://github.com/verifik-powershell/Verifik/blob/main/LICENSE'
            # The build writes this version's CHANGELOG.md section here (tools/Set-ReleaseNotes.ps1).
            ReleaseNotes = 'CHANGELOG.md'
        }
    }
}
