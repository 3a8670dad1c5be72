<#
.SYNOPSIS
Runs the Pester suite; Verifik.build.ps1 starts it in a child pwsh so that the module's DLLs never load into the build.
.DESCRIPTION
Writes the counts to -SummaryPath as JSON, which Verifik.build.ps1 reads: a missing file means the suite could not run.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string]$PesterManifest,

    # Paths separated by commas (a -File argument is one string): the files or folders to run, and those to leave out.
    [Parameter(Mandatory)]
    [string]$TestPath,

    [string]$ExcludePath = '',

    [Parameter(Mandatory)]
    [string]$ResultPath,

    [Parameter(Mandatory)]
    [string]$SummaryPath
)

$ErrorActionPreference = 'Stop'

Import-Module -Name $PesterManifest -Force
Import-Module (Join-Path $PSScriptRoot 'Verifik.TestHelpers.psm1') -Force
# Already done when build.ps1 started this run; a run started on its own gets its own temporary home here.
$isolation = Enter-IsolatedHome

$configuration = New-PesterConfiguration -Hashtable @{
    Run        = @{ Path = $TestPath -split ','; ExcludePath = @($ExcludePath -split ',' | Where-Object { $_ }); PassThru = $true }
    Output     = @{ Verbosity = 'Detailed' }
}
try {
    $result = Invoke-Pester -Configuration $configuration
}
finally {
    Exit-IsolatedHome -Isolation $isolation
}
# Written after the run, not by it: a test whose name holds a control character (the hostile-text tests name theirs
# after what they send) makes the XML writer throw, and the counts below must not be lost with the report.
try {
    Export-NUnitReport -Result $result -Path $ResultPath
}
catch {
    Write-Warning "The NUnit report $ResultPath could not be written: $($_.Exception.Message)"
}

# A file that does not parse, or a failing AfterAll, fails a container or block without failing a test; those count
# as failures too so that they cannot look green. A failing BeforeAll already fails every test under it.
[ordered]@{
    Passed           = $result.PassedCount
    Failed           = $result.FailedCount
    FailedBlocks     = @($result.FailedBlocks | Where-Object FailedCount -EQ 0).Count
    FailedContainers = @($result.FailedContainers | Where-Object FailedCount -EQ 0).Count
    Skipped          = $result.SkippedCount
    NotRun           = $result.NotRunCount
} | ConvertTo-Json | Set-Content -LiteralPath $SummaryPath -Encoding utf8
