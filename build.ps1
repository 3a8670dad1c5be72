#Requires -Version 7.4
<#
.SYNOPSIS
Builds, tests or demonstrates the Verifik module.
.DESCRIPTION
Build: compiles the solution and assembles output/Verifik (the module) and output/emulator.
Test:  Build, then runs the xUnit, Mono (tools/mono) and Pester suites and ends with the line 'N passed, N failed, N skipped'.
Demo:  Build, then signs in to a local emulator with the module, step by step.
Package: Build, then packs output/Verifik into output/Verifik.<version>.nupkg with PSResourceGet.
Mutation: runs Stryker.NET on src/Verifik.Core and src/Verifik against the xUnit suite and writes docs/quality.md
(slow, so not part of Test; run it at the end of each change that touches src/).
Coverage: Build, then line and branch coverage of the xUnit and Pester suites together, into docs/quality.md.
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

$RepoRoot = $PSScriptRoot
$OutputRoot = Join-Path $RepoRoot 'output'
$ModuleOutput = Join-Path $OutputRoot 'Verifik'
$EmulatorOutput = Join-Path $OutputRoot 'emulator'
$TestResults = Join-Path $OutputRoot 'test-results'

Import-Module (Join-Path $RepoRoot 'tests/pester/Verifik.TestHelpers.psm1') -Force

function Write-Step([string]$Message) {
    Write-Host "==> $Message" -ForegroundColor Cyan
}

function Invoke-Native([scriptblock]$Command) {
    # Runs a native command with its output on the console and stops the build when it fails.
    & $Command | Out-Host
    if ($LASTEXITCODE -ne 0) {
        throw "{$Command} failed with exit code $LASTEXITCODE."
    }
}

function Reset-Folder([string]$Path) {
    if (Test-Path -LiteralPath $Path) {
        Remove-Item -LiteralPath $Path -Recurse -Force
    }
    $null = New-Item -ItemType Directory -Path $Path
}

function Invoke-BuildTask {
    Write-Step "Building VerifikPs.sln ($Configuration)"
    Invoke-Native { dotnet build (Join-Path $RepoRoot 'VerifikPs.sln') -c $Configuration --nologo }

    Write-Step "Assembling $ModuleOutput"
    $publishFolder = Join-Path $OutputRoot 'publish/Verifik'
    Reset-Folder $publishFolder
    Invoke-Native { dotnet publish (Join-Path $RepoRoot 'src/Verifik') -c $Configuration --no-build --nologo -o $publishFolder }

    # The dependency DLLs (System.Text.Json and its netstandard2.0 dependencies) are for Windows PowerShell 5.1;
    # PowerShell itself provides System.Management.Automation, so shipping it would only conflict.
    Reset-Folder $ModuleOutput
    Get-ChildItem -LiteralPath $publishFolder -Filter '*.dll' |
        Where-Object Name -NE 'System.Management.Automation.dll' |
        Copy-Item -Destination $ModuleOutput
    # The manifest and the views: the PowerShell-side files, kept at the root apart from the C#.
    # The import-time check of the floors, built for .NET Framework 4.6.2 so that it loads where Verifik.dll cannot.
    Copy-Item -LiteralPath (Join-Path $RepoRoot "src/Verifik.Requirements/bin/$Configuration/net462/Verifik.Requirements.dll") -Destination $ModuleOutput
    foreach ($file in 'Verifik.psd1', 'Verifik.Format.ps1xml', 'LICENSE') {
        Copy-Item -LiteralPath (Join-Path $RepoRoot $file) -Destination $ModuleOutput
    }
    & (Join-Path $RepoRoot 'tools/Set-ReleaseNotes.ps1') -ManifestPath (Join-Path $ModuleOutput 'Verifik.psd1') `
        -ChangelogPath (Join-Path $RepoRoot 'CHANGELOG.md')
    & (Join-Path $RepoRoot 'tools/New-ThirdPartyNotices.ps1') -ModulePath $ModuleOutput `
        -DepsJsonPath (Join-Path $publishFolder 'Verifik.deps.json') -PackagesFolder (Get-NuGetPackageFolder)
    Invoke-HelpCompiler

    Write-Step "Publishing the emulator to $EmulatorOutput"
    Reset-Folder $EmulatorOutput
    Invoke-Native { dotnet publish (Join-Path $RepoRoot 'src/Verifik.Emulator') -c $Configuration --no-build --nologo -o $EmulatorOutput }
}

