#Requires -Modules Verifik
#Requires -Version 7.0
<#
.SYNOPSIS
Many calls at once with one token: ForEach-Object -Parallel sharing this shell's session. PowerShell 7 only.
.DESCRIPTION
Sign in once: the default session is the process's, so every parallel runspace uses that sign-in. The session is safe
to share between threads: they read one token (even while another thread renews it) and reuse its connections.
The script still hands the session over with -Session $using:session, so it works the same when called with a
session of your own from New-VerifikSession, which is how separate identities are kept apart.
Windows PowerShell 5.1 has no ForEach-Object -Parallel: there, pass the session the same way to the script blocks of
a runspace pool ([runspacefactory]::CreateRunspacePool and [powershell]::Create() with .AddParameter('Session',
$session)), or to Start-ThreadJob from the ThreadJob module.
.EXAMPLE
Connect-Verifik -Email you@example.com
./examples/Parallel-FanOut.ps1 -Path (1..20 | ForEach-Object { '/v2/clients/me' })
#>
[CmdletBinding()]
param(
    [string[]]$Path = @('/v2/clients/me'),

    [ValidateRange(1, 64)]
    [int]$ThrottleLimit = 8
)

$ErrorActionPreference = 'Stop'
$session = Get-VerifikSession
$null = Get-VerifikToken -MinimumValidity (New-TimeSpan -Minutes 10)

$Path | ForEach-Object -ThrottleLimit $ThrottleLimit -Parallel {
    [pscustomobject]@{
        Path   = $_
        Thread = [System.Threading.Thread]::CurrentThread.ManagedThreadId
        Answer = Invoke-VerifikRequest -Path $_ -Session $using:session
    }
}
