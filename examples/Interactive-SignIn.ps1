#Requires -Modules Verifik
<#
.SYNOPSIS
Signs in at the prompt and calls the API: what an administrator does in a new shell.
.DESCRIPTION
Connect-Verifik asks Verifik to send a code to the address, asks you for it (and for the authenticator-app code on
two-factor accounts) through the host, so it works the same in a console, VS Code or a remote session, and keeps
the token in this shell's session.
.EXAMPLE
./examples/Interactive-SignIn.ps1 -Email you@example.com
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string]$Email,

    # Another Verifik than the public API, such as the emulator: http://127.0.0.1:5080.
    [uri]$BaseUri = 'https://api.verifik.co'
)

$ErrorActionPreference = 'Stop'
Connect-Verifik -Email $Email -BaseUri $BaseUri

$me = Invoke-RestMethod "$("$BaseUri".TrimEnd('/'))/v2/clients/me" -Headers (Get-VerifikToken -AsHeader)
$token = Get-VerifikToken
"Signed in as $($me.data.name) <$($me.data.email)>; the token is valid for $($token.TimeRemaining.Days) more days."
