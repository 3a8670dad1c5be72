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
    TestResult = @{ Enabled = $true; OutputFormat = 'NUnitXml'; OutputPath = $ResultPath }
}
try {
    $result = Invoke-Pester -Configuration $configuration
}
finally {
    Exit-IsolatedHome -Isolation $isolation
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
