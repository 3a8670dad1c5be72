<#
.SYNOPSIS
Judges the benchmark's raw numbers against their targets and writes docs/benchmarks.md; run by Invoke-Benchmark.ps1.
.DESCRIPTION
-Cold holds what Measure-ColdStart.ps1 returned (rows 1 to 3), -Warm what Measure-WarmCalls.ps1 wrote (rows 4 to
6), -About what produced them. Writes the document to -OutputPath and the summary table to the host.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string]$OutputPath,

    [Parameter(Mandatory)]
    [hashtable]$Cold,

    [Parameter(Mandatory)]
    [hashtable]$Warm,

    [Parameter(Mandatory)]
    [System.Collections.Specialized.OrderedDictionary]$About,

    [switch]$Quick
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

Import-Module (Join-Path $PSScriptRoot 'BenchTools.psm1')

function Get-Ratio([double[]]$Mine, [double[]]$Theirs) { (Get-Median $Mine) / (Get-Median $Theirs) }

function Format-Ms([double[]]$Values, [string]$Format = '0.0') { '{0} ms' -f (Format-Number (Get-Median $Values) $Format) }

function Format-MsWithSpread([double[]]$Values) {
    '{0} ms (IQR {1}–{2})' -f (Format-Number (Get-Median $Values)), (Format-Number (Get-Percentile $Values 0.25)), (Format-Number (Get-Percentile $Values 0.75))
}

# --- Judge ------------------------------------------------------------------------------------------------------
$inProcess = $Cold.InProcess
$importRatio = Get-Ratio $inProcess.Verifik $inProcess.Minimal
$importMet = $importRatio -le 1.5 -and (Get-Median $inProcess.Verifik) -lt 80
$importWallSpread = (Get-Percentile $Cold.WallOverhead.Verifik 0.75) - (Get-Percentile $Cold.WallOverhead.Verifik 0.25)

# Row 2: each first call against its alternative, with the target the issue set for it.
$firstCalls = @(
    @{ Row = '2a'; Call = '`Get-VerifikToken -AsHeader` with a saved sign-in'; Mine = 'TokenModule'; Theirs = 'TokenByHand'; Target = 1.2
        Baseline = 'minimal module with one view + `Get-Content -Raw \| ConvertFrom-Json` of the same file' }
    @{ Row = '2b'; Call = '`Request-VerifikOtp` (first request)'; Mine = 'RequestModule'; Theirs = 'RequestIrm'; Target = 1.0
        Baseline = 'minimal module + `Invoke-RestMethod -Method Post` of the same request' }
    @{ Row = '2c'; Call = '`Get-VerifikSession`'; Mine = 'SessionModule'; Theirs = 'NoOpMinimal'; Target = 1.5
        Baseline = 'minimal module + its no-op cmdlet' }
)
$runbookRatio = Get-Ratio $Cold.Runbook.Module $Cold.Runbook.Irm
$callTarget = 1.15
$met = [ordered]@{ '1' = $importMet }
foreach ($call in $firstCalls) {
    $call.Ratio = Get-Ratio $inProcess[$call.Mine] $inProcess[$call.Theirs]
    $met[$call.Row] = $call.Ratio -le $call.Target
}
$met['3'] = $runbookRatio -le 1.05
$met['4a'] = (Get-Ratio $Warm.Request.Module $Warm.Request.Compiled) -le $callTarget
$met['4b'] = (Get-Ratio $Warm.Confirm.Module $Warm.Confirm.Compiled) -le $callTarget

