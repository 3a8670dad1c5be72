BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    Import-Module (Get-VerifikModulePath) -Force
    $script:emulator = Start-TestEmulator

    function New-TestToken([int]$LifetimeSeconds = 2592000, [string]$Email = 'ana@example.com') {
        (Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/tokens' -Body @{ email = $Email; lifetimeSeconds = $LifetimeSeconds }).accessToken
    }
}

AfterAll {
    Stop-TestEmulator -Emulator $emulator
}

Describe 'Connect-Verifik and Disconnect-Verifik' {
    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
        $script:session = New-VerifikSession -BaseUri $emulator.BaseUri
    }

    It 'adopts a token given as a <Kind>, prints nothing, and the token works' -TestCases @(
        @{ Kind = 'SecureString'; AsSecure = $true }
        @{ Kind = 'plain string'; AsSecure = $false }
    ) {
        $jwt = New-TestToken
        $value = if ($AsSecure) { ConvertTo-SecureString $jwt -AsPlainText -Force } else { $jwt }

        $output = Connect-Verifik -AccessToken $value -Session $session

        $output | Should -BeNullOrEmpty
        $session.IsConnected | Should -BeTrue
        Get-VerifikToken -Session $session -AsPlainText | Should -BeExactly $jwt
        (Invoke-VerifikRequest -Path '/v2/clients/me' -Session $session).email | Should -Be 'ana@example.com'
    }

    It 'outputs the Verifik.Token with -PassThru' {
        $token = Connect-Verifik -AccessToken (New-TestToken) -Session $session -PassThru

        $token.PSObject.TypeNames[0] | Should -Be 'Verifik.Token'
        $token.TimeRemaining.TotalDays | Should -BeGreaterThan 29
    }

    It 'refuses <Why> with Verifik.InvalidToken and keeps the session as it was' -TestCases @(
        @{ Why = 'text that is not a JWT'; Token = 'not-a-token' }
        @{ Why = 'a JWT whose payload is not JSON'; Token = 'eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln' }
        @{ Why = 'an expired token'; Token = $null }
    ) {
        $value = if ($Token) { $Token } else { New-TestToken -LifetimeSeconds -60 }

        { Connect-Verifik -AccessToken $value -Session $session -ErrorAction Stop } |
            Should -Throw -ErrorId 'Verifik.InvalidToken,Verifik.Commands.ConnectVerifikCommand'
        $session.Token | Should -BeNullOrEmpty
    }

    It 'reads $env:VERIFIK_ACCESS_TOKEN when called with no parameters in a non-interactive session' {
        $jwt = New-TestToken -Email 'bob+ops@example.com'
        $result = Invoke-FreshPwsh -Environment @{ VERIFIK_ACCESS_TOKEN = $jwt; VERIFIK_BASE_URL = $emulator.BaseUri } -Command @"
Import-Module '$(Get-VerifikModulePath)'
`$quiet = Connect-Verifik
if (`$null -ne `$quiet) { throw 'Connect-Verifik printed something' }
(Invoke-VerifikRequest -Path /v2/clients/me).email
"@

        $result.StdErr | Should -BeNullOrEmpty
        $result.ExitCode | Should -Be 0
        $result.StdOut.Trim() | Should -Be 'bob+ops@example.com'
    }

    It 'explains what to do when called with nothing to sign in with and no prompt' {
        $result = Invoke-FreshPwsh -Environment @{ VERIFIK_ACCESS_TOKEN = $null; VERIFIK_BASE_URL = $emulator.BaseUri } -Command @"
Import-Module '$(Get-VerifikModulePath)'
try { Connect-Verifik -ErrorAction Stop } catch { `$_.FullyQualifiedErrorId; `$_.Exception.Message }
"@

        $result.StdOut | Should -Match 'Verifik.InteractionRequired,Verifik.Commands.ConnectVerifikCommand'
        $result.StdOut | Should -Match 'VERIFIK_ACCESS_TOKEN'
    }

    It 'refuses -Email when it cannot prompt for the code, before any code is sent' {
        { Connect-Verifik -Email ana@example.com -Session $session -ErrorAction Stop } |
            Should -Throw -ErrorId 'Verifik.InteractionRequired,Verifik.Commands.ConnectVerifikCommand'
        Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests' | Should -BeNullOrEmpty
    }

    It 'forgets the token with Disconnect-Verifik, which prints nothing, and keeps it with -WhatIf' {
        Connect-Verifik -AccessToken (New-TestToken) -Session $session

        Disconnect-Verifik -Session $session -WhatIf
        $session.IsConnected | Should -BeTrue
        $output = Disconnect-Verifik -Session $session

        $output | Should -BeNullOrEmpty
        $session.Token | Should -BeNullOrEmpty
        { Get-VerifikToken -Session $session -ErrorAction Stop } | Should -Throw -ErrorId 'Verifik.NotConnected,Verifik.Commands.GetVerifikTokenCommand'
    }
}
