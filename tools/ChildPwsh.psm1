Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot 'Verifik.TestHelpers.psm1')

<#
.SYNOPSIS
Starts a script file in a new pwsh (-NoProfile -NonInteractive) that runs beside the caller, with the caller's
environment; its output goes to -LogPath and its errors to -LogPath.err, for Wait-ChildPwsh to print in one piece.
#>
function Start-ChildPwsh {
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)][string]$Name,
        [Parameter(Mandatory)][string]$File,
        [string[]]$ArgumentList = @(),
        [Parameter(Mandatory)][string]$LogPath,
        # How to start it (Get-PwshCommand's shape): by default, like the caller.
        [pscustomobject]$Pwsh = (Get-PwshCommand)
    )

    $arguments = @($Pwsh.ArgumentList) + @('-NoProfile', '-NonInteractive', '-File', $File) + $ArgumentList
    # Start-Process joins its arguments with spaces before the child splits them again: each one is quoted.
    $process = Start-Process -FilePath $Pwsh.FilePath -ArgumentList ($arguments | ForEach-Object { '"' + ($_ -replace '"', '\"') + '"' }) `
        -NoNewWindow -PassThru -RedirectStandardOutput $LogPath -RedirectStandardError "$LogPath.err"
    [pscustomobject]@{ Name = $Name; Process = $process; LogPath = $LogPath }
}

<#
.SYNOPSIS
Waits for a pwsh started by Start-ChildPwsh (-TimeoutSeconds, then it is killed), prints its output and errors
under its name, and returns its exit code.
#>
function Wait-ChildPwsh {
    [CmdletBinding()]
    [OutputType([int])]
    param(
        [Parameter(Mandatory)][pscustomobject]$Child,
        [ValidateRange(1, 7200)][int]$TimeoutSeconds = 1800
    )

    if (-not $Child.Process.WaitForExit($TimeoutSeconds * 1000)) {
        $Child.Process.Kill($true)
        $Child.Process.WaitForExit()
        Write-Host "$($Child.Name) did not finish within $TimeoutSeconds seconds and was stopped." -ForegroundColor Red
    }
    Write-Host "---- $($Child.Name) (exit code $($Child.Process.ExitCode)) ----"
    Get-Content -LiteralPath $Child.LogPath, "$($Child.LogPath).err" -ErrorAction Ignore | Out-Host
    $Child.Process.ExitCode
}

Export-ModuleMember -Function 'Start-ChildPwsh', 'Wait-ChildPwsh'
