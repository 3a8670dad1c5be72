Set-StrictMode -Version Latest

Import-Module (Join-Path $PSScriptRoot '../Verifik.TestHelpers.psm1')

# What the benchmark scripts share: statistics, number formatting and timing fresh pwsh processes.

$Invariant = [cultureinfo]::InvariantCulture

function Format-Number([double]$Value, [string]$Format = '0.0') {
    # A tiny negative value would print as "-0.0".
    $Value.ToString($Format, $Invariant) -replace '^-(0[.,]?0*)$', '$1'
}

function Get-Percentile([double[]]$Values, [double]$Fraction) {
    $sorted = [double[]]($Values | Sort-Object)
    $position = ($sorted.Count - 1) * $Fraction
    $low = [Math]::Floor($position)
    $high = [Math]::Ceiling($position)
    $sorted[$low] + ($sorted[$high] - $sorted[$low]) * ($position - $low)
}

function Get-Median([double[]]$Values) { Get-Percentile $Values 0.5 }

function Format-Spread([double[]]$Values, [string]$Unit, [string]$Format = '0.0') {
    '{0} {3} (IQR {1}–{2}, n={4})' -f (Format-Number (Get-Median $Values) $Format),
        (Format-Number (Get-Percentile $Values 0.25) $Format), (Format-Number (Get-Percentile $Values 0.75) $Format), $Unit, $Values.Count
}

function Get-Verdict([bool]$Met) { if ($Met) { 'met' } else { '**MISSED**' } }

<#
Runs Invoke-FreshPwsh (-Command or -File) and returns the wall-clock time of the whole process, start to exit, and
what it printed; throws if it failed. Both pwsh update and telemetry checks are off, as they would add noise.
#>
function Invoke-TimedPwsh([string]$Command, [string]$File, [hashtable]$Environment = @{}, [string]$WorkingDirectory = (Get-Location).ProviderPath) {
    $variables = $Environment.Clone()
    $variables['POWERSHELL_TELEMETRY_OPTOUT'] = '1'
    $variables['POWERSHELL_UPDATECHECK'] = 'Off'
    $script = if ($File) { @{ File = $File } } else { @{ Command = $Command } }
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $run = Invoke-FreshPwsh @script -Environment $variables -WorkingDirectory $WorkingDirectory
    $clock.Stop()
    if ($run.ExitCode -ne 0) {
        throw "The fresh pwsh running $($script.Values) exited with $($run.ExitCode): $($run.StdErr)$($run.StdOut)"
    }
    [pscustomobject]@{ WallMs = $clock.Elapsed.TotalMilliseconds; StdOut = $run.StdOut }
}

<#
Times $Body with Measure-Command inside a fresh pwsh. $Check, run after the timing, must be true, so that every
alternative is shown to have done the work it is timed for. Returns WallMs (the whole process) and InProcessMs.
#>
function Measure-FreshProcess([string]$Body, [string]$Check = '$true', [hashtable]$Environment = @{}, [string]$WorkingDirectory = (Get-Location).ProviderPath) {
    $script = @(
        "`$ErrorActionPreference = 'Stop'"
        "`$elapsed = (Measure-Command { $Body }).TotalMilliseconds"
        "if (-not ($Check)) { throw 'It did not do the work it is timed for: ($($Check -replace "'", "''")) is false.' }"
        '[Console]::Out.Write($elapsed.ToString([cultureinfo]::InvariantCulture))'
    ) -join [Environment]::NewLine
    $run = Invoke-TimedPwsh -Command $script -Environment $Environment -WorkingDirectory $WorkingDirectory
    [pscustomobject]@{ WallMs = $run.WallMs; InProcessMs = [double]::Parse($run.StdOut.Trim(), $Invariant) }
}

