<#
.SYNOPSIS
The Windows PowerShell 5.1 checks that can run on Linux, under Mono; returns one result per suite for build.ps1.
.DESCRIPTION
Mono bindings: every reference of every DLL in the assembled module binds on .NET Framework 4.7.2 (LoadCheck).
Mono handler:  the module's real resolve handler under Mono's .NET Framework loading rules (LoadCheck).
xUnit net48:   Verifik.Core's xUnit tests built for net48 against the module's own DLLs, run under Mono.
A suite that cannot run (no mono, a failed build) counts as one failure, never as nothing.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string]$ModulePath,

    [Parameter(Mandatory)]
    [string]$OutputPath,

    [string]$Configuration = 'Release',

    # Where to write the results as JSON too, for a build that runs this script beside the other suites.
    [string]$ResultPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path

function New-Result([string]$Name, [int]$Passed = 0, [int]$Failed = 0, [int]$Skipped = 0) {
    [pscustomobject]@{ Name = $Name; Passed = $Passed; Failed = $Failed; Skipped = $Skipped }
}

function Build-Project([string]$Project, [string]$Destination) {
    & dotnet build (Join-Path $repoRoot $Project) -c $Configuration --nologo -v quiet -o $Destination "-p:ModuleOutput=$ModulePath" | Out-Host
    if ($LASTEXITCODE -ne 0) {
        throw "dotnet build $Project failed with exit code $LASTEXITCODE."
    }
}

function Invoke-LoadCheck([string]$Mode, [string]$Name) {
    # LoadCheck ends with 'N passed, N failed'; anything else (a crash) is a failure.
    $lines = @(& mono (Join-Path $OutputPath 'LoadCheck/LoadCheck.exe') $Mode $ModulePath 2>&1 | ForEach-Object { "$_" })
    $exitCode = $LASTEXITCODE
    $lines | Out-Host
    $closing = if ($lines.Count -gt 0) { $lines[-1] } else { '' }
    if ($closing -notmatch '^(?<passed>\d+) passed, (?<failed>\d+) failed$') {
        Write-Host "$Name`: LoadCheck exited with $exitCode without its closing line." -ForegroundColor Red
        return New-Result $Name -Failed 1
    }
    $failed = [int]$Matches.failed
    if ($exitCode -ne 0 -and $failed -eq 0) {
        $failed = 1
    }
    New-Result $Name -Passed ([int]$Matches.passed) -Failed $failed
}

function Invoke-Net48Tests([string]$Name) {
    $folder = Join-Path $OutputPath 'tests'
    $results = Join-Path $OutputPath 'xunit-net48.xml'
    $runner = (Get-Content -LiteralPath (Join-Path $folder 'xunit-console.txt') -Raw).Trim()
    # -noappdomain: one AppDomain, as in Windows PowerShell, so the module's resolve handler serves the tests' loads.
    & mono $runner (Join-Path $folder 'Verifik.Tests.dll') -noappdomain -nologo -xml $results | Out-Host
    $exitCode = $LASTEXITCODE
    if (-not (Test-Path -LiteralPath $results)) {
        Write-Host "$Name`: the xUnit console runner exited with $exitCode and wrote no results." -ForegroundColor Red
        return New-Result $Name -Failed 1
    }
    $assembly = ([xml](Get-Content -LiteralPath $results -Raw)).assemblies.assembly
    # Attributes read as such: the element also has an <errors> child, which the dot notation would return too.
    $count = { param($attribute) [int]$assembly.GetAttribute($attribute) }
    $failed = (& $count failed) + (& $count errors)
    if ($exitCode -ne 0 -and $failed -eq 0) {
        $failed = 1
    }
    New-Result $Name -Passed (& $count passed) -Failed $failed -Skipped (& $count skipped)
}

$suites = [ordered]@{
    'Mono bindings' = { Invoke-LoadCheck -Mode bindings -Name 'Mono bindings' }
    'Mono handler'  = { Invoke-LoadCheck -Mode handler -Name 'Mono handler' }
    'xUnit net48 (Mono)' = { Invoke-Net48Tests -Name 'xUnit net48 (Mono)' }
}

function Invoke-Suites {
    try {
        if (-not (Get-Command -Name mono -CommandType Application -ErrorAction Ignore)) {
            throw "mono is not installed (Debian: apt-get install --no-install-recommends mono-devel; .ci/run installs it)."
        }
        Build-Project 'tools/mono/LoadCheck' (Join-Path $OutputPath 'LoadCheck')
        Build-Project 'tests/Verifik.Tests.Net48' (Join-Path $OutputPath 'tests')
    }
    catch {
        Write-Host "The Mono suites could not run: $_" -ForegroundColor Red
        return $suites.Keys | ForEach-Object { New-Result $_ -Failed 1 }
    }

    foreach ($name in $suites.Keys) {
        try {
            & $suites[$name]
        }
        catch {
            Write-Host "$name could not run: $_" -ForegroundColor Red
            New-Result $name -Failed 1
        }
    }
}

$results = Invoke-Suites
if ($ResultPath) {
    ConvertTo-Json -InputObject @($results) | Set-Content -LiteralPath $ResultPath -Encoding utf8
}
$results