function Invoke-HelpCompiler {
    # Help is compiled from docs/en-US/*.md against the assembled module: syntax, types and binding facts come from
    # the cmdlets as PowerShell sees them (read in a child pwsh, so the module never loads into the build).
    Write-Step "Compiling docs/en-US into $ModuleOutput/en-US"
    $compilerOutput = Join-Path $OutputRoot 'help-compiler'
    $metadata = Join-Path $compilerOutput 'commands.json'
    Invoke-Native { dotnet build (Join-Path $RepoRoot 'tools/HelpCompiler') -c $Configuration --nologo -v quiet -o $compilerOutput }
    $pwsh = Get-PwshCommand
    Invoke-Native {
        & $pwsh.FilePath @($pwsh.ArgumentList) -NoProfile -NonInteractive `
            -File (Join-Path $RepoRoot 'tools/HelpCompiler/Export-CommandMetadata.ps1') -ModulePath $ModuleOutput -Path $metadata
    }
    Invoke-Native {
        dotnet (Join-Path $compilerOutput 'HelpCompiler.dll') --metadata $metadata --docs (Join-Path $RepoRoot 'docs/en-US') `
            --module Verifik --out (Join-Path $ModuleOutput 'en-US')
    }
}

function Invoke-XunitSuite {
    Write-Step 'Running the xUnit suite'
    $trxPath = Join-Path $TestResults 'xunit.trx'
    & dotnet test (Join-Path $RepoRoot 'tests/Verifik.Tests') -c $Configuration --no-build --nologo `
        --logger 'trx;LogFileName=xunit.trx' --results-directory $TestResults | Out-Host
    $exitCode = $LASTEXITCODE

    if (-not (Test-Path -LiteralPath $trxPath)) {
        Write-Host "xUnit: dotnet test exited with $exitCode and wrote no results." -ForegroundColor Red
        return New-SuiteResult 'xUnit' -Failed 1
    }
    $counters = ([xml](Get-Content -LiteralPath $trxPath -Raw)).TestRun.ResultSummary.Counters
    $failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
    if ($exitCode -ne 0 -and $failed -eq 0) {
        # The runner itself failed (a crashed test host, say) without a failed test to show for it.
        Write-Host "xUnit: dotnet test exited with $exitCode although no test failed." -ForegroundColor Red
        $failed = 1
    }
    # The trx logger leaves notExecuted at 0 for skipped xUnit tests: they are the ones not executed.
    $skipped = [int]$counters.total - [int]$counters.executed
    New-SuiteResult 'xUnit' -Passed ([int]$counters.passed) -Failed $failed -Skipped $skipped
}

function Get-PesterManifest {
    $version = (Import-PowerShellDataFile -LiteralPath (Join-Path $RepoRoot 'tools/versions.psd1')).Pester
    Invoke-Native { dotnet restore (Join-Path $RepoRoot 'tools/Tools.proj') --nologo -v quiet }
    $manifest = Join-Path (Get-NuGetPackageFolder) "pester/$version/tools/Pester.psd1"
    if (-not (Test-Path -LiteralPath $manifest)) {
        throw "Pester $version was restored but '$manifest' is missing."
    }
    $manifest
}

function Invoke-PesterSuite {
    Write-Step 'Running the Pester suite in a child pwsh'
    $summaryPath = Join-Path $TestResults 'pester-summary.json'
    $pwsh = Get-PwshCommand
    & $pwsh.FilePath @($pwsh.ArgumentList) -NoProfile -NonInteractive `
        -File (Join-Path $RepoRoot 'tools/Invoke-PesterSuite.ps1') `
        -PesterManifest (Get-PesterManifest) `
        -TestPath (Join-Path $RepoRoot 'tests/pester') `
        -ResultPath (Join-Path $TestResults 'pester.xml') `
        -SummaryPath $summaryPath | Out-Host
    $exitCode = $LASTEXITCODE

    if ($exitCode -ne 0 -or -not (Test-Path -LiteralPath $summaryPath)) {
        Write-Host "Pester: the child pwsh exited with $exitCode and wrote no summary." -ForegroundColor Red
        return New-SuiteResult 'Pester' -Failed 1
    }
    $summary = Get-Content -LiteralPath $summaryPath -Raw | ConvertFrom-Json
    New-SuiteResult 'Pester' -Passed $summary.Passed `
        -Failed ($summary.Failed + $summary.FailedBlocks + $summary.FailedContainers) `
        -Skipped ($summary.Skipped + $summary.NotRun)
}

