<#
.SYNOPSIS
Runs one command as the FIRST call of the module in a fresh pwsh, then writes everything it output and every error
record through Export-Clixml and ConvertTo-Json -Depth 10 into -OutFolder, for Serialisation.Tests.ps1 to search
for the token and the code. -SecretOutput leaves out the output of a command asked for the token in plain text.
#>
param(
    [Parameter(Mandatory)] [string]$ModulePath,
    [Parameter(Mandatory)] [string]$OutFolder,
    [Parameter(Mandatory)] [string]$First,
    [switch]$SecretOutput
)

$ErrorActionPreference = 'Continue'
Import-Module $ModulePath
$output = @()
try {
    $output = @(& ([scriptblock]::Create($First)) 2>$null)
}
catch {
    # Terminating errors are in $Error already, which is what is searched.
}
"TYPEDATA $(@(Get-TypeData -TypeName 'Verifik.VerifikToken', 'Verifik.VerifikSession').Count)"
"ERRORS $($Error.Count)"

$everything = @($Error) + $(if ($SecretOutput) { @() } else { $output })
$everything | Export-Clixml -LiteralPath (Join-Path $OutFolder 'everything.clixml') -Depth 5
# An error record's whole graph (InvocationInfo.MyCommand, TargetSite) runs to the engine and takes minutes at depth
# 10; what the module puts into a record is its target, its exception chain, its details and the bound parameters.
$module = foreach ($item in $everything) {
    if ($item -is [System.Management.Automation.ErrorRecord]) {
        $exceptions = for ($exception = $item.Exception; $exception; $exception = $exception.InnerException) {
            $exception | Select-Object -Property * -ExcludeProperty TargetSite, InnerException
        }
        [pscustomobject]@{ Target = $item.TargetObject; Exceptions = @($exceptions); Details = $item.ErrorDetails; Bound = $item.InvocationInfo.BoundParameters }
    }
    else {
        $item
    }
}
ConvertTo-Json -InputObject @($module) -Depth 10 -WarningAction SilentlyContinue | Set-Content -LiteralPath (Join-Path $OutFolder 'everything.json')

# The token the session ended with (a renewal or sign-in makes a new one), for the test to search for too.
try { "SECRET $(Get-VerifikToken -AsPlainText -WarningAction SilentlyContinue)" } catch { }
