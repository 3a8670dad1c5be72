<#
.SYNOPSIS
Measures the module side by side with the alternatives and writes the table to docs/benchmarks.md.
.DESCRIPTION
Run by `build.ps1 -Task Bench` after a build; it needs output/Verifik and output/emulator. It builds its own
yardstick, the minimal module in tools/bench/BenchMinimal, then measures against the emulator on 127.0.0.1:
  1. Import: fresh pwsh processes that import the module, the minimal module or nothing;
  2. Import + first call: fresh pwsh processes that import and make one call, the module against the alternatives;
  3. Whole runbook: pwsh -File of a script that imports, adopts a token and makes one API call, start to exit;
  4. Sign-in calls, warm: Request-VerifikOtp and Confirm-VerifikOtp against a bare HttpClient in a compiled cmdlet;
  5. Hot path: Get-VerifikToken -AsHeader against a no-op compiled cmdlet;
  6. Steadiness: connections opened and managed memory kept over many calls.
Rows 1 to 3 start fresh processes (Measure-ColdStart.ps1); rows 4 to 6 run in one warm pwsh
(Measure-WarmCalls.ps1); Write-BenchmarkReport.ps1 judges and writes. Every row is a median over trials in which
the alternatives take turns, so noise falls on all of them alike. Rows that miss their target say MISSED.
.PARAMETER Quick
Tiny trial counts, for the smoke test: the numbers prove the script works, not how fast the module is.
.EXAMPLE
dotnet pwsh ./build.ps1 -Task Bench
.EXAMPLE
dotnet pwsh ./tools/bench/Invoke-Benchmark.ps1 -Quick -OutputPath /tmp/benchmarks.md
#>
[CmdletBinding()]
param(
    [string]$OutputPath,

    [switch]$Quick,

    [ValidateRange(1, 1000)]
    [int]$ImportTrials = 21,

    [ValidateRange(1, 1000)]
    [int]$RunbookTrials = 31,

    [ValidateRange(1, 1000)]
    [int]$Trials = 31,

    [ValidateRange(1, 10000)]
    [int]$CallsPerTrial = 25,

    [ValidateRange(1, 1000000)]
    [int]$HotCallsPerTrial = 2000,

    [ValidateRange(1, 1000000)]
    [int]$SteadyCalls = 10000,

    [string]$Configuration = 'Release',

    # What the document says produced it.
    [string]$CommandLine
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

Import-Module (Join-Path $PSScriptRoot '../Verifik.TestHelpers.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'BenchTools.psm1') -Force

$RepoRoot = Get-VerifikRepoRoot
$ModulePath = Get-VerifikModulePath
$MinimalModulePath = Join-Path $RepoRoot 'output/bench/BenchMinimal'
# Verifik itself, minus its format file: shows how much of its import the views cost.
$WithoutViewsPath = Join-Path $RepoRoot 'output/bench/VerifikWithoutViews/Verifik'
$WithScriptPath = Join-Path $RepoRoot 'output/bench/VerifikWithScript/Verifik'
$MinimalWithViewPath = Join-Path $RepoRoot 'output/bench/BenchMinimalWithView'

if ($Quick) {
    $quickCounts = @{ ImportTrials = 1; RunbookTrials = 1; Trials = 2; CallsPerTrial = 2; HotCallsPerTrial = 50; SteadyCalls = 50 }
    foreach ($name in $quickCounts.Keys) {
        if (-not $PSBoundParameters.ContainsKey($name)) {
            Set-Variable -Name $name -Value $quickCounts[$name]
        }
    }
}
if (-not $OutputPath) {
    $OutputPath = Join-Path $RepoRoot 'docs/benchmarks.md'
}
if (-not $CommandLine) {
    $CommandLine = (@('dotnet pwsh ./tools/bench/Invoke-Benchmark.ps1') + @($PSBoundParameters.GetEnumerator() | ForEach-Object {
                if ($_.Value -is [switch]) { "-$($_.Key)" } else { "-$($_.Key) $($_.Value)" }
            })) -join ' '
}

function Build-MinimalModule {
    Write-Host "==> Building the minimal module into $MinimalModulePath"
    Build-BenchMinimal $MinimalModulePath $Configuration

    # The same assembly under a manifest that also loads a one-view format file.
    New-EmptyFolder $MinimalWithViewPath
    Copy-Item -LiteralPath (Join-Path $MinimalModulePath 'BenchMinimal.dll') -Destination $MinimalWithViewPath
    Copy-Item -Path (Join-Path $PSScriptRoot 'BenchMinimal/BenchMinimalWithView.psd1'), (Join-Path $PSScriptRoot 'BenchMinimal/BenchMinimal.Format.ps1xml') -Destination $MinimalWithViewPath

    # The module as built, with FormatsToProcess taken out of its manifest.
    New-VerifikVariant $WithoutViewsPath { if ($_ -notmatch '^\s*FormatsToProcess\s*=') { $_ } }

    # The module as built, plus the ScriptsToProcess script that checked the floors before Verifik.Requirements.dll
    # (PreviousRequirements.ps1): what the nested module saves, measured in the same run.
    New-VerifikVariant $WithScriptPath {
        $_
        if ($_ -match '^\s*FormatsToProcess\s*=') { "    ScriptsToProcess = @('Verifik.Requirements.ps1')" }
    }
    Copy-Item -LiteralPath (Join-Path $PSScriptRoot 'PreviousRequirements.ps1') -Destination (Join-Path $WithScriptPath 'Verifik.Requirements.ps1')
}

function New-EmptyFolder([string]$Path) {
    if (Test-Path -LiteralPath $Path) {
        Remove-Item -LiteralPath $Path -Recurse -Force
    }
    $null = New-Item -ItemType Directory -Path $Path
}

# A copy of the module as built whose manifest is rewritten line by line by $EditLine ($_ is the line).
function New-VerifikVariant([string]$Path, [scriptblock]$EditLine) {
    New-EmptyFolder $Path
    Copy-Item -Path (Join-Path $ModulePath '*') -Destination $Path -Recurse
    $manifest = Join-Path $Path 'Verifik.psd1'
    (Get-Content -LiteralPath $manifest) | ForEach-Object $EditLine | Set-Content -LiteralPath $manifest
}

function Measure-WarmCalls([string]$BaseUri) {
    $resultPath = Join-Path ([System.IO.Path]::GetTempPath()) "verifik-bench-$PID-$([guid]::NewGuid().ToString('N')).json"
    $pwsh = Get-PwshCommand
    try {
        & $pwsh.FilePath @($pwsh.ArgumentList) -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'Measure-WarmCalls.ps1') `
            -BaseUri $BaseUri -ModulePath $ModulePath -MinimalModulePath $MinimalModulePath -ResultPath $resultPath `
            -Trials $Trials -CallsPerTrial $CallsPerTrial -HotCallsPerTrial $HotCallsPerTrial -SteadyCalls $SteadyCalls | Out-Host
        if ($LASTEXITCODE -ne 0 -or -not (Test-Path -LiteralPath $resultPath)) {
            throw "Measure-WarmCalls.ps1 exited with $LASTEXITCODE and wrote no results."
        }
        Get-Content -LiteralPath $resultPath -Raw | ConvertFrom-Json -AsHashtable
    }
    finally {
        Remove-Item -LiteralPath $resultPath -ErrorAction Ignore
    }
}

function Get-SourceDescription {
    $commit = & git -C $RepoRoot rev-parse --short HEAD 2>$null
    if ($LASTEXITCODE -ne 0 -or -not $commit) {
        return 'not a git checkout'
    }
    $changed = @(& git -C $RepoRoot status --porcelain -- src Verifik.psd1 Verifik.Format.ps1xml 2>$null)
    if ($changed.Count -gt 0) { "commit $commit with uncommitted changes to $($changed.Count) module files" } else { "commit $commit" }
}

function Get-MachineDescription {
    $cpu = if (Test-Path -LiteralPath /proc/cpuinfo) {
        (Select-String -LiteralPath /proc/cpuinfo -Pattern '^model name\s*:\s*(.+)$' | Select-Object -First 1).Matches.Groups[1].Value
    }
    $runtime = [System.Runtime.InteropServices.RuntimeInformation]
    # Other work on the machine is the main source of noise; the load average says how much there was.
    $load = if (Test-Path -LiteralPath /proc/loadavg) { ((Get-Content -LiteralPath /proc/loadavg -Raw) -split ' ')[0..2] -join ', ' }
    # Whether PowerShell's own code is precompiled (ReadyToRun) decides how much every first use of it costs.
    $engine = [System.IO.File]::OpenRead([psobject].Assembly.Location)
    try {
        $reader = [System.Reflection.PortableExecutable.PEReader]::new($engine)
        $precompiled = $reader.PEHeaders.CorHeader.ManagedNativeHeaderDirectory.Size -gt 0
        $reader.Dispose()
    }
    finally {
        $engine.Dispose()
    }
    [ordered]@{
        Precompiled = $precompiled
        Load       = if ($load) { $load } else { 'unknown' }
        Cores      = [Environment]::ProcessorCount
        Cpu        = if ($cpu) { $cpu } else { 'unknown' }
        OS         = $runtime::OSDescription
        DotNet     = $runtime::FrameworkDescription
        PowerShell = $PSVersionTable.PSVersion.ToString()
    }
}

# --- Measure ----------------------------------------------------------------------------------------------------
foreach ($required in $ModulePath, (Join-Path $RepoRoot 'output/emulator')) {
    if (-not (Test-Path -LiteralPath $required)) {
        throw "'$required' is missing. Run 'dotnet pwsh ./build.ps1 -Task Build' first, or use -Task Bench, which builds."
    }
}
$started = [DateTimeOffset]::UtcNow
$machine = Get-MachineDescription
Build-MinimalModule

$emulator = Start-TestEmulator
try {
    # Every trial requests a code for the same address; Verifik's cooldown would refuse all but the first.
    Set-TestEmulatorBehaviour -Emulator $emulator -Behaviour @{ cooldownSeconds = 0 }
    Write-Host '==> 1-3. Import, import + first call and whole runbooks: fresh pwsh processes'
    $paths = @{ Module = $ModulePath; Minimal = $MinimalModulePath; MinimalWithView = $MinimalWithViewPath; WithoutViews = $WithoutViewsPath; WithScript = $WithScriptPath }
    $cold = & (Join-Path $PSScriptRoot 'Measure-ColdStart.ps1') -Emulator $emulator -Paths $paths -Trials $ImportTrials -RunbookTrials $RunbookTrials -NoWarmUp:$Quick

    Write-Host '==> 4-6. Sign-in calls, hot path and steadiness in one warm pwsh'
    $warm = Measure-WarmCalls $emulator.BaseUri
}
finally {
    Stop-TestEmulator -Emulator $emulator
}

& (Join-Path $PSScriptRoot 'Write-BenchmarkReport.ps1') -OutputPath $OutputPath -Cold $cold -Warm $warm -Quick:$Quick -About ([ordered]@{
        CommandLine = $CommandLine
        Started     = $started
        Elapsed     = [DateTimeOffset]::UtcNow - $started
        Machine     = $machine
        Source      = "$(Get-SourceDescription), built in $Configuration"
        Trials      = "$ImportTrials fresh-process trials for rows 1 and 2, $RunbookTrials for row 3; $Trials trials of $CallsPerTrial calls for row 4 and of $HotCallsPerTrial calls for row 5; $SteadyCalls calls for row 6"
    })
