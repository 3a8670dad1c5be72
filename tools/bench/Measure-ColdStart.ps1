<#
.SYNOPSIS
The fresh-process half of the benchmarks (rows 1 to 3), run by Invoke-Benchmark.ps1.
.DESCRIPTION
Every measurement here starts a new pwsh, as a runbook or scheduled job does for every run:
  1. Import: Measure-Command { Import-Module X } inside a fresh pwsh -NoProfile;
  2. Import + first call: Measure-Command { Import-Module X; <first call> }, the module against what a user would
     write by hand or against the minimal module;
  3. Whole runbook: pwsh -File of a script that imports, adopts $env:VERIFIK_ACCESS_TOKEN and makes one API call,
     timed from process start to exit, against the same with Invoke-RestMethod and a hand-built header.
and, for the table of where the first call's time goes, the module's first calls and the minimal module's one after
another in one process, each step timed. Rows 1 and 2 and the steps take turns in one rotation, row 3 in another.
Returns the raw numbers as a hashtable.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [pscustomobject]$Emulator,

    [Parameter(Mandatory)]
    [hashtable]$Paths,

    [ValidateRange(1, 1000)]
    [int]$Trials = 21,

    [ValidateRange(1, 1000)]
    [int]$RunbookTrials = 31,

    # Skip the untimed first run of each alternative (for the quick smoke run).
    [switch]$NoWarmUp
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

Import-Module (Join-Path $PSScriptRoot 'BenchTools.psm1')

$Email = 'ana@example.com'
$work = Join-Path ([System.IO.Path]::GetTempPath()) "verifik-bench-$PID-$([guid]::NewGuid().ToString('N'))"
# Configuration homes of their own, so that no real saved sign-in is read and none is written.
$emptyHome = Join-Path $work 'empty-config'
$savedHome = Join-Path $work 'saved-config'
$savedFile = Join-Path $savedHome 'verifik/token.json'
$null = New-Item -ItemType Directory -Path $emptyHome, $savedHome
$environment = @{ XDG_CONFIG_HOME = $emptyHome; LOCALAPPDATA = $emptyHome; VERIFIK_BASE_URL = $Emulator.BaseUri; VERIFIK_ACCESS_TOKEN = $null }

function Get-Environment([hashtable]$Change) {
    $copy = $environment.Clone()
    foreach ($name in $Change.Keys) { $copy[$name] = $Change[$name] }
    $copy
}

