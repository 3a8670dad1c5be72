<#
.SYNOPSIS
The sign-in walk-through that `build.ps1 -Task Demo` runs in a fresh pwsh, against the emulator in VERIFIK_BASE_URL.
.DESCRIPTION
Neither the one-time code nor the token is ever printed: the token's format view masks it.
#>
[CmdletBinding()]
param(
    [string]$Email = 'ana@example.com'
)

$ErrorActionPreference = 'Stop'
if (-not $env:VERIFIK_BASE_URL) {
    throw 'VERIFIK_BASE_URL is not set: run this through "dotnet pwsh ./build.ps1 -Task Demo", which starts the emulator.'
}

function Write-Caption([string]$Text) {
    Write-Host ''
    Write-Host $Text -ForegroundColor Yellow
}

Write-Caption '0. Import the module that the build assembled in output/Verifik'
$module = Import-Module (Join-Path $PSScriptRoot '../output/Verifik') -Force -PassThru
Write-Host "   Verifik $($module.Version): $($module.ExportedCommands.Keys -join ', ')"

Write-Caption "1. Ask Verifik (the emulator) to send a code to $Email"
$request = Request-VerifikOtp -Email $Email
$request | Out-Host

Write-Caption "2. Read the code that was sent (a person would read their mailbox)"
$outbox = @(Invoke-RestMethod "$env:VERIFIK_BASE_URL/_emulator/outbox?to=$([Uri]::EscapeDataString($Email))" | ForEach-Object { $_ })
if ($outbox.Count -eq 0) {
    throw "The emulator's outbox has no code for $Email."
}
$code = $outbox[-1].code
Write-Host "   code read from the emulator's outbox"

Write-Caption '3. Confirm the code: Verifik answers with a bearer token valid for a month (shown masked)'
$token = $request | Confirm-VerifikOtp -Otp $code
$token | Out-Host

Write-Caption '4. Call the API with the token as an Authorization header: who am I?'
$me = Invoke-RestMethod "$env:VERIFIK_BASE_URL/v2/clients/me" -Headers (Get-VerifikToken -AsHeader)
$me.data | Format-List | Out-Host
