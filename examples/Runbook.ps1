#Requires -Modules Verifik
<#
.SYNOPSIS
An unattended job: token from a secret store, the work, renewal before expiry, the new token written back.
.DESCRIPTION
Nobody types a code: the token lives in the automation's secret store (SecretManagement's Get-Secret/Set-Secret
by default, or any pair of script blocks), and each run renews it when it gets close to expiry, so it never lapses as
long as the job runs more often than -RenewBelow.
.EXAMPLE
./examples/Runbook.ps1
.EXAMPLE
./examples/Runbook.ps1 -ReadToken { Get-AutomationVariable -Name VerifikToken } -WriteToken { param($Token) Set-AutomationVariable -Name VerifikToken -Value [System.Net.NetworkCredential]::new('', $Token).Password }
#>
[CmdletBinding()]
param(
    # Returns the stored token, as a SecureString or a string.
    [scriptblock]$ReadToken = { Get-Secret -Name VerifikToken },

    # Stores the renewed token, given as a SecureString.
    [scriptblock]$WriteToken = { param($Token) Set-Secret -Name VerifikToken -Secret $Token },

    # Renew when less than this is left.
    [TimeSpan]$RenewBelow = (New-TimeSpan -Days 7),

    [uri]$BaseUri
)

$ErrorActionPreference = 'Stop'
$connect = @{ AccessToken = & $ReadToken }
if ($BaseUri) { $connect.BaseUri = $BaseUri }
Connect-Verifik @connect

# The work: any Verifik endpoint, with the session's token.
$me = Invoke-VerifikRequest -Path /v2/clients/me

$renewed = $null
if ((Get-VerifikToken -WarningAction SilentlyContinue).TimeRemaining -lt $RenewBelow) {
    $renewed = Update-VerifikToken -PassThru
    & $WriteToken $renewed.Token
}

[pscustomobject]@{
    Client    = $me.email
    Credits   = $me.credits
    Renewed   = $null -ne $renewed
    ExpiresOn = (Get-VerifikToken).ExpiresOn
}
