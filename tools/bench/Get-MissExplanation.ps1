<#
.SYNOPSIS
For each benchmark row that missed its target, the measurements of the same run that show where the difference
is; run by Write-BenchmarkReport.ps1. Only arithmetic on this run's numbers, so the text stays true when they change.
#>
[CmdletBinding()]
param(
    # Row => whether it met its target.
    [Parameter(Mandatory)]
    [System.Collections.Specialized.OrderedDictionary]$Met,

    [Parameter(Mandatory)]
    [hashtable]$Cold,

    [Parameter(Mandatory)]
    [hashtable]$Warm
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

Import-Module (Join-Path $PSScriptRoot 'BenchTools.psm1')

function M([double[]]$Values) { Format-Number (Get-Median $Values) }
function Step([string]$Who, [string]$Step) { Get-Median $Cold.Steps[$Who][$Step].Ms }
function StepJit([string]$Who, [string]$Step) { Format-Number (Get-Median $Cold.Steps[$Who][$Step].JitMethods) '0' }

$in = $Cold.InProcess
$importMine = Format-Number (Step Verifik Import)
$importTheirs = Format-Number (Step Minimal Import)
$explain = [ordered]@{
    '1'  = {
        'Row 1: Verifik imports in {0} ms, and without its format file in {1} ms; the minimal module in {2} ms, and with a one-view format file in {3} ms. Loading a format file (PowerShell''s formatting machinery with it) is {4} ms of Verifik''s import; its three assemblies and nine cmdlets against one assembly and two cmdlets are the other {5} ms.' -f
            (M $in.Verifik), (M $in.VerifikWithoutViews), (M $in.Minimal), (M $in.MinimalWithView),
            (Format-Number ((Get-Median $in.Verifik) - (Get-Median $in.VerifikWithoutViews))), (Format-Number ((Get-Median $in.VerifikWithoutViews) - (Get-Median $in.Minimal)))
    }
    '2a' = {
        'Row 2a: {0} ms against {1} ms. In the steps table Verifik''s import takes {2} ms against the minimal module''s {3} ms, and reading the saved sign-in {4} ms ({5} methods JIT-compiled).' -f
            (M $in.TokenModule), (M $in.TokenByHand), $importMine, $importTheirs, (Format-Number (Step Verifik Token)), (StepJit Verifik Token)
    }
    '2b' = {
        'Row 2b: {0} ms against {1} ms. The first request costs Verifik {2} ms ({3} methods JIT-compiled) against {4} ms ({5} methods) for a bare HttpClient in a compiled cmdlet, and Verifik''s import takes {6} ms against the minimal module''s {7} ms (steps table).' -f
            (M $in.RequestModule), (M $in.RequestIrm), (Format-Number (Step Verifik Request)), (StepJit Verifik Request),
            (Format-Number (Step Minimal Request)), (StepJit Minimal Request), $importMine, $importTheirs
    }
    '2c' = {
        'Row 2c: {0} ms against {1} ms. In the steps table the import takes {2} ms against {3} ms and the first cmdlet {4} ms against {5} ms ({6} against {7} methods JIT-compiled). Without its format file, Verifik''s import + first call takes {8} ms.' -f
            (M $in.SessionModule), (M $in.NoOpMinimal), $importMine, $importTheirs, (Format-Number (Step Verifik First)), (Format-Number (Step Minimal First)),
            (StepJit Verifik First), (StepJit Minimal First), (M $in.SessionWithoutViews)
    }
    '3'  = {
        $runbook = $Cold.Runbook
        'Row 3: {0} ms against {1} ms, {2} ms more, with interquartile ranges {3} and {4} ms wide; pwsh running an empty script takes {5} ms. The first-call rows above show where a Verifik process spends its share.' -f
            (M $runbook.Module), (M $runbook.Irm), (Format-Number ((Get-Median $runbook.Module) - (Get-Median $runbook.Irm))),
            (Format-Number ((Get-Percentile $runbook.Module 0.75) - (Get-Percentile $runbook.Module 0.25))),
            (Format-Number ((Get-Percentile $runbook.Irm 0.75) - (Get-Percentile $runbook.Irm 0.25))), (M $runbook.Nothing)
    }
}
foreach ($row in '4a', '4b') {
    $times = if ($row -eq '4a') { $Warm.Request } else { $Warm.Confirm }
    $explain[$row] = {
        'Row {0}: {1} ms against {2} ms a call, {3} µs more. Beyond sending, the module checks its parameters, parses the JSON answer into a typed object, keeps what the session needs and outputs it under its type name; a whole no-op cmdlet call costs {4} µs here (row 5).' -f
            $row, (Format-Number (Get-Median $times.Module) '0.00'), (Format-Number (Get-Median $times.Compiled) '0.00'),
            (Format-Number (((Get-Median $times.Module) - (Get-Median $times.Compiled)) * 1000) '0'), (Format-Number ((Get-Median ([double[]]$Warm.Hot.NoOp)) * 1000))
    }.GetNewClosure()
}

$lines = @(foreach ($row in $Met.Keys) {
        if (-not $Met[$row]) {
            '- ' + $(if ($explain.Contains($row)) { & $explain[$row] } else { "Row ${row}: see its details below." })
        }
    })
if ($lines.Count -eq 0) { 'Every row met its target.' } else { $lines }
