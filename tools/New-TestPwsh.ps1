<#
.SYNOPSIS
Makes the pwsh that the test suites run in: a copy of the pinned one whose own assemblies are compiled ahead of time
(ReadyToRun, by the SDK's crossgen2), and returns the path of its pwsh.dll.
.DESCRIPTION
The PowerShell dotnet tool ships its assemblies as IL only, so every fresh pwsh compiles System.Management.Automation's
startup path again: about 1 s of CPU a process, and the suites start several hundred. The copy runs the same code of
the same version; only the JIT's work is done once, here. Nothing of Verifik is compiled: coverlet instruments its IL.
A copy that is up to date is kept. Without crossgen2 (another SDK, another platform) it returns $Source's pwsh.dll.
#>
[CmdletBinding()]
[OutputType([string])]
param(
    # The pwsh to copy: $PSHOME of the pinned tool.
    [Parameter(Mandatory)][string]$Source,
    [Parameter(Mandatory)][string]$Destination,
    # crossgen2 from the SDK's own pack (tools/Tools.proj downloads it); empty or missing: no copy.
    [string]$Crossgen2
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

# The ones a test process loads (the others stay IL): [AppDomain]::CurrentDomain.GetAssemblies() after a sign-in.
$assemblies = 'System.Management.Automation', 'pwsh', 'Microsoft.PowerShell.ConsoleHost', 'Microsoft.PowerShell.Commands.Utility',
    'Microsoft.PowerShell.Commands.Management', 'Microsoft.PowerShell.Security', 'Microsoft.PowerShell.MarkdownRender',
    'Newtonsoft.Json', 'Microsoft.ApplicationInsights'

if (-not $Crossgen2 -or -not (Test-Path -LiteralPath $Crossgen2)) {
    Write-Warning "crossgen2 was not found ('$Crossgen2'): the tests run in the pinned pwsh as it is, which is slower."
    return Join-Path $Source 'pwsh.dll'
}

$runtime = [System.Runtime.InteropServices.RuntimeEnvironment]::GetRuntimeDirectory()
$stampPath = Join-Path $Destination 'test-pwsh.stamp'
$stamp = @($Source, $Crossgen2, $runtime) + $assemblies -join "`n"
if ((Test-Path -LiteralPath $stampPath) -and (Get-Content -LiteralPath $stampPath -Raw) -eq $stamp) {
    return Join-Path $Destination 'pwsh.dll'
}

Remove-Item -LiteralPath $Destination -Recurse -Force -ErrorAction Ignore
Copy-Item -LiteralPath $Source -Destination $Destination -Recurse
# A response file: on Unix, PowerShell would expand the references' wildcards into one argument each.
$responseFile = Join-Path $Destination 'crossgen2.rsp'
foreach ($name in $assemblies) {
    Set-Content -LiteralPath $responseFile -Value @(
        (Join-Path $Source "$name.dll"), '-o', (Join-Path $Destination "$name.dll"), '-O'
        '-r', (Join-Path $Source '*.dll'), '-r', (Join-Path $runtime '*.dll'))
    $output = & $Crossgen2 "@$responseFile" 2>&1
    if ($LASTEXITCODE -ne 0) {
        $output | Out-Host
        throw "crossgen2 could not compile $name.dll (exit code $LASTEXITCODE)."
    }
}
Remove-Item -LiteralPath $responseFile
Set-Content -LiteralPath $stampPath -Value $stamp -NoNewline
Join-Path $Destination 'pwsh.dll'
