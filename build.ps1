#Requires -Version 7.4
<#
.SYNOPSIS
Builds, tests or demonstrates the Verifik module: restores Invoke-Build and runs one task of Verifik.build.ps1.
.DESCRIPTION
Build:    output/Verifik (the module), output/emulator and the test projects.
Demo:     only the module and the emulator, then signs in to a local emulator step by step and says how to try it by hand.
Test:     Build, then the xUnit, Mono (tools/mono) and Pester suites once, side by side, with their coverage; the last line is
          'N passed, N failed, N skipped'.
Coverage: Test's run, with its coverage written to docs/quality.md.
Package, Bench, Reliability, Mutation: see `Invoke-Build ?` (each task's Synopsis in Verifik.build.ps1).
.EXAMPLE
dotnet tool restore; dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Package', 'Bench', 'Reliability', 'Mutation', 'Coverage')]
    [string]$Task = 'Build',

    [string]$Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$runsTests = $Task -in 'Test', 'Coverage'
$tools = Join-Path $PSScriptRoot 'tools/Tools.proj'
# A task that runs no test does not download the test tools (Pester, coverlet).
& dotnet restore $tools --nologo -v quiet "-p:WithTestTools=$runsTests" | Out-Host
if ($LASTEXITCODE -ne 0) {
    throw "dotnet restore tools/Tools.proj failed with exit code $LASTEXITCODE."
}
$versions = (& dotnet msbuild $tools -nologo -getProperty:NuGetPackageRoot -getProperty:InvokeBuildVersion `
        -getProperty:PesterVersion -getProperty:CoverletVersion | ConvertFrom-Json).Properties

$summaryPath = Join-Path $PSScriptRoot 'output/test-results/summary.json'
Remove-Item -LiteralPath $summaryPath -ErrorAction Ignore
$invokeBuild = Join-Path $versions.NuGetPackageRoot "invoke-build/$($versions.InvokeBuildVersion)/tools/Invoke-Build.ps1"
& $invokeBuild -Task $Task -File (Join-Path $PSScriptRoot 'Verifik.build.ps1') -Result result -Safe `
    -Configuration $Configuration -PackageRoot $versions.NuGetPackageRoot `
    -PesterVersion $versions.PesterVersion -CoverletVersion $versions.CoverletVersion

if ($Task -eq 'Test') {
    # The closing line, last, for CI to read; a build that failed before the suites ran counts as one failure.
    $summary = if (Test-Path -LiteralPath $summaryPath) { Get-Content -LiteralPath $summaryPath -Raw | ConvertFrom-Json }
    else { [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 } }
    if ($summary.Passed + $summary.Failed -eq 0) {
        Write-Host 'No test ran, which counts as a failure.' -ForegroundColor Red
        $summary.Failed = 1
    }
    Write-Host "$($summary.Passed) passed, $($summary.Failed) failed, $($summary.Skipped) skipped"
    exit [int]($result.Errors.Count -gt 0 -or $summary.Failed -gt 0)
}
exit [int]($result.Errors.Count -gt 0)
