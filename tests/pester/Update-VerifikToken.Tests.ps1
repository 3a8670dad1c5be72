BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Verifik.TestHelpers.psm1') -Force
    Import-Module (Get-VerifikModulePath) -Force
    $script:emulator = Start-TestEmulator

    function Connect-WithLifetime([int]$LifetimeSeconds, $Session) {
        $jwt = (Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/tokens' -Body @{ email = 'ana@example.com'; lifetimeSeconds = $LifetimeSeconds }).accessToken
        Connect-Verifik -AccessToken $jwt -Session $Session
        $jwt
    }
}

AfterAll {
    Stop-TestEmulator -Emulator $emulator
}

Describe 'Update-VerifikToken and token lifetime' {
    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
        $script:session = New-VerifikSession -BaseUri $emulator.BaseUri
    }

    It 'exchanges the current token for a fresh one of <Months> month(s) and keeps it in the session' -TestCases @(
        @{ Months = 1 }
        @{ Months = 3 }
    ) {
        $old = Connect-WithLifetime -LifetimeSeconds 3600 -Session $session

        $renewed = Update-VerifikToken -ExpiresInMonths $Months -Session $session

        $renewed.PSObject.TypeNames[0] | Should -Be 'Verifik.Token'
        $renewed.TimeRemaining.TotalDays | Should -BeGreaterThan (30 * $Months - 0.1)
        Get-VerifikToken -Session $session -AsPlainText | Should -Not -Be $old
        $sent = Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests'
        $sent.path | Should -Be '/v2/auth/session'
        $sent.query | Should -Be "?origin=refresh&expiresIn=$Months"
    }

    It 'refuses an expired token with Verifik.TokenExpired before sending anything' {
        $expired = (Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/tokens' -Body @{ email = 'ana@example.com'; lifetimeSeconds = -5 }).accessToken
        $null = Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/faults' -Body @{
            path = '/v2/projects/email-login/confirm'; status = 200; body = (@{ data = @{ accessToken = $expired; tokenType = 'bearer' } } | ConvertTo-Json -Compress)
        }
        $null = Confirm-VerifikOtp -Email ana@example.com -Otp 123456 -Session $session
        Invoke-TestEmulator -Emulator $emulator -Method DELETE -Path '/_emulator/requests'

        { Update-VerifikToken -Session $session -ErrorAction Stop } | Should -Throw -ErrorId 'Verifik.TokenExpired,Verifik.Commands.UpdateVerifikTokenCommand'
        Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests' | Should -BeNullOrEmpty
    }

    It 'maps a revoked token to Verifik.Unauthorized' {
        $old = Connect-WithLifetime -LifetimeSeconds 3600 -Session $session
        $null = Invoke-RestMethod -Method Post "$($emulator.BaseUri)/v2/auth/renew-and-revoke" -Headers @{ Authorization = "Bearer $old" }

        $failure = { Update-VerifikToken -Session $session -ErrorAction Stop } | Should -Throw -PassThru

        $failure.FullyQualifiedErrorId | Should -Be 'Verifik.Unauthorized,Verifik.Commands.UpdateVerifikTokenCommand'
        $failure.Exception.StatusCode | Should -Be 401
        $failure.Exception.Message | Should -Not -Match ([regex]::Escape($old.Split('.')[2]))
    }

    It 'fails Get-VerifikToken -MinimumValidity with Verifik.TokenExpiring when less remains, so a runbook can renew first' {
        $null = Connect-WithLifetime -LifetimeSeconds (2 * 86400) -Session $session

        { Get-VerifikToken -Session $session -MinimumValidity (New-TimeSpan -Days 7) -ErrorAction Stop } |
            Should -Throw -ErrorId 'Verifik.TokenExpiring,Verifik.Commands.GetVerifikTokenCommand'
        (Get-VerifikToken -Session $session -MinimumValidity (New-TimeSpan -Days 1) -WarningAction SilentlyContinue).IsExpired | Should -BeFalse
    }

    It 'warns when less than 3 days remain, and not before' {
        $null = Connect-WithLifetime -LifetimeSeconds (2 * 86400) -Session $session
        $null = Get-VerifikToken -Session $session -WarningVariable soon -WarningAction SilentlyContinue
        $null = Connect-WithLifetime -LifetimeSeconds (4 * 86400) -Session $session
        $null = Get-VerifikToken -Session $session -WarningVariable later -WarningAction SilentlyContinue

        @($soon).Count | Should -Be 1
        $soon[0].Message | Should -Match 'Update-VerifikToken'
        $later | Should -BeNullOrEmpty
    }
}