try {
    $accessToken = (Invoke-TestEmulator -Emulator $Emulator -Method Post -Path '/_emulator/tokens' -Body @{ email = $Email }).accessToken

    # The saved sign-in is made by the module itself, so it has whatever form the module writes today.
    $null = Invoke-TimedPwsh -Command "`$ErrorActionPreference = 'Stop'; Import-Module '$($Paths.Module)'; Connect-Verifik -Scope CurrentUser" `
        -Environment (Get-Environment @{ XDG_CONFIG_HOME = $savedHome; LOCALAPPDATA = $savedHome; VERIFIK_ACCESS_TOKEN = $accessToken })
    if (-not (Test-Path -LiteralPath $savedFile)) {
        throw "Connect-Verifik -Scope CurrentUser did not save the sign-in to $savedFile."
    }

    # --- 1 and 2. Import, and import + first call ---------------------------------------------------------------
    $savedEnvironment = Get-Environment @{ XDG_CONFIG_HOME = $savedHome; LOCALAPPDATA = $savedHome }
    $headerFromFile = "(Get-Content -Raw -LiteralPath '$savedFile' | ConvertFrom-Json).accessToken"
    $requestUri = "$($Emulator.BaseUri)/v2/projects/email-login?email=$([Uri]::EscapeDataString($Email))"
    $fresh = [ordered]@{
        Nothing             = @{ Body = '' }
        Verifik             = @{ Body = "Import-Module '$($Paths.Module)'" }
        Minimal             = @{ Body = "Import-Module '$($Paths.Minimal)'" }
        MinimalWithView     = @{ Body = "Import-Module '$($Paths.MinimalWithView)'" }
        VerifikWithoutViews = @{ Body = "Import-Module '$($Paths.WithoutViews)'" }
        TokenModule         = @{
            Body = "Import-Module '$($Paths.Module)'; `$header = Get-VerifikToken -AsHeader"
            Check = "`$header.Authorization -eq 'Bearer ' + $headerFromFile"; Environment = $savedEnvironment
        }
        TokenByHand         = @{
            Body = "Import-Module '$($Paths.MinimalWithView)'; `$header = @{ Authorization = 'Bearer ' + $headerFromFile }"
            Check = "`$header.Authorization -eq 'Bearer ' + $headerFromFile"; Environment = $savedEnvironment
        }
        RequestModule       = @{ Body = "Import-Module '$($Paths.Module)'; `$answer = Request-VerifikOtp -Email '$Email'"; Check = "`$answer.Email -eq '$Email'" }
        RequestIrm          = @{ Body = "Import-Module '$($Paths.Minimal)'; `$answer = Invoke-RestMethod -Method Post -Uri '$requestUri'"; Check = "`$answer.data.status -eq 'sent'" }
        SessionModule       = @{ Body = "Import-Module '$($Paths.Module)'; `$answer = Get-VerifikSession"; Check = "`$null -ne `$answer" }
        SessionWithoutViews = @{ Body = "Import-Module '$($Paths.WithoutViews)'; `$answer = Get-VerifikSession"; Check = "`$null -ne `$answer" }
        SessionWithScript   = @{ Body = "Import-Module '$($Paths.WithScript)'; `$answer = Get-VerifikSession"; Check = "`$null -ne `$answer" }
        NoOpMinimal         = @{ Body = "Import-Module '$($Paths.Minimal)'; `$answer = Invoke-BenchNoOp" }
    }
    # Where the first calls' time goes: the same calls one after another in one process, each step timed.
    $steps = [ordered]@{
        Verifik = [ordered]@{
            Import  = "Import-Module '$($Paths.Module)'"
            First   = '$session = Get-VerifikSession'
            Token   = '$header = Get-VerifikToken -AsHeader'
            Request = "`$answer = Request-VerifikOtp -Email '$Email'"
            Again   = "`$answer = Request-VerifikOtp -Email '$Email'"
        }
        Minimal = [ordered]@{
            Import  = "Import-Module '$($Paths.Minimal)'"
            First   = '$session = Invoke-BenchNoOp'
            Token   = "`$header = @{ Authorization = 'Bearer ' + [System.Text.Json.JsonDocument]::Parse([System.IO.File]::ReadAllText('$savedFile')).RootElement.GetProperty('accessToken').GetString() }"
            Request = "`$answer = Send-BenchRequest '$requestUri'"
            Again   = "`$answer = Send-BenchRequest '$requestUri'"
            Utility = 'Import-Module Microsoft.PowerShell.Utility'
        }
    }
    $stepChecks = @{
        Verifik = "`$answer.Email -eq '$Email' -and `$header.Authorization -eq 'Bearer ' + $headerFromFile"
        Minimal = "(`$answer | ConvertFrom-Json).data.status -eq 'sent' -and `$header.Authorization -eq 'Bearer ' + $headerFromFile"
    }
    $alternatives = [ordered]@{}
    foreach ($name in $fresh.Keys) {
        $spec = $fresh[$name]
        $check = if ($spec.ContainsKey('Check')) { $spec.Check } else { '$true' }
        $variables = if ($spec.ContainsKey('Environment')) { $spec.Environment } else { $environment }
        $alternatives[$name] = { Measure-FreshProcess $spec.Body $check $variables $work }.GetNewClosure()
    }
    foreach ($name in $steps.Keys) {
        $stepList = $steps[$name]
        $check = $stepChecks[$name]
        $alternatives["Steps$name"] = { Measure-FreshSteps $stepList $check $savedEnvironment $work }.GetNewClosure()
    }
    $freshResults = Invoke-Rotating $alternatives $Trials 'fresh-process' -NoWarmUp:$NoWarmUp

    # Overheads are paired within a trial: the process with an import minus the process with nothing of that trial.
    $measured = @{ Wall = @{}; WallOverhead = @{}; InProcess = @{} }
    foreach ($name in $fresh.Keys) {
        $measured.Wall[$name] = [double[]]$freshResults[$name].WallMs
        $measured.InProcess[$name] = [double[]]$freshResults[$name].InProcessMs
        $measured.WallOverhead[$name] = [double[]](0..($Trials - 1) | ForEach-Object { $freshResults[$name][$_].WallMs - $freshResults.Nothing[$_].WallMs })
    }
    $measured.Steps = @{}
    foreach ($name in $steps.Keys) {
        $measured.Steps[$name] = @{}
        foreach ($step in $steps[$name].Keys) {
            $stepRuns = $freshResults["Steps$name"]
            $measured.Steps[$name][$step] = @{}
            foreach ($figure in 'Ms', 'JitMethods', 'JitMs') {
                $measured.Steps[$name][$step][$figure] = [double[]]($stepRuns | ForEach-Object { $_[$step][$figure] })
            }
        }
    }

    # --- 3. Whole runbook -----------------------------------------------------------------------------------------
    $runbooks = [ordered]@{
        Module  = @(
            "Import-Module '$($Paths.Module)'"
            'Connect-Verifik'
            "`$me = Invoke-VerifikRequest -Path '/v2/clients/me'"
        )
        Irm     = @(
            '$me = (Invoke-RestMethod -Uri "$env:VERIFIK_BASE_URL/v2/clients/me" -Headers @{ Authorization = "Bearer $env:VERIFIK_ACCESS_TOKEN" }).data'
        )
        Nothing = @()
    }
    $runbookEnvironment = Get-Environment @{ VERIFIK_ACCESS_TOKEN = $accessToken }
    $runbookAlternatives = [ordered]@{}
    foreach ($name in $runbooks.Keys) {
        $file = Join-Path $work "runbook-$name.ps1"
        $lines = @("`$ErrorActionPreference = 'Stop'") + $runbooks[$name]
        if ($runbooks[$name].Count -gt 0) {
            $lines += "if (`$me.email -ne '$Email') { throw 'The runbook did not get the account.' }"
        }
        Set-Content -LiteralPath $file -Value $lines -Encoding utf8
        $runbookAlternatives[$name] = { (Invoke-TimedPwsh -File $file -Environment $runbookEnvironment -WorkingDirectory $work).WallMs }.GetNewClosure()
    }
    $runbookResults = Invoke-Rotating $runbookAlternatives $RunbookTrials 'runbook' -NoWarmUp:$NoWarmUp
    $measured.Runbook = @{}
    foreach ($name in $runbooks.Keys) {
        $measured.Runbook[$name] = [double[]]$runbookResults[$name]
    }
    $measured
}
finally {
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction Ignore
}
