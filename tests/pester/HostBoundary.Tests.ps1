# A token and a code go only to the Verifik that issued them. The "other host" is a second emulator on 127.0.0.2:
# another origin on the same machine, whose request log shows anything the module sent it.
BeforeDiscovery {
    $script:onWindows = $IsWindows
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    Import-Module (Get-VerifikModulePath) -Force
    $script:emulator = Start-TestEmulator -AsDefault
    $script:other = Start-TestEmulator -Address 127.0.0.2
    $script:modulePath = Get-VerifikModulePath

    # What the other host received; each test starts with an empty log there.
    function Get-OtherRequests { @(Invoke-TestEmulator -Emulator $other -Path '/_emulator/requests') }

    function Add-Fault([pscustomobject]$On, [hashtable]$Fault) {
        $null = Invoke-TestEmulator -Emulator $On -Method POST -Path '/_emulator/faults' -Body $Fault
    }
}

AfterAll {
    Stop-TestEmulator -Emulator $other
    Stop-TestEmulator -Emulator $emulator
}

Describe 'Piped data never chooses the host' {
    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
        Reset-TestEmulator -Emulator $other
        $script:session = New-VerifikSession
        $script:jwt = New-TestToken -Emulator $emulator
        Connect-Verifik -AccessToken $jwt -Session $session
    }

    It '<Name> ignores a BaseUri property of piped objects' -ForEach @(
        @{ Name = 'Invoke-VerifikRequest'; Send = { [pscustomobject]@{ Path = '/v2/clients/me'; BaseUri = $other.BaseUri } | Invoke-VerifikRequest -Session $session } }
        @{ Name = 'Update-VerifikToken'; Send = { [pscustomobject]@{ BaseUri = $other.BaseUri } | Update-VerifikToken -Session $session -ErrorAction SilentlyContinue } }
        @{ Name = 'Request-VerifikOtp'; Send = { [pscustomobject]@{ Email = 'ana@example.com'; BaseUri = $other.BaseUri } | Request-VerifikOtp -Session $session } }
        @{ Name = 'Confirm-VerifikOtp'; Send = {
                $null = Request-VerifikOtp -Email ana@example.com -Session $session
                [pscustomobject]@{ Email = 'ana@example.com'; BaseUri = $other.BaseUri } | Confirm-VerifikOtp -Otp (Get-TestOtp -Emulator $emulator -To ana@example.com) -Session $session } }
        @{ Name = 'Connect-Verifik'; Send = {
                [pscustomobject]@{ BaseUri = $other.BaseUri } | Connect-Verifik -AccessToken $jwt -Session $session -ErrorAction SilentlyContinue
                Invoke-VerifikRequest -Path /v2/clients/me -Session $session } }
    ) {
        $null = & $Send

        Get-OtherRequests | Should -BeNullOrEmpty
        @(Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests').Count | Should -BeGreaterThan 0
    }

    It '<Name> ignores a Session property of piped objects, which PowerShell could turn into a session for another host' -ForEach @(
        @{ Name = 'Request-VerifikOtp'; Send = { [pscustomobject]@{ Email = 'ana@example.com'; Session = [uri]$other.BaseUri } | Request-VerifikOtp } }
        @{ Name = 'Confirm-VerifikOtp'; Send = {
                $null = Request-VerifikOtp -Email ana@example.com
                [pscustomobject]@{ Email = 'ana@example.com'; Session = [uri]$other.BaseUri } | Confirm-VerifikOtp -Otp (Get-TestOtp -Emulator $emulator -To ana@example.com) } }
        @{ Name = 'Invoke-VerifikRequest'; Send = {
                Connect-Verifik -AccessToken $jwt
                [pscustomobject]@{ Path = '/v2/clients/me'; Session = @{ BaseUri = $other.BaseUri } } | Invoke-VerifikRequest -ErrorAction SilentlyContinue } }
    ) {
        $null = & $Send

        Get-OtherRequests | Should -BeNullOrEmpty
        @(Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests').Count | Should -BeGreaterThan 0
    }

    It 'keeps the issuer after a renewal answered by a host named for that one call' {
        Add-Fault -On $other @{ path = '/v2/auth/session'; status = 200; body = (@{ accessToken = (New-TestToken -Emulator $other) } | ConvertTo-Json -Compress) }
        $null = Update-VerifikToken -Session $session -BaseUri $other.BaseUri
        $null = Invoke-TestEmulator -Emulator $other -Method DELETE -Path '/_emulator/requests'

        $null = Invoke-VerifikRequest -Path /v2/auth/session -Query @{ origin = 'refresh' } -Session $session -ErrorAction SilentlyContinue

        Get-OtherRequests | Should -BeNullOrEmpty
    }
}

Describe 'An adopted token keeps the Verifik it was adopted for' -Skip:$onWindows {
    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
        Reset-TestEmulator -Emulator $other
        $script:configHome = (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "verifik-$([guid]::NewGuid().ToString('N'))")).FullName
    }

    AfterEach {
        Remove-Item -LiteralPath $configHome -Recurse -Force -ErrorAction Ignore
    }

    It 'saves the base URI in effect at adoption, and a shell with another VERIFIK_BASE_URL sends the token there, not to its own' {
        $adopt = Invoke-FreshPwsh -Environment @{ XDG_CONFIG_HOME = $configHome; VERIFIK_BASE_URL = $emulator.BaseUri; VERIFIK_ACCESS_TOKEN = $null } -Command (
            "Import-Module '$modulePath'; Connect-Verifik -AccessToken '$(New-TestToken -Emulator $emulator)' -Scope CurrentUser")
        $later = Invoke-FreshPwsh -Environment @{ XDG_CONFIG_HOME = $configHome; VERIFIK_BASE_URL = $other.BaseUri; VERIFIK_ACCESS_TOKEN = $null } -Command (
            "Import-Module '$modulePath'; (Invoke-VerifikRequest -Path /v2/clients/me).email")

        $adopt.ExitCode | Should -Be 0
        (Get-Content -Raw -LiteralPath (Join-Path $configHome 'verifik/token.json') | ConvertFrom-Json).baseUri | Should -Be "$($emulator.BaseUri)/"
        $later.StdOut.Trim() | Should -Be 'ana@example.com'
        Get-OtherRequests | Should -BeNullOrEmpty
    }

    It 'keeps, for a token the default session took from $env:VERIFIK_ACCESS_TOKEN, the base URI in effect then' {
        $run = Invoke-FreshPwsh -Environment @{ XDG_CONFIG_HOME = $configHome; VERIFIK_BASE_URL = $emulator.BaseUri; VERIFIK_ACCESS_TOKEN = (New-TestToken -Emulator $emulator) } -Command (
            "Import-Module '$modulePath'; `$null = Invoke-VerifikRequest /v2/clients/me; `$env:VERIFIK_BASE_URL = '$($other.BaseUri)'; (Invoke-VerifikRequest /v2/clients/me).email")

        $run.StdOut.Trim() | Should -Be 'ana@example.com'
        Get-OtherRequests | Should -BeNullOrEmpty
    }

    It 'keeps that issuer when Connect-Verifik adopts the same token again after $env:VERIFIK_BASE_URL changed' {
        $run = Invoke-FreshPwsh -Environment @{ XDG_CONFIG_HOME = $configHome; VERIFIK_BASE_URL = $emulator.BaseUri; VERIFIK_ACCESS_TOKEN = (New-TestToken -Emulator $emulator) } -Command (
            "Import-Module '$modulePath'; `$null = Invoke-VerifikRequest /v2/clients/me; `$env:VERIFIK_BASE_URL = '$($other.BaseUri)'; Connect-Verifik -NoWelcome; (Invoke-VerifikRequest /v2/clients/me).email")

        $run.StdOut.Trim() | Should -Be 'ana@example.com'
        Get-OtherRequests | Should -BeNullOrEmpty
    }
}
