#Requires -Modules Verifik
<#
.SYNOPSIS
An unattended job: token from a secret store, the work, renewal when it is due, the new token written back.
.DESCRIPTION
Nobody types a code: the token lives in the automation's secret store (SecretManagement's Get-Secret and Set-Secret
here), and each run renews it once less than 7 days are left, so it never lapses as long as the job runs at least
weekly. The store is written only with a token Verifik has just issued. A token that expired, was revoked or cannot be
read ends the job with exit code 1 and a message saying what a person has to do (sign in again with a code, then
replace the secret); any other failure ends it with exit code 1 and the store as it was. README.md "Runbooks" and
about_Verifik show the lines between #region and #endregion, and tests/pester/Examples.Tests.ps1 checks they do.
.EXAMPLE
pwsh -NonInteractive -File ./examples/Runbook.ps1
.EXAMPLE
./examples/Runbook.ps1 -Verbose
Also says whether the token was renewed, and why not.
#>
[CmdletBinding()]
param()

#region Runbook
$ErrorActionPreference = 'Stop'   # the first failure ends the job, before the secret store is touched
try {
    # The token from the secret store (Get-Secret here; Get-AutomationVariable in Azure Automation).
    Connect-Verifik -AccessToken (Get-Secret -Name VerifikToken)

    $me = Invoke-VerifikRequest -Path /v2/clients/me                   # the work

    # Renew only when less than 7 days are left; write the store only with the token Verifik has just issued.
    $renewed = Update-VerifikToken -MinimumValidity (New-TimeSpan -Days 7) -PassThru
    if ($renewed) { Set-Secret -Name VerifikToken -Secret $renewed.Token }
    "Ran for $($me.email); token renewed: $([bool]$renewed); it expires $((Get-VerifikToken).ExpiresOn)."
}
catch {
    # No script can renew a token that expired, was revoked or is unreadable: a person signs in with a code.
    $next = if ($_.FullyQualifiedErrorId -match '^Verifik\.(NotConnected|TokenExpired|InvalidToken|Unauthorized),') {
        'A person has to sign in again with a code (Connect-Verifik -Email <address>), then replace the secret:' +
        ' Set-Secret -Name VerifikToken -Secret (Get-VerifikToken).Token'
    }
    else { 'The stored token was left as it was; the next run tries again.' }
    Write-Error -Message "The Verifik runbook failed: $($_.Exception.Message) $next" -ErrorAction Continue
    exit 1
}
#endregion
