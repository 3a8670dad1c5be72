<#
.SYNOPSIS
Runs the Pester suite; Verifik.build.ps1 starts it in a child pwsh so that the module's DLLs never load into the build.
.DESCRIPTION
Writes the counts to -SummaryPath as JSON, which Verifik.build.ps1 reads: a missing file means the suite could not run.
With -Shards N (more than 1) it starts N workers, each a pwsh of its own with its own temporary home, which take the
test files one at a time from a shared queue until none is left; the counts are summed. Each test file runs once.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string]$PesterManifest,

    # Paths separated by commas (a -File argument is one string): the files or folders to run, and those to leave out.
    [Parameter(Mandatory)]
    [string]$TestPath,

    [string]$ExcludePath = '',

    # A folder: one NUnit report per test file.
    [Parameter(Mandatory)]
    [string]$ResultPath,

    [Parameter(Mandatory)]
    [string]$SummaryPath,

    [ValidateRange(1, 16)]
    [int]$Shards = 1,

    # Set by the run itself for its workers: the queue file, and the folder in which a worker claims a test file.
    [string]$Queue
)

$ErrorActionPreference = 'Stop'
# No Set-StrictMode here: it would reach into every test file run from this scope.

# The slowest files (each starts many fresh pwsh processes) are taken first, so that the workers end close together;
# the rest follow by name. A stale list costs only balance, never a test.
$SlowFirst = 'SavedSignInLifecycle', 'Serialisation', 'SavedSignIn', 'SavedSignInTrust', 'Console', 'Completion', 'Bench',
    'Examples', 'Secrets', 'HostileText'

function Get-TestFile {
    $excluded = @($ExcludePath -split ',' | Where-Object { $_ } | ForEach-Object { (Resolve-Path -LiteralPath $_).ProviderPath })
    $files = foreach ($path in $TestPath -split ',') {
        Get-ChildItem -Path $path -Filter '*.Tests.ps1' -File -Recurse | Where-Object FullName -NotIn $excluded
    }
    $rank = { $index = [array]::IndexOf($SlowFirst, $_.Name -replace '\.Tests\.ps1$'); if ($index -lt 0) { $SlowFirst.Count } else { $index } }
    @($files | Sort-Object -Property $rank, Name -Unique | ForEach-Object FullName)
}

function Write-Summary([object[]]$Counts, [string]$Path) {
    $sum = [ordered]@{}
    foreach ($name in 'Passed', 'Failed', 'FailedBlocks', 'FailedContainers', 'Skipped', 'NotRun') {
        $sum[$name] = [int]($Counts | Measure-Object -Property $name -Sum).Sum
    }
    $sum | ConvertTo-Json | Set-Content -LiteralPath $Path -Encoding utf8
}

function Invoke-TestFile([string]$File) {
    $configuration = New-PesterConfiguration -Hashtable @{
        Run    = @{ Path = $File; PassThru = $true }
        Output = @{ Verbosity = 'Detailed' }
    }
    $result = Invoke-Pester -Configuration $configuration
    # Written after the run, not by it: a test whose name holds a control character (the hostile-text tests name
    # theirs after what they send) makes the XML writer throw, and the counts must not be lost with the report.
    try {
        Export-NUnitReport -Result $result -Path (Join-Path $ResultPath ([IO.Path]::GetFileNameWithoutExtension($File) + '.xml'))
    }
    catch {
        Write-Warning "The NUnit report of $File could not be written: $($_.Exception.Message)"
    }
    # A file that does not parse, or a failing AfterAll, fails a container or block without failing a test; those
    # count as failures too so that they cannot look green. A failing BeforeAll already fails every test under it.
    [pscustomobject]@{
        Passed           = $result.PassedCount
        Failed           = $result.FailedCount
        FailedBlocks     = @($result.FailedBlocks | Where-Object FailedCount -EQ 0).Count
        FailedContainers = @($result.FailedContainers | Where-Object FailedCount -EQ 0).Count
        Skipped          = $result.SkippedCount
        NotRun           = $result.NotRunCount
    }
}

