<#
.SYNOPSIS
Measures two builds of the module side by side in one run, to tell a change's cost from the machine's mood.
.DESCRIPTION
The benchmark (Invoke-Benchmark.ps1) compares the module with other ways of doing the same work; between two of its
runs the machine itself can be a third slower, which moves every ratio. This runs a baseline build (a module folder
built from an earlier commit) and the candidate build in one rotation, against one emulator:
  - import, and import + first Get-VerifikSession, each in a fresh pwsh (as rows 1 and 2c), taking turns;
  - Request-VerifikOtp and Confirm-VerifikOtp per call in a warm process, as the benchmark's row 4 measures them
    (Measure-WarmCalls.ps1, one process per build per round, the builds taking turns), each as the ratio to the
    compiled HttpClient cmdlet in the same process; and Get-VerifikToken -AsHeader against the no-op (row 5).
Prints a table of medians and the candidate-to-baseline ratio of each. Nothing is written to docs/.
.EXAMPLE
git worktree add /tmp/baseline <commit>; dotnet pwsh /tmp/baseline/build.ps1 -Task Build
dotnet pwsh ./tools/bench/Compare-Builds.ps1 -Baseline /tmp/baseline/output/Verifik/Verifik.psd1
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string]$Baseline,

    [string]$Candidate = (Join-Path $PSScriptRoot '../../output/Verifik/Verifik.psd1'),

    [ValidateRange(1, 1000)]
    [int]$Trials = 15,

    [ValidateRange(1, 100)]
    [int]$WarmRounds = 3
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

Import-Module (Join-Path $PSScriptRoot '../Verifik.TestHelpers.psm1')
Import-Module (Join-Path $PSScriptRoot 'BenchTools.psm1')

$builds = [ordered]@{ Baseline = (Resolve-Path -LiteralPath $Baseline).ProviderPath; Candidate = (Resolve-Path -LiteralPath $Candidate).ProviderPath }
$minimal = Join-Path $PSScriptRoot '../../output/bench/BenchMinimal'
if (-not (Test-Path -LiteralPath (Join-Path $minimal 'BenchMinimal.psd1'))) {
    Build-BenchMinimal $minimal
}

$work = Join-Path ([System.IO.Path]::GetTempPath()) "verifik-compare-$PID"
$null = New-Item -ItemType Directory -Force -Path $work
$emulator = Start-TestEmulator
try {
    Set-TestEmulatorBehaviour -Emulator $emulator -Behaviour @{ cooldownSeconds = 0 }
    $environment = @{ XDG_CONFIG_HOME = $work; LOCALAPPDATA = $work; VERIFIK_BASE_URL = $emulator.BaseUri; VERIFIK_ACCESS_TOKEN = $null }

    $alternatives = [ordered]@{}
    foreach ($name in $builds.Keys) {
        $path = $builds[$name]
        $alternatives["$name import"] = { Measure-FreshProcess "Import-Module '$path'" '$true' $environment $work }.GetNewClosure()
        $alternatives["$name first call"] = { Measure-FreshProcess "Import-Module '$path'; `$null = Get-VerifikSession" '$true' $environment $work }.GetNewClosure()
    }
    $fresh = Invoke-Rotating $alternatives $Trials 'fresh-process'

    $warm = @{}
    $pwsh = Get-PwshCommand
    for ($round = 0; $round -lt $WarmRounds; $round++) {
        foreach ($name in @($builds.Keys)[(0..1 | ForEach-Object { ($_ + $round) % 2 })]) {
            Write-Host "    warm round $($round + 1)/$WarmRounds, $name"
            $result = Join-Path $work "warm-$name-$round.json"
            & $pwsh.FilePath @($pwsh.ArgumentList) -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'Measure-WarmCalls.ps1') `
                -BaseUri $emulator.BaseUri -ModulePath $builds[$name] -MinimalModulePath $minimal -ResultPath $result `
                -Trials 9 -CallsPerTrial 25 -HotCallsPerTrial 2000 -SteadyCalls 10 | Out-Null
            if ($LASTEXITCODE -ne 0) { throw "Measure-WarmCalls.ps1 failed for $name." }
            $numbers = Get-Content -LiteralPath $result -Raw | ConvertFrom-Json
            foreach ($row in @{ Request = 'Compiled'; Confirm = 'Compiled'; Hot = 'NoOp' }.GetEnumerator()) {
                $key = "$name $($row.Key)"
                if (-not $warm.ContainsKey($key)) { $warm[$key] = [System.Collections.Generic.List[double]]::new() }
                $warm[$key].Add((Get-Median $numbers.($row.Key).Module) / (Get-Median $numbers.($row.Key).($row.Value)))
            }
        }
    }
}
finally {
    Stop-TestEmulator -Emulator $emulator
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction Ignore
}

$rows = @(
    foreach ($measure in 'import', 'first call') {
        $base = Get-Median @($fresh["Baseline $measure"] | ForEach-Object InProcessMs)
        $cand = Get-Median @($fresh["Candidate $measure"] | ForEach-Object InProcessMs)
        "| $measure, fresh pwsh (ms, median of $Trials) | $(Format-Number $base) | $(Format-Number $cand) | $(Format-Number ($cand / $base) '0.00')× |"
    }
    foreach ($measure in 'Request', 'Confirm', 'Hot') {
        $base = Get-Median $warm["Baseline $measure"]
        $cand = Get-Median $warm["Candidate $measure"]
        "| $measure per call, as a ratio to its yardstick (median of $WarmRounds rounds) | $(Format-Number $base '0.00')× | $(Format-Number $cand '0.00')× | $(Format-Number ($cand / $base) '0.00')× |"
    }
)
@("| Measure | Baseline | Candidate | Candidate / baseline |", '| --- | --- | --- | --- |') + $rows