function Invoke-MonoSuites {
    # What can be shown on Linux about Windows PowerShell 5.1 (README, 'Which PowerShell'): three suites.
    Write-Step 'Running the Windows PowerShell 5.1 checks under Mono'
    & (Join-Path $RepoRoot 'tools/mono/Invoke-MonoSuites.ps1') -ModulePath $ModuleOutput `
        -OutputPath (Join-Path $OutputRoot 'mono') -Configuration $Configuration
}

function New-SuiteResult {
    param([string]$Name, [int]$Passed = 0, [int]$Failed = 0, [int]$Skipped = 0)
    [pscustomobject]@{ Name = $Name; Passed = $Passed; Failed = $Failed; Skipped = $Skipped }
}

function Invoke-TestSuites {
    # Every failure, of the build or of a whole suite, becomes a failed count: nothing that did not run looks green.
    try {
        Reset-Folder $TestResults
        Invoke-BuildTask
    }
    catch {
        Write-Host "Build failed: $_" -ForegroundColor Red
        return New-SuiteResult 'Build' -Failed 1
    }

    # Every suite, and every process it starts, sees a temporary home: no test touches the real user's sign-in.
    $isolation = Enter-IsolatedHome
    try {
        foreach ($suite in 'Invoke-XunitSuite', 'Invoke-MonoSuites', 'Invoke-PesterSuite') {
            try {
                & $suite
            }
            catch {
                Write-Host "$suite could not run: $_" -ForegroundColor Red
                New-SuiteResult ($suite -replace '^Invoke-|Suite$') -Failed 1
            }
        }
    }
    finally {
        Exit-IsolatedHome -Isolation $isolation
    }
}

function Invoke-TestTask {
    $suites = @(Invoke-TestSuites)

    Write-Host ''
    foreach ($suite in $suites) {
        Write-Host "$($suite.Name): $($suite.Passed) passed, $($suite.Failed) failed, $($suite.Skipped) skipped"
    }
    $passed = ($suites | Measure-Object -Property Passed -Sum).Sum
    $failed = ($suites | Measure-Object -Property Failed -Sum).Sum
    $skipped = ($suites | Measure-Object -Property Skipped -Sum).Sum
    if ($passed + $failed -eq 0) {
        Write-Host 'No test ran, which counts as a failure.' -ForegroundColor Red
    }
    # The last line of the output, alone, for CI to read.
    Write-Host "$passed passed, $failed failed, $skipped skipped"
    exit [int]($failed -gt 0 -or $passed + $failed -eq 0)
}

function Invoke-DemoTask {
    Invoke-BuildTask

    Write-Step 'Starting the emulator'
    $emulator = Start-TestEmulator
    $previousBaseUrl = $env:VERIFIK_BASE_URL
    try {
        Write-Host "The emulator listens on $($emulator.BaseUri); the module is pointed at it with VERIFIK_BASE_URL."
        $env:VERIFIK_BASE_URL = $emulator.BaseUri
        $pwsh = Get-PwshCommand
        Invoke-Native { & $pwsh.FilePath @($pwsh.ArgumentList) -NoProfile -NonInteractive -File (Join-Path $RepoRoot 'tools/demo.ps1') }
    }
    finally {
        $env:VERIFIK_BASE_URL = $previousBaseUrl
        Stop-TestEmulator -Emulator $emulator
    }
}

function Invoke-BenchTask {
    Invoke-BuildTask
    Write-Step 'Benchmarking the module side by side with the alternatives (docs/benchmarks.md)'
    & (Join-Path $RepoRoot 'tools/bench/Invoke-Benchmark.ps1') -Configuration $Configuration `
        -OutputPath (Join-Path $RepoRoot 'docs/benchmarks.md') -CommandLine 'dotnet pwsh ./build.ps1 -Task Bench'
}

function Invoke-ReliabilityTask {
    Invoke-BuildTask
    Write-Step 'Trying every fault and bad input, and writing what the user saw to docs/reliability.md'
    $rows = Join-Path $OutputRoot 'reliability-rows.tsv'
    Remove-Item -LiteralPath $rows -ErrorAction Ignore
    $env:VERIFIK_RELIABILITY_REPORT = $rows
    try {
        Invoke-Native { dotnet test (Join-Path $RepoRoot 'tests/Verifik.Tests') -c $Configuration --no-build --nologo --filter 'FullyQualifiedName~FaultMatrix|FullyQualifiedName~InputValidation' }
    }
    finally {
        Remove-Item Env:VERIFIK_RELIABILITY_REPORT
    }
    & (Join-Path $RepoRoot 'tools/New-ReliabilityReport.ps1') -RowsPath $rows -OutputPath (Join-Path $RepoRoot 'docs/reliability.md') `
        -CommandLine 'dotnet pwsh ./build.ps1 -Task Reliability'
}

function Invoke-MutationTask {
    # Stryker builds (Debug) and mutates on its own; each settings file names the project it mutates.
    Invoke-Native { dotnet tool restore }
    $reports = foreach ($target in 'core', 'cmdlets') {
        Write-Step "Mutating with tools/stryker/$target.json against the xUnit suite"
        $output = Join-Path $OutputRoot "mutation/$target"
        Reset-Folder $output
        Push-Location (Join-Path $RepoRoot 'tests/Verifik.Tests')
        try {
            Invoke-Native { dotnet stryker --config-file (Join-Path $RepoRoot "tools/stryker/$target.json") --output $output --skip-version-check }
        }
        finally {
            Pop-Location
        }
        Join-Path $output 'reports/mutation-report.json'
    }
    & (Join-Path $RepoRoot 'tools/New-QualityReport.ps1') -MutationReport $reports -Path (Join-Path $RepoRoot 'docs/quality.md') `
        -CommandLine 'dotnet pwsh ./build.ps1 -Task Mutation' -RepoRoot $RepoRoot
}

