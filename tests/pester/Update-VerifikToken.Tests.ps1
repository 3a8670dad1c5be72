BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
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

    It 'exchanges the current token for a fresh one of <Months> calendar month(s) and keeps it in the session' -TestCases @(
        @{ Months = 1 }
        @{ Months = 3 }
        @{ Months = 120 }
    ) {
        $old = Connect-WithLifetime -LifetimeSeconds 3600 -Session $session

        $renewed = Update-VerifikToken -ExpiresInMonths $Months -Session $session -PassThru

        $renewed.PSObject.TypeNames[0] | Should -Be 'Verifik.Token'
        $renewed.ExpiresOn | Should -Be $renewed.IssuedOn.AddMonths($Months)
        Get-VerifikToken -Session $session -AsPlainText | Should -Not -Be $old
        $sent = Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests'
        $sent.path | Should -Be '/v2/auth/session'
        $sent.query | Should -Be "?origin=refresh&expiresIn=$Months"
    }

    It 'refuses -ExpiresInMonths <Months> before sending anything' -TestCases @(@{ Months = 0 }, @{ Months = 121 }) {
        $null = Connect-WithLifetime -LifetimeSeconds 3600 -Session $session

        { Update-VerifikToken -ExpiresInMonths $Months -Session $session } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,Verifik.Commands.UpdateVerifikTokenCommand'
        Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests' | Should -BeNullOrEmpty
    }

    It 'with -RevokeOthers gets a new token and every other token of the account stops working' {
        $old = Connect-WithLifetime -LifetimeSeconds 3600 -Session $session
        $teammate = New-VerifikSession -BaseUri $emulator.BaseUri
        $null = Connect-WithLifetime -LifetimeSeconds 3600 -Session $teammate

        $renewed = Update-VerifikToken -RevokeOthers -Force -Session $session -PassThru

        $sent = Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests'
        $sent.path | Should -Be '/v2/auth/renew-and-revoke'
        $sent.method | Should -Be 'POST'
        Get-VerifikToken -Session $session -AsPlainText | Should -Not -Be $old
        ([System.Net.NetworkCredential]::new('', $renewed.Token).Password) | Should -Be (Get-VerifikToken -Session $session -AsPlainText)
        (Invoke-VerifikRequest -Path /v2/clients/me -Session $session).email | Should -Be 'ana@example.com'
        { Invoke-VerifikRequest -Path /v2/clients/me -Session $teammate -ErrorAction Stop } |
            Should -Throw -ErrorId 'Verifik.Unauthorized,Verifik.Commands.InvokeVerifikRequestCommand'
        { Invoke-RestMethod "$($emulator.BaseUri)/v2/clients/me" -Headers @{ Authorization = "Bearer $old" } } | Should -Throw
    }

    It 'with -RevokeOthers asks first: -WhatIf and a host that cannot ask send nothing' {
        $null = Connect-WithLifetime -LifetimeSeconds 3600 -Session $session

        Update-VerifikToken -RevokeOthers -WhatIf -Session $session
        # A runbook (this harness runs -NonInteractive) gets the module's error, written, naming -Force; not the host's.
        Update-VerifikToken -RevokeOthers -Session $session -ErrorAction SilentlyContinue -ErrorVariable refused
        $refused[0].FullyQualifiedErrorId | Should -Be 'Verifik.InteractionRequired,Verifik.Commands.UpdateVerifikTokenCommand'
        $refused[0].Exception.Message | Should -Match '-Force'

        Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests' | Should -BeNullOrEmpty
        (Get-Command Update-VerifikToken).Parameters.RevokeOthers.ParameterSets.Keys | Should -Not -Contain 'Renew'
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

    It 'warns once per token, not on every call' {
        $null = Connect-WithLifetime -LifetimeSeconds (2 * 86400) -Session $session
        $null = Get-VerifikToken -Session $session -WarningVariable first -WarningAction SilentlyContinue
        $null = Get-VerifikToken -Session $session -WarningVariable second -WarningAction SilentlyContinue
        $null = Connect-WithLifetime -LifetimeSeconds (2 * 86400) -Session $session
        $null = Get-VerifikToken -Session $session -WarningVariable nextToken -WarningAction SilentlyContinue

        @($first).Count | Should -Be 1
        $second | Should -BeNullOrEmpty
        @($nextToken).Count | Should -Be 1
    }

    It 'outputs nothing without -PassThru, as PowerShell''s Update- cmdlets' {
        $null = Connect-WithLifetime -LifetimeSeconds 3600 -Session $session
        $before = Get-VerifikToken -Session $session -AsPlainText

        $output = Update-VerifikToken -Session $session

        $output | Should -BeNullOrEmpty
        Get-VerifikToken -Session $session -AsPlainText | Should -Not -Be $before
    }
}