<#
Runs $Steps (name => script text) one after another in one fresh pwsh, timing each with a Stopwatch, so that each
step's time is what it costs after the steps before it; $Check, run after them, must be true. Returns, per step
name, Ms, the milliseconds, and JitMethods and JitMs, how many methods the JIT compiled during the step and how
long that took (all threads; System.Runtime.JitInfo, .NET 6 and later).
#>
function Measure-FreshSteps([System.Collections.Specialized.OrderedDictionary]$Steps, [string]$Check = '$true', [hashtable]$Environment = @{}, [string]$WorkingDirectory = (Get-Location).ProviderPath) {
    # One loop for every step, so that no step pays for the first use of the timing code itself.
    $list = (@("@('(warm-up)', {})") + @($Steps.Keys | ForEach-Object { "@('$_', { $($Steps[$_]) })" })) -join ', '
    $script = @(
        "`$ErrorActionPreference = 'Stop'"
        '$clock = [System.Diagnostics.Stopwatch]::new()'
        '$times = [System.Collections.Generic.List[string]]::new()'
        '$jit = [System.Runtime.JitInfo]'
        "foreach (`$step in @($list)) {"
        '    $methods = $jit::GetCompiledMethodCount($false); $jitTime = $jit::GetCompilationTime($false); $clock.Restart()'
        '    . $step[1]'
        '    $elapsed = $clock.Elapsed.TotalMilliseconds'
        '    $times.Add(($step[0], $elapsed, ($jit::GetCompiledMethodCount($false) - $methods), ($jit::GetCompilationTime($false) - $jitTime).TotalMilliseconds) -join "`t")'
        '}'
        "if (-not ($Check)) { throw 'It did not do the work it is timed for: ($($Check -replace "'", "''")) is false.' }"
        '[Console]::Out.Write($times -join "`n")'
    ) -join [Environment]::NewLine
    $run = Invoke-TimedPwsh -Command $script -Environment $Environment -WorkingDirectory $WorkingDirectory
    $result = @{}
    foreach ($line in $run.StdOut.Trim() -split "`n") {
        $name, $ms, $methods, $jitMs = $line.Trim() -split "`t"
        $result[$name] = @{ Ms = [double]$ms; JitMethods = [double]$methods; JitMs = [double]$jitMs }
    }
    $result
}

<#
Runs each alternative (a scriptblock that returns one measurement) once untimed, so that its files are in the page
cache (unless -NoWarmUp), then $Trials times in an order that rotates from trial to trial, so that a noisy moment falls on all alike.
Returns, per name, the list of measurements in trial order.
#>
function Invoke-Rotating([System.Collections.Specialized.OrderedDictionary]$Alternatives, [int]$Trials, [string]$Label, [switch]$NoWarmUp) {
    $names = @($Alternatives.Keys)
    $results = [ordered]@{}
    foreach ($name in $names) {
        $results[$name] = [System.Collections.Generic.List[object]]::new()
        if (-not $NoWarmUp) {
            $null = & $Alternatives[$name]
        }
    }
    for ($trial = 0; $trial -lt $Trials; $trial++) {
        Write-Host "    $Label trial $($trial + 1)/$Trials"
        for ($turn = 0; $turn -lt $names.Count; $turn++) {
            $name = $names[($trial + $turn) % $names.Count]
            $results[$name].Add((& $Alternatives[$name]))
        }
    }
    $results
}

<#
Builds the minimal module (tools/bench/BenchMinimal), the benchmark's yardstick, into $Path; throws if the build fails.
#>
function Build-BenchMinimal([string]$Path, [string]$Configuration = 'Release') {
    $project = Join-Path $PSScriptRoot 'BenchMinimal/BenchMinimal.csproj'
    # No build server may outlive this and hold the caller's output pipes open (the smoke test reads them to the end).
    & dotnet build $project -c $Configuration -o $Path --nologo -v quiet --disable-build-servers | Out-Host
    if ($LASTEXITCODE -ne 0) {
        throw "Building $project failed with exit code $LASTEXITCODE."
    }
}

Export-ModuleMember -Function Format-Number, Get-Percentile, Get-Median, Format-Spread, Get-Verdict, Invoke-TimedPwsh, Measure-FreshProcess, Measure-FreshSteps, Invoke-Rotating, Build-BenchMinimal
