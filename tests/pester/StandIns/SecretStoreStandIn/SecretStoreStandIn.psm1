<#
A stand-in for SecretManagement's Get-Secret and Set-Secret, so examples/Runbook.ps1 runs as written against a
store the test can read: each secret is a file named after it in the folder $env:VERIFIK_TEST_SECRET_STORE, holding
the text. Found by command discovery when tests/pester/StandIns comes first in PSModulePath.
#>

function Get-SecretPath([string]$Name) {
    if (-not $env:VERIFIK_TEST_SECRET_STORE) {
        throw 'Set $env:VERIFIK_TEST_SECRET_STORE to the stand-in store''s folder.'
    }
    Join-Path $env:VERIFIK_TEST_SECRET_STORE $Name
}

function Get-Secret {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0)]
        [string]$Name,

        [string]$Vault,

        [switch]$AsPlainText
    )

    $path = Get-SecretPath $Name
    if (-not (Test-Path -LiteralPath $path)) {
        Write-Error -Message "The secret $Name was not found." -ErrorId 'GetSecretNotFound' -Category ObjectNotFound
        return
    }
    $text = Get-Content -Raw -LiteralPath $path
    if ($AsPlainText) { $text } else { ConvertTo-SecureString -String $text -AsPlainText -Force }
}

function Set-Secret {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0)]
        [string]$Name,

        [Parameter(Mandatory)]
        [object]$Secret,

        [string]$Vault
    )

    $text = if ($Secret -is [securestring]) { [System.Net.NetworkCredential]::new('', $Secret).Password } else { [string]$Secret }
    Set-Content -LiteralPath (Get-SecretPath $Name) -Value $text -NoNewline
}

Export-ModuleMember -Function Get-Secret, Set-Secret
