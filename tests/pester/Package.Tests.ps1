# The package that build.ps1 -Task Package makes, installed the way users install it: published to a PSResourceGet
# repository, saved from there, imported by name in a fresh pwsh, and used to sign in.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    $emulator = Start-TestEmulator

    $workspace = Join-Path ([System.IO.Path]::GetTempPath()) "verifik-package-$([guid]::NewGuid().ToString('n'))"
    $feed = Join-Path $workspace 'feed'
    $installRoot = Join-Path $workspace 'modules'
    $dataHome = Join-Path $workspace 'data'
    # .NET reports no LocalApplicationData for an XDG_DATA_HOME that does not exist, and PSResourceGet would then
    # write its settings to the current folder.
    $null = New-Item -ItemType Directory -Path $feed, $installRoot, $dataHome

    $package = & (Join-Path (Get-VerifikRepoRoot) 'tools/New-ModulePackage.ps1') -ModulePath (Get-VerifikModulePath) -DestinationPath $feed
    $version = (Import-PowerShellDataFile -LiteralPath (Join-Path (Get-VerifikModulePath) 'Verifik.psd1')).ModuleVersion

    # PSResourceGet keeps its repositories in the user's LocalApplicationData. The child points that at the workspace
    # (XDG_DATA_HOME, outside Windows) and unregisters in any case, so the user's own list is never changed.
    $install = Invoke-FreshPwsh -Environment @{ XDG_DATA_HOME = $dataHome; FEED = $feed; INSTALL_ROOT = $installRoot } -Command @'
$ErrorActionPreference = 'Stop'
$repository = 'VerifikTest' + [guid]::NewGuid().ToString('n')
Register-PSResourceRepository -Name $repository -Uri $env:FEED -Trusted
try {
    Save-PSResource -Name Verifik -Repository $repository -Path $env:INSTALL_ROOT -TrustRepository
    # Proof that the registration went to the workspace, not to the user's settings.
    if (-not $IsWindows -and -not (Test-Path (Join-Path $env:XDG_DATA_HOME 'PSResourceGet/PSResourceRepository.xml'))) {
        throw "PSResourceGet did not keep its settings under XDG_DATA_HOME ($env:XDG_DATA_HOME)."
    }
}
finally {
    Unregister-PSResourceRepository -Name $repository
}
'@

    $use = Invoke-FreshPwsh -Environment @{
        PSModulePath = $installRoot + [System.IO.Path]::PathSeparator + $env:PSModulePath
        BASE_URI     = $emulator.BaseUri
        HELPERS      = (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1')
        VERIFIK_BASE_URL = $null
    } -Command @'
$ErrorActionPreference = 'Stop'
Import-Module -Name Verifik
Import-Module -Name $env:HELPERS
$emulator = [pscustomobject]@{ BaseUri = $env:BASE_URI }
$null = Request-VerifikOtp -Email ana@example.com -BaseUri $env:BASE_URI
$token = Confirm-VerifikOtp -Email ana@example.com -Otp (Get-TestOtp -Emulator $emulator -To ana@example.com) -BaseUri $env:BASE_URI
[ordered]@{
    ModuleBase = (Get-Module -Name Verifik).ModuleBase
    Version    = (Get-Module -Name Verifik).Version.ToString()
    Email      = $token.Email
    Synopsis   = (Get-Help -Name Get-VerifikToken).Synopsis
    About      = (Get-Help -Name about_Verifik | Out-String)
} | ConvertTo-Json
'@
}

AfterAll {
    Stop-TestEmulator -Emulator $emulator
    Remove-Item -LiteralPath $workspace -Recurse -Force -ErrorAction Ignore
}

Describe 'The module package' {
    It 'is Verifik.<version>.nupkg' {
        $package.Name | Should -Be "Verifik.$version.nupkg"
        $package.FullName | Should -Exist
    }

    It 'carries the LICENSE and the third-party notices' {
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead($package.FullName)
        try {
            $zip.Entries.FullName | Should -Contain 'LICENSE'
            $zip.Entries.FullName | Should -Contain 'THIRD-PARTY-NOTICES.txt'
        }
        finally {
            $zip.Dispose()
        }
    }

    It 'installs from a PSResourceGet repository' {
        $install.StdErr | Should -BeNullOrEmpty
        $install.ExitCode | Should -Be 0
        Join-Path $installRoot "Verifik/$version/Verifik.psd1" | Should -Exist
    }

    It 'imports by name once installed and signs in against the emulator' {
        $use.StdErr | Should -BeNullOrEmpty
        $use.ExitCode | Should -Be 0
        $result = $use.StdOut | ConvertFrom-Json
        $result.ModuleBase | Should -BeLike "$installRoot*"
        $result.Version | Should -Be $version
        $result.Email | Should -Be 'ana@example.com'
    }

    It 'carries the compiled help' {
        $result = $use.StdOut | ConvertFrom-Json
        $result.Synopsis | Should -Not -BeLike '*`[<CommonParameters>]*'
        $result.About | Should -Match 'VERIFIK_BASE_URL'
    }
}
