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

    It 'with -RevokeOthers asks first: -WhatIf, with or without it, and a host that cannot ask send nothing' {
        $token = Connect-WithLifetime -LifetimeSeconds 3600 -Session $session

        Update-VerifikToken -WhatIf -Session $session
        Update-VerifikToken -RevokeOthers -WhatIf -Session $session
        Get-VerifikToken -Session $session -AsPlainText -WarningAction SilentlyContinue | Should -Be $token
        # A runbook (this harness runs -NonInteractive) gets the module's error, written, naming -Force; not the host's.
        Update-VerifikToken -RevokeOthers -Session $session -ErrorAction SilentlyContinue -ErrorVariable refused
        $refused[0].FullyQualifiedErrorId | Should -Be 'Verifik.InteractionRequired,Verifik.Commands.UpdateVerifikTokenCommand'
        $refused[0].TargetObject | Should -Be "Verifik session for $((Get-VerifikToken -Session $session -WarningAction SilentlyContinue).SignedInAs)"
        $refused[0].ErrorDetails.RecommendedAction | Should -Match '-Force'
        # An explicit -Confirm asks even with -Force, as Remove-Item -Force -Confirm does; here nobody can answer.
        Update-VerifikToken -RevokeOthers -Force -Confirm -Session $session -ErrorAction SilentlyContinue -ErrorVariable confirmed
        $confirmed[0].FullyQualifiedErrorId | Should -Be 'Verifik.InteractionRequired,Verifik.Commands.UpdateVerifikTokenCommand'

        Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests' | Should -BeNullOrEmpty
        (Get-Command Update-VerifikToken).Parameters.RevokeOthers.ParameterSets.Keys | Should -Not -Contain 'Renew'
    }

    It 'with -RevokeOthers does not ask when confirmation is turned off by <Case>' -TestCases @(
        @{ Case = '-Confirm:$false'; Run = { Update-VerifikToken -RevokeOthers -Confirm:$false -Session $session } }
        @{ Case = '$ConfirmPreference = None'; Run = { $ConfirmPreference = 'None'; Update-VerifikToken -RevokeOthers -Session $session } }
    ) {
        $old = Connect-WithLifetime -LifetimeSeconds 3600 -Session $session

        & $Run

        (Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests').path | Should -Be '/v2/auth/renew-and-revoke'
        Get-VerifikToken -Session $session -AsPlainText | Should -Not -Be $old
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

        $who = (Get-VerifikToken -Session $session -WarningAction SilentlyContinue).SignedInAs

        $output = Get-VerifikToken -Session $session -AsPlainText -MinimumValidity (New-TimeSpan -Days 7) -ErrorAction SilentlyContinue -ErrorVariable failed

        $output | Should -BeNullOrEmpty
        $failed[0].FullyQualifiedErrorId | Should -Be 'Verifik.TokenExpiring,Verifik.Commands.GetVerifikTokenCommand'
        $failed[0].TargetObject | Should -Be "Verifik session for $who"
        (Get-VerifikToken -Session $session -MinimumValidity (New-TimeSpan -Days 1) -WarningAction SilentlyContinue).IsExpired | Should -BeFalse
    }

    It 'warns when less than 3 days remain, and not before' {
        $null = Connect-WithLifetime -LifetimeSeconds (2 * 86400) -Session $session
        $null = Get-VerifikToken -Session $session -WarningVariable soon -WarningAction SilentlyContinue
        $who = (Get-VerifikToken -Session $session).SignedInAs
        $null = Connect-WithLifetime -LifetimeSeconds (4 * 86400) -Session $session
        $null = Get-VerifikToken -Session $session -WarningVariable later -WarningAction SilentlyContinue

        @($soon).Count | Should -Be 1
        $soon[0].Message | Should -Match 'Update-VerifikToken'
        $soon[0].Message | Should -Match "$([regex]::Escape($who)).* 1d 23h\b"
        $later | Should -BeNullOrEmpty
    }

    It 'warns once per token from every cmdlet that uses it, with an information record tagged Verifik.TokenExpiring' {
        $null = Connect-WithLifetime -LifetimeSeconds (2 * 86400) -Session $session
        $uses = @(
            @{ Command = 'Get-VerifikToken'; Parameters = @{ Session = $session } }
            @{ Command = 'Invoke-VerifikRequest'; Parameters = @{ Path = '/v2/clients/me'; Session = $session } }
            # Kept, not renewed: a renewal would replace the token the warning is about.
            @{ Command = 'Update-VerifikToken'; Parameters = @{ MinimumValidity = '1.00:00:00'; Session = $session } }
        )
        $seen = foreach ($use in $uses) {
            # A fresh token for each, so each cmdlet is the first to use it; then a second use of the same token.
            $null = Connect-WithLifetime -LifetimeSeconds (2 * 86400) -Session $session
            $parameters = $use.Parameters
            $null = & $use.Command @parameters -WarningVariable first -WarningAction SilentlyContinue -InformationVariable notices
            $null = & $use.Command @parameters -WarningVariable second -WarningAction SilentlyContinue -InformationVariable again
            [pscustomobject]@{ Use = $use.Command; First = @($first); Second = @($second); Notices = @($notices); Again = @($again) }
        }

        foreach ($one in $seen) {
            $one.First.Count | Should -Be 1 -Because $one.Use
            $one.First[0].Message | Should -Match 'Update-VerifikToken' -Because $one.Use
            $one.Second | Should -BeNullOrEmpty -Because $one.Use
            $notice = @($one.Notices | Where-Object Tags -Contains 'Verifik.TokenExpiring')
            $notice.Count | Should -Be 1 -Because $one.Use
            $notice[0].MessageData.ExpiresOn | Should -Be (Get-VerifikToken -Session $session).ExpiresOn -Because $one.Use
            $notice[0].MessageData.TimeRemaining | Should -BeLessThan (New-TimeSpan -Days 2) -Because $one.Use
            "$($notice[0].MessageData)" | Should -Be $one.First[0].Message -Because $one.Use
            $one.Again | Should -BeNullOrEmpty -Because $one.Use
        }
    }

    It 'with -MinimumValidity renews only when less is left: -PassThru outputs the new token then, nothing otherwise, and -Verbose says why' {
        $old = Connect-WithLifetime -LifetimeSeconds (10 * 86400) -Session $session

        $kept = Update-VerifikToken -MinimumValidity (New-TimeSpan -Days 7) -PassThru -Session $session -Verbose 4>&1
        $sentWhenKept = @(Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests')
        $renewed = Update-VerifikToken -MinimumValidity (New-TimeSpan -Days 11) -PassThru -Session $session

        $kept | Should -HaveCount 1
        $kept[0] | Should -BeOfType System.Management.Automation.VerboseRecord
        $kept[0].Message | Should -Match '10d|9d 23h'
        $kept[0].Message | Should -Match 'not renewed'
        $kept[0].Message | Should -Not -Match 'ana@example\.com'
        $sentWhenKept | Should -BeNullOrEmpty
        $renewed.PSObject.TypeNames[0] | Should -Be 'Verifik.Token'
        Get-VerifikToken -Session $session -AsPlainText | Should -Not -Be $old
    }

    It 'with -MinimumValidity, <Case> token is still <ErrorId>, never a quiet $null' -TestCases @(
        @{ Case = 'missing'; ErrorId = 'Verifik.NotConnected' }
        @{ Case = 'expired'; ErrorId = 'Verifik.TokenExpired' }
        @{ Case = 'refused'; ErrorId = 'Verifik.Unauthorized' }
    ) {
        if ($Case -eq 'expired') {
            $expired = (Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/tokens' -Body @{ email = 'ana@example.com'; lifetimeSeconds = -5 }).accessToken
            $null = Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/faults' -Body @{
                path = '/v2/projects/email-login/confirm'; status = 200; body = (@{ data = @{ accessToken = $expired; tokenType = 'bearer' } } | ConvertTo-Json -Compress)
            }
            $null = Confirm-VerifikOtp -Email ana@example.com -Otp 123456 -Session $session
        }
        if ($Case -eq 'refused') {
            $old = Connect-WithLifetime -LifetimeSeconds (20 * 86400) -Session $session
            $null = Invoke-RestMethod -Method Post "$($emulator.BaseUri)/v2/auth/renew-and-revoke" -Headers @{ Authorization = "Bearer $old" }
            $null = Invoke-VerifikRequest -Path /v2/clients/me -Session $session -ErrorAction SilentlyContinue
        }

        $output = Update-VerifikToken -MinimumValidity (New-TimeSpan -Days 7) -PassThru -Session $session -ErrorAction SilentlyContinue -ErrorVariable failed

        $output | Should -BeNullOrEmpty
        $failed | Should -HaveCount 1
        $failed[0].FullyQualifiedErrorId | Should -Be "$ErrorId,Verifik.Commands.UpdateVerifikTokenCommand"
        $failed[0].ErrorDetails.RecommendedAction | Should -Match 'Connect-Verifik'
    }

    It 'refuses a <Which> -MinimumValidity on <Command> while binding, with the bounds in the error' -TestCases @(
        foreach ($command in 'Get-VerifikToken', 'Test-VerifikToken', 'Update-VerifikToken') {
            @{ Command = $command; Which = 'negative' }
            @{ Command = $command; Which = 'too long' }
        }
    ) {
        $null = Connect-WithLifetime -LifetimeSeconds 3600 -Session $session
        $max = [Verifik.VerifikToken]::MaxMinimumValidity
        $value = if ($Which -eq 'negative') { New-TimeSpan -Seconds -1 } else { $max + (New-TimeSpan -Seconds 1) }

        $failure = { & $Command -MinimumValidity $value -Session $session } | Should -Throw -PassThru

        $failure.FullyQualifiedErrorId | Should -Be "ParameterArgumentValidationError,Verifik.Commands.$($Command -replace '-')Command"
        $failure.Exception.Message | Should -Match ([regex]::Escape("00:00:00 to $($max.ToString('c'))"))
        Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests' | Should -BeNullOrEmpty
        # The edges themselves are allowed.
        Test-VerifikToken -MinimumValidity $max -Session $session | Should -BeFalse
        Test-VerifikToken -MinimumValidity 0 -Session $session | Should -BeTrue
    }

    It 'refuses a bare number as -MinimumValidity on <Command>, which PowerShell would read as ticks' -TestCases @(
        foreach ($command in 'Get-VerifikToken', 'Test-VerifikToken', 'Update-VerifikToken') { @{ Command = $command } }
    ) {
        $null = Connect-WithLifetime -LifetimeSeconds 3600 -Session $session

        $failure = { & $Command -MinimumValidity 7 -Session $session } | Should -Throw -PassThru

        $failure.FullyQualifiedErrorId | Should -Be "ParameterArgumentTransformationError,Verifik.Commands.$($Command -replace '-')Command"
        $failure.Exception.Message | Should -Match 'New-TimeSpan -Days 7'
        Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests' | Should -BeNullOrEmpty
    }

    It 'with -RevokeOthers from a -Scope Process sign-in removes the saved sign-in that held a now revoked token' {
        $configHome = (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "verifik-$([guid]::NewGuid().ToString('N'))")).FullName
        try {
            $shell = @{ XDG_CONFIG_HOME = $configHome; LOCALAPPDATA = $configHome; VERIFIK_BASE_URL = $emulator.BaseUri; VERIFIK_TEST_MODULE = (Get-VerifikModulePath) }
            $saved = New-TestToken -Emulator $emulator
            $here = New-TestToken -Emulator $emulator
            $null = Invoke-FreshPwsh -Environment $shell -Command "Import-Module `$env:VERIFIK_TEST_MODULE; Connect-Verifik -AccessToken '$saved' -Scope CurrentUser"
            # token.json outside Windows, token.dat on it; a lock file beside it does not count.
            $savedSignIn = { @(Get-ChildItem -LiteralPath $configHome -Recurse -File -Include token.json, token.dat) }
            $before = & $savedSignIn

            $revoking = Invoke-FreshPwsh -Environment $shell -Command "Import-Module `$env:VERIFIK_TEST_MODULE; Connect-Verifik -AccessToken '$here'; Update-VerifikToken -RevokeOthers -Force -Verbose 4>&1"
            $later = Invoke-FreshPwsh -Environment $shell -Command "Import-Module `$env:VERIFIK_TEST_MODULE; try { Invoke-VerifikRequest /v2/clients/me -ErrorAction Stop } catch { `$_.FullyQualifiedErrorId }"

            $before | Should -HaveCount 1
            $revoking.StdErr | Should -BeNullOrEmpty
            $revoking.StdOut | Should -Match 'Removed the saved Verifik sign-in'
            & $savedSignIn | Should -BeNullOrEmpty
            $later.StdOut.Trim() | Should -Be 'Verifik.NotConnected,Verifik.Commands.InvokeVerifikRequestCommand'
        }
        finally {
            Remove-Item -LiteralPath $configHome -Recurse -Force -ErrorAction Ignore
        }
    }

    It 'with a saved sign-in says in -Verbose where it saved the renewed token, never a token, and follows the file''s removal by another shell' {
        $configHome = (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "verifik-$([guid]::NewGuid().ToString('N'))")).FullName
        try {
            $shell = @{ XDG_CONFIG_HOME = $configHome; LOCALAPPDATA = $configHome; VERIFIK_BASE_URL = $emulator.BaseUri; VERIFIK_TEST_MODULE = (Get-VerifikModulePath) }
            $jwt = New-TestToken -Emulator $emulator
            # Removed behind the module's back, as another shell's Disconnect-Verifik would: the next renewals must not bring it back.
            $run = Invoke-FreshPwsh -Environment $shell -Command (@(
                    'Import-Module $env:VERIFIK_TEST_MODULE'
                    "Connect-Verifik -AccessToken '$jwt' -Scope CurrentUser"
                    'Update-VerifikToken -Verbose 4>&1 | ForEach-Object { "SAVING $($_.Message)" }'
                    '"RENEWED $(Get-VerifikToken -AsPlainText)"'
                    'Get-ChildItem -LiteralPath $env:XDG_CONFIG_HOME -Recurse -File -Include token.json, token.dat | Remove-Item'
                    # The session looks at the file at most once a second.
                    'Start-Sleep -Milliseconds 1200'
                    'try { Update-VerifikToken -Verbose -ErrorAction Stop 4>&1 | ForEach-Object { "REMOVED $($_.Message)" } } catch { "REMOVED-ERROR $($_.FullyQualifiedErrorId)" }'
                ) -join "`n")
            $lines = @($run.StdOut -split "`r?`n" | Where-Object { $_ })
            $renewed = ($lines | Where-Object { $_ -like 'RENEWED *' }).Substring('RENEWED '.Length)
            $said = @($lines | Where-Object { $_ -notlike 'RENEWED *' })

            $run.StdErr | Should -BeNullOrEmpty
            @($said | Where-Object { $_ -like 'SAVING *' -and $_.Contains($configHome) }).Count | Should -Be 1
            @($said | Where-Object { $_ -like 'REMOVED *' -and $_ -match 'was removed \(Disconnect-Verifik in another shell\)' }).Count | Should -Be 1
            @($said | Where-Object { $_ -like 'REMOVED-ERROR Verifik.NotConnected,*' }).Count | Should -Be 1
            @($said | Where-Object { $_.Contains($jwt) -or $_.Contains($renewed) }) | Should -BeNullOrEmpty
            @(Get-ChildItem -LiteralPath $configHome -Recurse -File -Include token.json, token.dat) | Should -BeNullOrEmpty
        }
        finally {
            Remove-Item -LiteralPath $configHome -Recurse -Force -ErrorAction Ignore
        }
    }

    It 'asks for one month by default with the token as the bearer, and outputs nothing without -PassThru, as PowerShell''s Update- cmdlets' {
        $before = Connect-WithLifetime -LifetimeSeconds 3600 -Session $session

        $output = Update-VerifikToken -Session $session

        $output | Should -BeNullOrEmpty
        Get-VerifikToken -Session $session -AsPlainText | Should -Not -Be $before
        $sent = Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests'
        $sent.query | Should -Be '?origin=refresh&expiresIn=1'
        $sent.authorization | Should -Be "Bearer $before"
    }

    It 'without a token is Verifik.NotConnected, naming the session as not signed in' {
        $failure = { Update-VerifikToken -Session $session -ErrorAction Stop } | Should -Throw -PassThru

        $failure.FullyQualifiedErrorId | Should -Be 'Verifik.NotConnected,Verifik.Commands.UpdateVerifikTokenCommand'
        $failure.TargetObject | Should -Be 'Verifik session (not signed in)'
        Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests' | Should -BeNullOrEmpty
    }
}
