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
if (`$null -ne `$quiet) { throw 'Connect-Verifik wrote to the output stream' }
(Invoke-VerifikRequest -Path /v2/clients/me).email
"@

        $result.StdErr | Should -BeNullOrEmpty
        $result.ExitCode | Should -Be 0
        $first, $last = ($result.StdOut.Trim() -split '\r?\n')[0, -1]
        $first | Should -Match '^Signed in to Verifik as .+ until ' -Because 'the welcome line shows at a plain pwsh, as Write-Host does'
        $last | Should -Be 'bob+ops@example.com'
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

    It 'binds a piped address to -Email' {
        'ana@example.com' | Connect-Verifik -Session $session -ErrorAction SilentlyContinue -ErrorVariable failure

        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -Be 'Verifik.InteractionRequired,Verifik.Commands.ConnectVerifikCommand'
        $failure[0].TargetObject | Should -Be 'a***@example.com' -Because 'the address was bound, not asked for'
    }

    It 'stops at a piped value that is no address, with the binding error alone' {
        $failure = @(try { 'not an address' | Connect-Verifik -Session $session -ErrorAction SilentlyContinue -ErrorVariable bound; $bound } catch { $_ })

        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -Not -Match '^Verifik\.' -Because 'nothing is asked for or adopted after it'
        $failure[0].Exception.Message | Should -Match 'email address'
    }
}

Describe 'Success says so, once' {
    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
        $script:session = New-VerifikSession -BaseUri $emulator.BaseUri
        $script:jwt = New-TestToken
    }

    It 'says who and until when in one line on the information stream, tagged PSHOST, with no token in it' {
        $all = @(Connect-Verifik -AccessToken $jwt -Session $session 6>&1)

        $all.Count | Should -Be 1
        $all[0] | Should -BeOfType [System.Management.Automation.InformationRecord]
        $all[0].Tags | Should -Contain 'PSHOST'
        $line = "$($all[0].MessageData)"
        # Who, as Get-VerifikSession's SignedInAs names it (the address, or what the token carries instead).
        $line | Should -Match "^Signed in to Verifik as $([regex]::Escape($session.SignedInAs)) until \d{4}-\d\d-\d\d \d\d:\d\d \(this shell only; -Scope CurrentUser keeps it\)\.$"
        foreach ($part in $jwt -split '\.') { $line | Should -Not -Match ([regex]::Escape($part)) }
    }

    It 'says the sign-in is saved with -Scope CurrentUser' {
        try {
            $line = "$(Connect-Verifik -AccessToken $jwt -Session $session -Scope CurrentUser 6>&1)"

            $line | Should -Match '\(saved for your next shells; Disconnect-Verifik removes it\)\.$'
        }
        finally { Disconnect-Verifik -Session $session }
    }

    It 'says nothing with -NoWelcome, and outputs only the token with -PassThru' {
        Connect-Verifik -AccessToken $jwt -Session $session -NoWelcome 6>&1 | Should -BeNullOrEmpty

        $all = @(Connect-Verifik -AccessToken $jwt -Session $session -NoWelcome -PassThru 6>&1)

        $all.Count | Should -Be 1
        $all[0].PSObject.TypeNames[0] | Should -Be 'Verifik.Token'
    }
}
