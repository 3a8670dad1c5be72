<#
.SYNOPSIS
Makes the pwsh that the test suites run in: a copy of the pinned one whose own assemblies are compiled ahead of time
(ReadyToRun, by the SDK's crossgen2), in -Destination.
.DESCRIPTION
The PowerShell dotnet tool ships its assemblies as IL only, so every fresh pwsh compiles System.Management.Automation's
startup path again: about 1 s of CPU a process, and the suites start several hundred. The copy runs the same code of
the same version; only the JIT's work is done once, here. Nothing of Verifik is compiled: coverlet instruments its IL.
A copy that is up to date is kept. When crossgen2 cannot be restored (another SDK, platform or feed) or fails, it
leaves no copy and one warning, and the tests run in the pinned pwsh itself.
#>
[CmdletBinding()]
param(
    # The pwsh to copy: $PSHOME of the pinned tool.
    [Parameter(Mandatory)][string]$Source,
    [Parameter(Mandatory)][string]$Destination
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot 'Verifik.TestHelpers.psm1')

# The ones a test process loads (the others stay IL): [AppDomain]::CurrentDomain.GetAssemblies() after a sign-in.
$assemblies = 'System.Management.Automation', 'pwsh', 'Microsoft.PowerShell.ConsoleHost', 'Microsoft.PowerShell.Commands.Utility',
    'Microsoft.PowerShell.Commands.Management', 'Microsoft.PowerShell.Security', 'Microsoft.PowerShell.MarkdownRender',
    'Newtonsoft.Json', 'Microsoft.ApplicationInsights'

# It only makes the tests faster: whatever goes wrong leaves no copy and one warning, and the tests run as they are.
function Skip([string]$Why) {
    Write-Warning "$Why The tests run in the pinned pwsh as it is, which is slower."
    Remove-Item -LiteralPath $Destination -Recurse -Force -ErrorAction Ignore
}

try {
    $dotnet = Get-DotnetPath
    $project = Join-Path $PSScriptRoot 'crossgen2/Crossgen2.proj'
    $restore = & $dotnet restore $project --nologo -v quiet 2>&1
    if ($LASTEXITCODE -ne 0) {
        $restore | Out-Host
        return Skip 'crossgen2 could not be restored (tools/crossgen2/Crossgen2.proj).'
    }
    $crossgen2 = (& $dotnet msbuild $project -nologo -getProperty:Crossgen2Path).Trim()
    if (-not (Test-Path -LiteralPath $crossgen2)) {
        return Skip "crossgen2 is not at '$crossgen2'."
    }

    $runtime = [System.Runtime.InteropServices.RuntimeEnvironment]::GetRuntimeDirectory()
    $stampPath = Join-Path $Destination 'test-pwsh.stamp'
    # What the copy was made from and how: this script's own text covers the options below.
    $stamp = @($Source, $crossgen2, $runtime, (Get-FileHash -LiteralPath $PSCommandPath).Hash) -join "`n"
    if ((Test-Path -LiteralPath $stampPath) -and (Get-Content -LiteralPath $stampPath -Raw) -eq $stamp) {
        return
    }

    Remove-Item -LiteralPath $Destination -Recurse -Force -ErrorAction Ignore
    Copy-Item -LiteralPath $Source -Destination $Destination -Recurse
    # A response file: on Unix, PowerShell would expand the references' wildcards into one argument each.
    $responseFile = Join-Path $Destination 'crossgen2.rsp'
    foreach ($name in $assemblies) {
        Set-Content -LiteralPath $responseFile -Value @(
            (Join-Path $Source "$name.dll"), '-o', (Join-Path $Destination "$name.dll"), '-O'
            '-r', (Join-Path $Source '*.dll'), '-r', (Join-Path $runtime '*.dll'))
        $output = & $crossgen2 "@$responseFile" 2>&1
        if ($LASTEXITCODE -ne 0) {
            $output | Out-Host
            return Skip "crossgen2 could not compile $name.dll (exit code $LASTEXITCODE)."
        }
    }
    Remove-Item -LiteralPath $responseFile
    Set-Content -LiteralPath $stampPath -Value $stamp -NoNewline
}
catch {
    Skip "It could not be made: $_"
}
