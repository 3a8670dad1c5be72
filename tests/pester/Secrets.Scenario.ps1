<#
.SYNOPSIS
The whole sign-in, renewal and every error path with -Verbose -Debug inside Start-Transcript, then a search of the
transcript, all six streams, $Error, the history and the work folder for every code and token used. Prints one
"LEAK ..." line per find; Secrets.Tests.ps1 runs it in a fresh pwsh, so $Error and the history hold only this.
#>
param(
    [Parameter(Mandatory)] [string]$WorkFolder,
    [Parameter(Mandatory)] [string]$HelperPath,
    [Parameter(Mandatory)] [string]$ModulePath
)

$ErrorActionPreference = 'Continue'
Import-Module $HelperPath
Import-Module $ModulePath
$emulator = [pscustomobject]@{ BaseUri = $env:VERIFIK_BASE_URL }
function Add-Fault([hashtable]$Fault) { $null = Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/faults' -Body $Fault }
$secrets = [System.Collections.Generic.List[string]]::new()
$transcript = Join-Path $WorkFolder 'transcript.txt'

Start-Transcript -LiteralPath $transcript | Out-Null
$VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; $InformationPreference = 'Continue'
& {
    $request = Request-VerifikOtp -Email ana@example.com -Verbose -Debug
    $code = Get-TestOtp -Emulator $emulator -To 'ana@example.com'; $secrets.Add($code)
    $script:token = $request | Confirm-VerifikOtp -Otp $code -Scope CurrentUser -Verbose -Debug
    $token; $token | Format-List *; $token | Format-Table *; $token | ConvertTo-Json; "$token"
    Get-VerifikSession | Format-List *; Get-VerifikToken; Get-VerifikToken | Select-Object *
    Test-VerifikToken -MinimumValidity (New-TimeSpan -Days 400) -Verbose -Debug   # false, and -Verbose says why
    Invoke-VerifikRequest -Path /v2/clients/me -Verbose -Debug
    $script:renewed = Update-VerifikToken -PassThru -Verbose -Debug; $renewed

    # Every error path, each with a real code or token in play.
    Confirm-VerifikOtp -Email ana@example.com -Otp $code -Verbose -Debug
    $null = Request-VerifikOtp -Email ana@example.com
    $second = Get-TestOtp -Emulator $emulator -To 'ana@example.com'; $secrets.Add($second)
    Confirm-VerifikOtp -Email ana@example.com -Otp ($second.Substring(1) + $second[0]) -Verbose -Debug
    Add-Fault @{ path = '/v2/projects/email-login/confirm'; status = 400; body = '{"code":"' + $second + '","message":"otp ' + $second + ' is not valid"}' }
    Confirm-VerifikOtp -Email ana@example.com -Otp $second -Verbose -Debug
    Add-Fault @{ path = '/v2/projects/email-login/confirm'; status = 502; contentType = 'text/html'; body = "<html>upstream saw otp=$second</html>"; times = 10 }
    Confirm-VerifikOtp -Email ana@example.com -Otp $second -Verbose -Debug
    $null = Invoke-TestEmulator -Emulator $emulator -Method DELETE -Path '/_emulator/faults'
    Add-Fault @{ path = '/v2/projects/email-login/confirm'; status = 200; body = '{"data":{"accessToken":"opaque-secret-token-value","tokenType":"bearer"}}' }
    $secrets.Add('opaque-secret-token-value')
    Confirm-VerifikOtp -Email ana@example.com -Otp $second -Verbose -Debug
    Add-Fault @{ path = '/v2/clients/me'; abort = $true }
    Invoke-VerifikRequest -Path /v2/clients/me -Verbose -Debug
    try { Connect-Verifik -AccessToken 'not.a.token' -Verbose -Debug } catch { $_ }
    # Invoke-RestMethod itself prints request headers, Authorization included, to the debug stream: keep it quiet.
    Invoke-RestMethod -Method Post "$($emulator.BaseUri)/v2/auth/renew-and-revoke" -Headers (Get-VerifikToken -AsHeader) -Debug:$false -Verbose:$false | Out-Null
    Invoke-VerifikRequest -Path /v2/clients/me -Verbose -Debug
    try { Update-VerifikToken -Verbose -Debug } catch { $_ }
    Disconnect-Verifik -Verbose -Debug
    try { Get-VerifikToken } catch { $_ }
} *>&1 | Tee-Object -Variable captured | Out-Host
$streams = $captured | Out-String -Width 4096
Stop-Transcript | Out-Null
$VerbosePreference = 'SilentlyContinue'; $DebugPreference = 'SilentlyContinue'; $InformationPreference = 'SilentlyContinue'
$secrets.Add(($token.Token | ConvertFrom-SecureString -AsPlainText))
$secrets.Add(($renewed.Token | ConvertFrom-SecureString -AsPlainText))

function Get-ErrorText($Record) {
    $Record | Out-String -Width 4096
    $Record | Format-List * -Force | Out-String -Width 4096
    if ($Record.InvocationInfo) {
        $Record.InvocationInfo | Format-List * | Out-String -Width 4096
        $Record.InvocationInfo.BoundParameters.Values | ForEach-Object { "$_" }
    }
    $Record.TargetObject | Out-String -Width 4096
    for ($exception = $Record.Exception; $exception; $exception = $exception.InnerException) {
        $exception | Format-List * -Force | Out-String -Width 4096
    }
}

$places = [ordered]@{
    transcript = Get-Content -Raw -LiteralPath $transcript
    streams    = $streams
    errors     = ($Error | ForEach-Object { Get-ErrorText $_ }) -join "`n"
    history    = Get-History | Format-List * | Out-String -Width 4096
    # The saved sign-in (token.json) was asked for; nothing else may hold a secret.
    files      = (Get-ChildItem -Recurse -File -LiteralPath $WorkFolder | Where-Object Name -NE 'token.json' | Get-Content -Raw) -join "`n"
}
"ERRORS $($Error.Count)"
"SECRETS $($secrets.Count)"
foreach ($place in $places.Keys) {
    $text = [string]$places[$place]
    "CHECKED $place $($text.Length)"
    foreach ($secret in $secrets) {
        if ($text.Contains($secret)) { "LEAK in $place of a secret of length $($secret.Length)" }
        $signature = $secret.Split('.')[-1]
        if ($signature.Length -ge 16 -and $text.Contains($signature)) { "LEAK in $place of a token signature" }
    }
}
if ($places.transcript -notmatch 'a\*\*\*@example\.com') { 'TRANSCRIPT LACKS THE VERBOSE LINES' }
foreach ($id in 'OtpNotFound', 'InvalidOtp', 'ApiError', 'InvalidResponse', 'ConnectionFailed', 'InvalidToken', 'Unauthorized', 'NotConnected') {
    if (-not ($Error | Where-Object { "$($_.FullyQualifiedErrorId)" -like "Verifik.$id,*" })) { "MISSING ERROR $id" }
}
