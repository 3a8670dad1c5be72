BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    Import-Module (Get-VerifikModulePath) -Force
    $script:emulator = Start-TestEmulator

    function Connect-WithLifetime([int]$LifetimeSeconds, $Session) {
        $jwt = New-TestToken -Emulator $emulator -LifetimeSeconds $LifetimeSeconds
        Connect-Verifik -AccessToken $jwt -Session $Session
        $jwt
    }

    function Set-ExpiredToken($Session) {
        # Connect-Verifik refuses an expired token, so it arrives as a confirmation's answer would.
        $expired = New-TestToken -Emulator $emulator -LifetimeSeconds -5
        $null = Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/faults' -Body @{
            path = '/v2/projects/email-login/confirm'; status = 200; body = (@{ data = @{ accessToken = $expired; tokenType = 'bearer' } } | ConvertTo-Json -Compress)
        }
        $null = Confirm-VerifikOtp -Email ana@example.com -Otp 123456 -Session $Session
    }
}

AfterAll {
    Stop-TestEmulator -Emulator $emulator
}

Describe 'Test-VerifikToken' {
    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
        $script:session = New-VerifikSession -BaseUri $emulator.BaseUri
    }

    It 'is $true for a usable token, and with -MinimumValidity while at least that is left' {
        $null = Connect-WithLifetime -LifetimeSeconds (10 * 86400) -Session $session

        Test-VerifikToken -Session $session | Should -BeExactly $true
        Test-VerifikToken -Session $session -MinimumValidity (New-TimeSpan -Days 9) | Should -BeExactly $true
        Test-VerifikToken -Session $session -MinimumValidity (New-TimeSpan -Days 11) | Should -BeExactly $false
    }

    It 'is $false with no error, and -Verbose says why: <Case> token' -TestCases @(
        @{ Case = 'missing'; Says = 'no token' }
        @{ Case = 'expired'; Says = 'expired on' }
        @{ Case = 'refused'; Says = 'refused' }
        @{ Case = 'expiring'; Says = 'less than the 7d 0h' }
    ) {
        switch ($Case) {
            'expired' { Set-ExpiredToken $session }
            'refused' {
                $old = Connect-WithLifetime -LifetimeSeconds (20 * 86400) -Session $session
                $null = Invoke-RestMethod -Method Post "$($emulator.BaseUri)/v2/auth/renew-and-revoke" -Headers @{ Authorization = "Bearer $old" }
                $null = Invoke-VerifikRequest -Path /v2/clients/me -Session $session -ErrorAction SilentlyContinue
            }
            'expiring' { $null = Connect-WithLifetime -LifetimeSeconds (2 * 86400) -Session $session }
        }
        Invoke-TestEmulator -Emulator $emulator -Method DELETE -Path '/_emulator/requests'

        $output = Test-VerifikToken -Session $session -MinimumValidity (New-TimeSpan -Days 7) -Verbose -ErrorVariable failed `
            -WarningVariable warned -InformationVariable notices 4>&1

        $failed | Should -BeNullOrEmpty
        $warned | Should -BeNullOrEmpty
        $notices | Should -BeNullOrEmpty
        $answer = @($output | Where-Object { $_ -is [bool] })
        $why = @($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $answer | Should -Be @($false)
        $why | Should -HaveCount 1
        $why[0].Message | Should -Match ([regex]::Escape($Says))
        $why[0].Message | Should -Not -Match 'ana@example\.com'
        Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests' | Should -BeNullOrEmpty
    }

    It 'is $false, with no error, for an expired $env:VERIFIK_ACCESS_TOKEN in a fresh shell, and $true once a usable one is set' {
        $expired = New-TestToken -Emulator $emulator -LifetimeSeconds -5
        $usable = New-TestToken -Emulator $emulator

        $result = Invoke-FreshPwsh -Environment @{ VERIFIK_TEST_MODULE = (Get-VerifikModulePath); VERIFIK_BASE_URL = $emulator.BaseUri; VERIFIK_ACCESS_TOKEN = $expired } -Command @"
Import-Module `$env:VERIFIK_TEST_MODULE
`$ErrorActionPreference = 'Stop'
Test-VerifikToken
`$env:VERIFIK_ACCESS_TOKEN = '$usable'
Test-VerifikToken
"@

        $result.StdErr | Should -BeNullOrEmpty
        $result.ExitCode | Should -Be 0
        ($result.StdOut.Trim() -split '\r?\n') | Should -Be @('False', 'True')
    }
}