function Invoke-Worker([string[]]$Files, [string]$ClaimFolder) {
    Import-Module -Name $PesterManifest -Force
    Import-Module (Join-Path $PSScriptRoot 'Verifik.TestHelpers.psm1') -Force
    # Already done when build.ps1 started this run; a run started on its own gets its own temporary home here.
    $isolation = Enter-IsolatedHome
    try {
        $counts = foreach ($file in $Files) {
            if ($ClaimFolder) {
                # Creating the claim fails when another worker made it first (O_EXCL): each file runs once.
                try { [IO.File]::Open((Join-Path $ClaimFolder ([IO.Path]::GetFileName($file))), [IO.FileMode]::CreateNew).Dispose() }
                catch [IO.IOException] { continue }
            }
            Invoke-TestFile $file
        }
    }
    finally {
        Exit-IsolatedHome -Isolation $isolation
    }
    Write-Summary @($counts) $SummaryPath
}

$null = New-Item -ItemType Directory -Path $ResultPath -Force
if ($Queue) {
    Invoke-Worker (Get-Content -LiteralPath $Queue) (Join-Path (Split-Path $Queue) 'claims')
    return
}
$files = Get-TestFile
if ($Shards -eq 1) {
    Invoke-Worker $files
    return
}

$queueFolder = Join-Path $ResultPath 'queue'
$null = New-Item -ItemType Directory -Path (Join-Path $queueFolder 'claims') -Force
$queuePath = Join-Path $queueFolder 'files.txt'
$files | Set-Content -LiteralPath $queuePath -Encoding utf8
Import-Module (Join-Path $PSScriptRoot 'ChildPwsh.psm1') -Force
# Each worker gets a temporary home of its own (Enter-IsolatedHome, from the real values): two workers sharing one
# would see each other's saved sign-in.
if ($env:VERIFIK_TEST_HOME) {
    foreach ($name in 'HOME', 'XDG_CONFIG_HOME', 'LOCALAPPDATA') {
        [Environment]::SetEnvironmentVariable($name, [Environment]::GetEnvironmentVariable("VERIFIK_TEST_REAL_$name"))
    }
    $env:VERIFIK_TEST_HOME = $null
}
$workers = foreach ($index in 1..$Shards) {
    $summary = Join-Path $queueFolder "worker-$index.json"
    $worker = Start-ChildPwsh -Name "Pester worker $index of $Shards" -File $PSCommandPath -LogPath (Join-Path $queueFolder "worker-$index.log") -ArgumentList @(
        '-PesterManifest', $PesterManifest, '-TestPath', $TestPath, '-ResultPath', $ResultPath, '-SummaryPath', $summary, '-Queue', $queuePath)
    $worker | Add-Member -NotePropertyName Summary -NotePropertyValue $summary -PassThru
}
$counts = foreach ($worker in $workers) {
    $null = Wait-ChildPwsh -Child $worker
    if (Test-Path -LiteralPath $worker.Summary) {
        Get-Content -LiteralPath $worker.Summary -Raw | ConvertFrom-Json
    }
    else {
        # A worker that ended without its counts may have left a file half run: the run cannot look green.
        Write-Host "$($worker.Name) wrote no summary." -ForegroundColor Red
        [pscustomobject]@{ Passed = 0; Failed = 0; FailedBlocks = 0; FailedContainers = 1; Skipped = 0; NotRun = 0 }
    }
}
$unclaimed = @($files | Where-Object { -not (Test-Path -LiteralPath (Join-Path $queueFolder "claims/$([IO.Path]::GetFileName($_))")) })
if ($unclaimed) {
    Write-Host "No worker ran: $($unclaimed -join ', ')" -ForegroundColor Red
    $counts = @($counts) + [pscustomobject]@{ Passed = 0; Failed = 0; FailedBlocks = 0; FailedContainers = $unclaimed.Count; Skipped = 0; NotRun = 0 }
}
Write-Summary @($counts) $SummaryPath