function Invoke-CoverageTask {
    Invoke-BuildTask
    $coverage = Join-Path $OutputRoot 'coverage'
    Reset-Folder $coverage
    $version = (Import-PowerShellDataFile -LiteralPath (Join-Path $RepoRoot 'tools/versions.psd1')).Coverlet
    $pesterManifest = Get-PesterManifest
    $coverletTasks = Join-Path (Get-NuGetPackageFolder) "coverlet.msbuild/$version/tasks/net10.0/"

    # No threshold: a failing test is reported and the coverage of the run is still written.
    $isolation = Enter-IsolatedHome
    try {
        Write-Step 'Running the xUnit suite with coverlet''s collector'
        & dotnet test (Join-Path $RepoRoot 'tests/Verifik.Tests') -c $Configuration --no-build --nologo --collect 'XPlat Code Coverage' `
            --settings (Join-Path $RepoRoot 'tools/Coverage/xunit.runsettings') --results-directory (Join-Path $coverage 'xunit') | Out-Host
        $xunitCoverage = Get-ChildItem -LiteralPath (Join-Path $coverage 'xunit') -Recurse -Filter 'coverage.json' | Select-Object -First 1
        if (-not $xunitCoverage) {
            throw 'The xUnit run wrote no coverage.json.'
        }

        Write-Step "Running the Pester suite with $ModuleOutput instrumented, merged with the xUnit run"
        $pwsh = Get-PwshCommand
        $pesterRun = @($pwsh.FilePath) + @($pwsh.ArgumentList) + @(
            '-NoProfile', '-NonInteractive', '-File', (Join-Path $RepoRoot 'tools/Invoke-PesterSuite.ps1'), '-PesterManifest', $pesterManifest,
            '-TestPath', (Join-Path $RepoRoot 'tests/pester'), '-ResultPath', (Join-Path $coverage 'pester.xml'),
            '-SummaryPath', (Join-Path $coverage 'pester-summary.json'))
        # Quoted for the shell that MSBuild's Exec starts, then escaped for MSBuild, which splits a property at ';' and ','.
        $command = ($pesterRun | ForEach-Object { "'" + ($_ -replace "'", "'\''") + "'" }) -join ' '
        $command = $command.Replace('%', '%25').Replace(';', '%3B').Replace(',', '%2C')
        & dotnet msbuild (Join-Path $RepoRoot 'tools/Coverage/Coverage.proj') -t:Measure -nologo -v:m "-p:CoverletToolsPath=$coverletTasks" `
            "-p:ModulePath=$(Join-Path $ModuleOutput 'Verifik.dll')" "-p:MergeWith=$($xunitCoverage.FullName)" `
            "-p:CoverageOutput=$(Join-Path $coverage 'merged')" "-p:Command=$command" | Out-Host
    }
    finally {
        Exit-IsolatedHome -Isolation $isolation
    }
    $merged = Join-Path $coverage 'merged.cobertura.xml'
    & (Join-Path $RepoRoot 'tools/New-QualityReport.ps1') -CoverageReport $merged `
        -Path (Join-Path $RepoRoot 'docs/quality.md') -CommandLine 'dotnet pwsh ./build.ps1 -Task Coverage' -RepoRoot $RepoRoot
    $totals = ([xml](Get-Content -LiteralPath $merged -Raw)).coverage
    Write-Host ('Coverage of src/ by the xUnit and Pester suites together: {0:0.0}% of lines, {1:0.0}% of branches (no threshold).' -f `
        (100 * [double]$totals.'line-rate'), (100 * [double]$totals.'branch-rate'))
}

function Invoke-PackageTask {
    Invoke-BuildTask
    Write-Step "Packing $ModuleOutput into $OutputRoot"
    $pwsh = Get-PwshCommand
    Invoke-Native {
        & $pwsh.FilePath @($pwsh.ArgumentList) -NoProfile -NonInteractive `
            -File (Join-Path $RepoRoot 'tools/New-ModulePackage.ps1') -ModulePath $ModuleOutput -DestinationPath $OutputRoot
    }
}

switch ($Task) {
    'Build' { Invoke-BuildTask }
    'Demo' { Invoke-DemoTask }
    'Test' { Invoke-TestTask }
    'Package' { Invoke-PackageTask }
    'Reliability' { Invoke-ReliabilityTask }
    'Bench' { Invoke-BenchTask }
    'Mutation' { Invoke-MutationTask }
    'Coverage' { Invoke-CoverageTask }
}