function Get-CallRow([string]$Row, [string]$Cmdlet, [hashtable]$Times) {
    $ratio = Get-Ratio $Times.Module $Times.Compiled
    '| {0} | `{1}`, per call, warm process | {2} | HttpClient in a compiled cmdlet {3} · for information: Invoke-RestMethod {4} · with -WebSession {5} · HttpClient from script {6} | {7}× · {8}× · {9}× · {10}× | ≤ {12}× the compiled HttpClient | {11} |' -f `
        $Row, $Cmdlet, (Format-Ms $Times.Module '0.00'), (Format-Ms $Times.Compiled '0.00'), (Format-Ms $Times.Irm '0.00'),
        (Format-Ms $Times.IrmSession '0.00'), (Format-Ms $Times.HttpClient '0.00'), (Format-Number $ratio '0.00'),
        (Format-Number (Get-Ratio $Times.Module $Times.Irm) '0.00'), (Format-Number (Get-Ratio $Times.Module $Times.IrmSession) '0.00'),
        (Format-Number (Get-Ratio $Times.Module $Times.HttpClient) '0.00'), (Get-Verdict $met[$Row]), $callTarget
}

$hotModule = Get-Median ([double[]]$Warm.Hot.Module)
$hotNoOp = Get-Median ([double[]]$Warm.Hot.NoOp)
$hotRatio = $hotModule / $hotNoOp
$steady = $Warm.Steady
$growthMB = ($steady.MemoryAfter - $steady.MemoryBefore) / 1MB
$met['5'] = $hotRatio -le 1.5
$met['6'] = $steady.ConnectionsOpened -le 2 -and $growthMB -lt 5

$table = @(
    '| # | What is measured | Verifik | Baselines | Ratio | Target | Result |'
    '| --- | --- | --- | --- | --- | --- | --- |'
    '| 1 | Import overhead: `Import-Module` timed inside a fresh `pwsh -NoProfile` | {0} | minimal one-cmdlet module {1} · the same with a one-view format file {2} | {3}× · {4}× | ≤ 1.5× the minimal module and < 80 ms | {5} |' -f `
        (Format-Ms $inProcess.Verifik), (Format-Ms $inProcess.Minimal), (Format-Ms $inProcess.MinimalWithView), (Format-Number $importRatio '0.00'),
        (Format-Number (Get-Ratio $inProcess.Verifik $inProcess.MinimalWithView) '0.00'), (Get-Verdict $met['1'])
    foreach ($call in $firstCalls) {
        '| {0} | Import + first call in a fresh `pwsh -NoProfile`: {1} | {2} | {3} {4} | {5}× | ≤ {6}× | {7} |' -f $call.Row, $call.Call,
            (Format-Ms $inProcess[$call.Mine]), $call.Baseline, (Format-Ms $inProcess[$call.Theirs]), (Format-Number $call.Ratio '0.00'),
            (Format-Number $call.Target '0.0#'), (Get-Verdict $met[$call.Row])
    }
    '| 3 | Whole runbook, process start to exit: `pwsh -File` that imports, adopts `$env:VERIFIK_ACCESS_TOKEN` and makes one API call | {0} | `Invoke-RestMethod` with a hand-built header {1} | {2}× | ≤ 1.05× | {3} |' -f `
        (Format-MsWithSpread $Cold.Runbook.Module), (Format-MsWithSpread $Cold.Runbook.Irm), (Format-Number $runbookRatio '0.00'), (Get-Verdict $met['3'])
    Get-CallRow '4a' 'Request-VerifikOtp' $Warm.Request
    Get-CallRow '4b' 'Confirm-VerifikOtp' $Warm.Confirm
    '| 5 | Hot path: `Get-VerifikToken -AsHeader` in a loop | {0} calls/s ({1} µs/call) | no-op compiled cmdlet {2} calls/s ({3} µs/call) | {4}× | ≤ 1.5× the no-op''s time per call | {5} |' -f `
        (Format-Number (1000 / $hotModule) '#,0'), (Format-Number ($hotModule * 1000)), (Format-Number (1000 / $hotNoOp) '#,0'),
        (Format-Number ($hotNoOp * 1000)), (Format-Number $hotRatio '0.00'), (Get-Verdict $met['5'])
    '| 6 | Steadiness: {0} calls of `{1}` | {2} connections opened, {3} MB managed memory growth | — | — | ≤ 2 connections, < 5 MB | {4} |' -f `
        $steady.Calls.ToString('#,0', [cultureinfo]::InvariantCulture), $steady.Command, $steady.ConnectionsOpened, (Format-Number $growthMB '0.00'), (Get-Verdict $met['6'])
)

function Format-StepCell([hashtable]$Figures) {
    '{0}; JIT: {1} methods, {2} ms' -f (Format-Spread $Figures.Ms 'ms'), (Format-Number (Get-Median $Figures.JitMethods) '0'), (Format-Number (Get-Median $Figures.JitMs))
}

function Format-Step([string]$Step, [string]$Mine, [string]$Theirs, [string]$Why) {
    $theirFigures = $Cold.Steps.Minimal[$Step]
    '| {0} | {1}: {2} | {3}: {4} | {5} |' -f $Step, $Mine, (Format-StepCell $Cold.Steps.Verifik[$Step]), $Theirs, (Format-StepCell $theirFigures), $Why
}

# --- Report -----------------------------------------------------------------------------------------------------
function Format-Spreads([string]$Label, [hashtable]$Values, [string[]]$Names, [string]$Unit = 'ms', [string]$Format = '0.0') {
    '| {0} | {1} |' -f $Label, (($Names | ForEach-Object { Format-Spread ([double[]]$Values[$_]) $Unit $Format }) -join ' | ')
}

$machine = $About.Machine
$importNames = 'Nothing', 'Verifik', 'Minimal', 'MinimalWithView', 'VerifikWithoutViews'
$callNames = 'Module', 'Compiled', 'HttpClient', 'Irm', 'IrmSession'
$document = @(
    '# Benchmarks'
    ''
    'How the module compares with the other ways to get and use a Verifik token, all measured side by side in one run'
    'against the emulator on 127.0.0.1. Regenerate this file with the command below; do not edit it by hand.'
    if ($Quick) { ''; '> **Quick mode**: tiny trial counts that prove the script runs. These numbers say nothing about speed.' }
    ''
    "- Command: ``$($About.CommandLine)``"
    "- Date: $($About.Started.ToString('yyyy-MM-dd HH:mm', [cultureinfo]::InvariantCulture)) UTC, took $([int]$About.Elapsed.TotalSeconds) s"
    "- Machine: $($machine.Cores) cores ($($machine.Cpu)), $($machine.OS); load average $($machine.Load) (1, 5, 15 min) when it started"
    "- Runtime: PowerShell $($machine.PowerShell) on $($machine.DotNet); System.Management.Automation is $(if ($machine.Precompiled) { 'precompiled (ReadyToRun)' } else { 'not precompiled (not ReadyToRun), so PowerShell''s own code is JIT-compiled on first use, which makes every first use of a PowerShell feature dearer than in a precompiled pwsh' })"
    "- Module: $($About.Source)"
    "- Trials: $($About.Trials)"
    ''
    $table
    ''
    'Every number is the median over trials; ratios are ratios of medians. In each trial the alternatives take turns'
    'in an order that rotates from trial to trial, so that a noisy moment falls on all of them alike.'
    ''
    '## Why rows miss'
    ''
    & (Join-Path $PSScriptRoot 'Get-MissExplanation.ps1') -Met $met -Cold $Cold -Warm $Warm
    ''
    '## Details'
    ''
    '### 1 and 2. Import, and import + first call'
    ''
    'Each trial starts one fresh `pwsh -NoProfile -NonInteractive` per alternative, all in one rotation, that runs'
    '`Measure-Command { X }`. The minimal module (`tools/bench/BenchMinimal`) is two cmdlets, a no-op and a bare'
    'HttpClient call, netstandard2.0 against PowerShellStandard.Library 5.1.1 and loaded through its manifest; the'
    'same assembly is also loaded through a manifest that lists a one-view format file (`BenchMinimalWithView.psd1`).'
    'Each process checks, after the timing, that its call got the right answer. No process finds a saved sign-in or'
    '`$env:VERIFIK_ACCESS_TOKEN` except the two of row 2a, which find the same saved sign-in written by'
    '`Connect-Verifik -Scope CurrentUser`.'
    ''
    '| Measure | Nothing | Verifik | Minimal module | Minimal module with one view | Verifik without its views |'
    '| --- | --- | --- | --- | --- | --- |'
    Format-Spreads '`Measure-Command` inside the process' $inProcess $importNames
    Format-Spreads 'Whole process, start to exit' $Cold.Wall $importNames
    '| Whole process minus the same trial''s process with nothing | — | {0} |' -f (($importNames[1..4] | ForEach-Object { Format-Spread $Cold.WallOverhead[$_] 'ms' }) -join ' | ')
    ''
    'Row 1 is judged on the time measured inside the process. The whole-process difference subtracts two process'
    ('starts of several hundred milliseconds each; here the interquartile range of that difference for Verifik is {0} ms' -f (Format-Number $importWallSpread))
    ('wide against an in-process import of {0} ms. The format file''s share of the import is the difference between' -f (Format-Number (Get-Median $inProcess.Verifik)))
    'the Verifik and "Verifik without its views" columns: the first format file a process loads pays a one-time cost'
    'of PowerShell''s formatting machinery, whatever the file holds.'
    ''
    '| First call (row) | Verifik, import + call | Alternative, import + call | Difference |'
    '| --- | --- | --- | --- |'
    foreach ($call in $firstCalls) {
        '| {0} ({1}) | {2} | {3} | {4} ms |' -f $call.Call, $call.Row, (Format-Spread $inProcess[$call.Mine] 'ms'), (Format-Spread $inProcess[$call.Theirs] 'ms'),
            (Format-Number ((Get-Median $inProcess[$call.Mine]) - (Get-Median $inProcess[$call.Theirs])))
    }
    ('Without its format file, Verifik''s import + first `Get-VerifikSession` takes {0}.' -f (Format-Spread $inProcess.SessionWithoutViews 'ms'))
    ('With the floors checked by a `ScriptsToProcess` script instead (`tools/bench/PreviousRequirements.ps1` put into a copy of the module), it takes {0}: the check is now `Verifik.Requirements.dll`, a nested module, and no script is parsed and compiled at import.' -f (Format-Spread $inProcess.SessionWithScript 'ms'))
    ''
    '### Where the first call''s time goes'
    ''
    'One fresh process runs the module''s first calls one after another, another the minimal module''s, in the same'
    'rotation as rows 1 and 2; each step is timed with a Stopwatch, so it shows what that step costs after the ones'
    'above it have been paid for. Both find the saved sign-in of row 2a. *JIT* is how many methods the JIT compiler'
    'compiled during the step, on any thread, and how long that took (`System.Runtime.JitInfo`, medians): the'
    'module''s assemblies are netstandard2.0 IL, so each of its methods is compiled the first time it runs, and so are'
    'the framework''s generic code instantiated over the module''s types.'
    ''
    '| Step | Verifik | Minimal module or bare .NET | What the first use pays for |'
    '| --- | --- | --- | --- |'
    Format-Step 'Import' '`Import-Module`' '`Import-Module`' 'Verifik: its three assemblies (the floors check, the cmdlets, the core), nine cmdlets and its format file (the first format file loads PowerShell''s formatting machinery)'
    Format-Step 'First' 'first cmdlet: `Get-VerifikSession`' 'first cmdlet: `Invoke-BenchNoOp`' 'Verifik: the serialisation type data (added to the runspace''s type table), the default session, the typed output'
    Format-Step 'Token' '`Get-VerifikToken -AsHeader`' '`JsonDocument.Parse` of the file''s text, from script' 'Verifik: the saved sign-in read, checked and parsed (System.Text.Json), the JWT''s claims read'
    Format-Step 'Request' 'first `Request-VerifikOtp`' 'first `Send-BenchRequest` (bare HttpClient)' 'Both: HttpClient and sockets on first use, a connection; Verifik: its request and answer code compiled on first use (netstandard2.0 assemblies are not precompiled), JSON parsing'
    Format-Step 'Again' 'second `Request-VerifikOtp`' 'second `Send-BenchRequest`' 'The same call warm, for scale'
    ('| `Import-Module Microsoft.PowerShell.Utility`, for scale | — | {0} | What a first call paid when the type data was registered with `Update-TypeData`, which loads that module |' -f
        (Format-StepCell $Cold.Steps.Minimal.Utility))
    ''
    '### 3. Whole runbook'
    ''
    'Each trial starts `pwsh -NoProfile -NonInteractive -File` on three scripts in turn, with `$env:VERIFIK_ACCESS_TOKEN`'
    'and `$env:VERIFIK_BASE_URL` set: the module''s (`Import-Module`, `Connect-Verifik`, `Invoke-VerifikRequest -Path'
    '''/v2/clients/me''`), the same call with `Invoke-RestMethod` and `@{ Authorization = "Bearer $env:VERIFIK_ACCESS_TOKEN" }`,'
    'and an empty script, which shows what starting pwsh alone costs. Each checks the account it got.'
    ''
    '| Module | Invoke-RestMethod | Empty script |'
    '| --- | --- | --- |'
    ('| {0} |' -f ((@('Module', 'Irm', 'Nothing') | ForEach-Object { Format-Spread $Cold.Runbook[$_] 'ms' }) -join ' | '))
    ''
    '### 4. Sign-in calls'
    ''
    'One warm pwsh process with the module imported, one batch of calls per alternative per trial. The alternatives send'
    'the same request: `POST /v2/projects/email-login?email=…` for 4a, `POST /v2/projects/email-login/confirm` with'
    'the same JSON body for 4b. Confirms are answered by the emulator''s fault facility with one prepared token'
    '(`POST /_emulator/faults`, token minted by `POST /_emulator/tokens`), so no outbox read is needed and every'
    'alternative receives the same bytes. The target''s baseline is `Send-BenchRequest`, a compiled cmdlet of the'
    'minimal module that sends with one `System.Net.Http.HttpClient` reused for every call and outputs the body as a'
    'string (no JSON parsing). *HttpClient from script* is the same client driven from PowerShell script, which adds'
    'the cost of running script; it and Invoke-RestMethod are shown for information. The module parses the answer,'
    'builds its output object and, on confirm, reads the JWT and keeps it in the session.'
    ''
    '| Call | Verifik | HttpClient in a compiled cmdlet | HttpClient from script | Invoke-RestMethod | Invoke-RestMethod -WebSession |'
    '| --- | --- | --- | --- | --- | --- |'
    Format-Spreads 'Request' $Warm.Request $callNames 'ms' '0.00'
    Format-Spreads 'Confirm' $Warm.Confirm $callNames 'ms' '0.00'
    ''
    '### 5. Hot path'
    ''
    '`$null = Get-VerifikToken -AsHeader` and `$null = Invoke-BenchNoOp -AsHeader` (the minimal module''s cmdlet, which'
    'binds the same switch and does nothing) in the same `for` loop, in the same process, signed in.'
    ''
    '| Cmdlet | Time per call |'
    '| --- | --- |'
    '| Get-VerifikToken -AsHeader | {0} |' -f (Format-Spread ([double[]]($Warm.Hot.Module | ForEach-Object { $_ * 1000 })) 'µs')
    '| Invoke-BenchNoOp -AsHeader | {0} |' -f (Format-Spread ([double[]]($Warm.Hot.NoOp | ForEach-Object { $_ * 1000 })) 'µs')
    ''
    '### 6. Steadiness'
    ''
    ('`{0}` {1} times in a loop in the same warm process, after up to 100 warm-up calls. Connections: TCP connections the' -f $steady.Command, $steady.Calls)
    'emulator''s Kestrel accepted (`GET /_emulator/stats`) during the calls, its own stats reads excluded. Memory:'
    '`[GC]::GetTotalMemory($true)` before and after.'
    ''
    '| Connections opened | Memory before | Memory after | Growth | Calls per second |'
    '| --- | --- | --- | --- | --- |'
    '| {0} | {1} MB | {2} MB | {3} MB | {4} |' -f $steady.ConnectionsOpened, (Format-Number ($steady.MemoryBefore / 1MB) '0.00'),
        (Format-Number ($steady.MemoryAfter / 1MB) '0.00'), (Format-Number $growthMB '0.00'), (Format-Number ($steady.Calls / $steady.Seconds) '#,0')
)

$parent = Split-Path -Parent $OutputPath
if ($parent -and -not (Test-Path -LiteralPath $parent)) {
    $null = New-Item -ItemType Directory -Path $parent
}
Set-Content -LiteralPath $OutputPath -Value $document -Encoding utf8
Write-Host ''
$table | Write-Host
Write-Host ''
Write-Host "Written to $OutputPath"
