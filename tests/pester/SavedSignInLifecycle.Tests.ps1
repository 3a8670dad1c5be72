BeforeDiscovery {
    $script:onWindows = $IsWindows
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    $script:emulator = Start-TestEmulator
    $script:modulePath = Get-VerifikModulePath

    function New-ConfigHome { (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "verifik-$([guid]::NewGuid().ToString('N'))")).FullName }

    function Get-ShellEnvironment([string]$AccessToken) {
        @{ XDG_CONFIG_HOME = $configHome; VERIFIK_BASE_URL = $emulator.BaseUri; VERIFIK_ACCESS_TOKEN = $AccessToken }
    }

    function Invoke-Shell([string]$Script, [string]$AccessToken) {
        Invoke-FreshPwsh -Environment (Get-ShellEnvironment $AccessToken) -Command "Import-Module '$modulePath'; $Script" -TimeoutSeconds 120
    }

    # A shell left running while the test goes on (Invoke-FreshPwsh waits for its child); Wait-Shell collects it.
    function Start-Shell([string]$Script) {
        $pwsh = Get-PwshCommand
        $startInfo = [System.Diagnostics.ProcessStartInfo]::new($pwsh.FilePath)
        foreach ($argument in @($pwsh.ArgumentList) + @('-NoProfile', '-NonInteractive', '-Command', "Import-Module '$modulePath'; $Script")) {
            $startInfo.ArgumentList.Add($argument)
        }
        $environment = Get-ShellEnvironment
        foreach ($name in $environment.Keys) {
            if ($null -eq $environment[$name]) { $null = $startInfo.Environment.Remove($name) } else { $startInfo.Environment[$name] = $environment[$name] }
        }
        $startInfo.UseShellExecute = $false
        $startInfo.RedirectStandardOutput = $true
        $startInfo.RedirectStandardError = $true
        $process = [System.Diagnostics.Process]::Start($startInfo)
        [pscustomobject]@{ Process = $process; StdOut = $process.StandardOutput.ReadToEndAsync(); StdErr = $process.StandardError.ReadToEndAsync() }
    }

    function Wait-Shell([object[]]$Shells, [int]$TimeoutSeconds = 120) {
        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
        foreach ($shell in $Shells) {
            $left = [Math]::Max(0, ($deadline - [DateTime]::UtcNow).TotalMilliseconds)
            if (-not $shell.Process.WaitForExit([int]$left)) {
                $Shells | ForEach-Object { if (-not $_.Process.HasExited) { $_.Process.Kill($true) } }
                throw "A shell did not finish within $TimeoutSeconds seconds."
            }
        }
        foreach ($shell in $Shells) {
            $shell.Process.WaitForExit()
            [pscustomobject]@{ ExitCode = $shell.Process.ExitCode; StdOut = $shell.StdOut.GetAwaiter().GetResult(); StdErr = $shell.StdErr.GetAwaiter().GetResult() }
            $shell.Process.Dispose()
        }
    }

    # Lets shells that started one by one act at the same moment: each says it is ready, then waits for the go.
    function Wait-Ready([string]$Folder, [int]$Count, [int]$TimeoutSeconds = 120) {
        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
        while (@(Get-ChildItem -LiteralPath $Folder -Filter 'ready-*').Count -lt $Count) {
            if ([DateTime]::UtcNow -gt $deadline) { throw "Only $(@(Get-ChildItem -LiteralPath $Folder -Filter 'ready-*').Count) of $Count shells got ready." }
            Start-Sleep -Milliseconds 50
        }
    }

    # A long-lived shell that has used the saved sign-in, then runs $Then once another shell ran $Meanwhile.
    function Invoke-Worker([string]$WhileWaiting, [string]$Meanwhile, [string]$Then) {
        $go = Join-Path $barrier 'go'
        $worker = Start-Shell "`$null = Invoke-VerifikRequest /v2/clients/me; `$null = New-Item '$barrier/ready-worker'; while (-not (Test-Path '$go')) { $WhileWaiting }; $Then"
        Wait-Ready $barrier 1
        $other = Invoke-Shell $Meanwhile
        $null = New-Item $go
        [pscustomobject]@{ Other = $other; Worker = Wait-Shell $worker }
    }

    function Get-Renewals { (Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/stats').renewals }

    # Another shell's sign-in, saved while the test runs.
    function Save-SignIn([int]$LifetimeSeconds) {
        $jwt = New-TestToken -Emulator $emulator -LifetimeSeconds $LifetimeSeconds
        $saved = Invoke-Shell "Connect-Verifik -AccessToken '$jwt' -Scope CurrentUser"
        $saved.StdErr | Should -BeNullOrEmpty
        $jwt
    }

    # A sign-in saved before the test starts (Copy-TestSignIn: one shell per lifetime saves it for every test).
    function Copy-SignIn([int]$LifetimeSeconds) {
        Copy-TestSignIn -Emulator $emulator -ConfigHome $configHome -LifetimeSeconds $LifetimeSeconds
    }

    $script:threeDays = 3 * 86400
}

AfterAll {
    Stop-TestEmulator -Emulator $emulator
}

Describe 'The saved sign-in over its life' -Skip:$onWindows {
    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
        $script:configHome = New-ConfigHome
        $script:savedFile = Join-Path $configHome 'verifik/token.json'
        $script:barrier = New-Item -ItemType Directory -Path (Join-Path $configHome 'barrier')
    }

    AfterEach {
        Remove-Item -LiteralPath $configHome -Recurse -Force -ErrorAction Ignore
    }

    It 'renews a saved token with less than RenewWithin left before the call, writes it back, and -Verbose says why' {
        $jwt = Copy-SignIn $threeDays

        $first = Invoke-Shell '$s = Get-VerifikSession; "$($s.RenewWithin)|$($s.EffectiveRenewWithin)"; Invoke-VerifikRequest /v2/clients/me -Verbose 4>&1 | ForEach-Object { if ($_ -is [Management.Automation.VerboseRecord]) { "verbose: $_" } else { "email: $($_.email)" } }'
        $later = Invoke-Shell '(Get-VerifikToken).TimeRemaining.TotalDays -gt 20; (Get-VerifikToken -AsHeader).Authorization'

        $first.StdErr | Should -BeNullOrEmpty
        $lines = $first.StdOut -split "`n" | ForEach-Object Trim
        $lines[0] | Should -Be '|7.00:00:00'
        $lines | Should -Contain 'email: ana@example.com'
        $lines -match '^verbose: .*RenewWithin of 7\.00:00:00, so it is renewed first' | Should -Not -BeNullOrEmpty
        $lines -match '^verbose: Saved the renewed Verifik token to ' | Should -Not -BeNullOrEmpty
        $first.StdOut | Should -Not -Match ([regex]::Escape($jwt.Split('.')[2]))
        Get-Renewals | Should -Be 1
        ($later.StdOut -split "`n")[0].Trim() | Should -Be 'True'
        ($later.StdOut -split "`n")[1].Trim() | Should -Not -Be "Bearer $jwt"
    }

    It 'renews nothing with RenewWithin 0, nor an adopted token unless the session opts in' {
        $null = Copy-SignIn $threeDays
        $off = Invoke-Shell '(Get-VerifikSession).RenewWithin = 0; $null = Invoke-VerifikRequest /v2/clients/me -WarningAction SilentlyContinue'
        $adopted = New-TestToken -Emulator $emulator -LifetimeSeconds $threeDays
        $notOptedIn = Invoke-Shell '$null = Invoke-VerifikRequest /v2/clients/me -WarningAction SilentlyContinue; (Get-VerifikSession).EffectiveRenewWithin.ToString()' -AccessToken $adopted

        "$($off.StdErr)$($notOptedIn.StdErr)" | Should -BeNullOrEmpty
        $notOptedIn.StdOut.Trim() | Should -Be '00:00:00'
        Get-Renewals | Should -Be 0

        $optedIn = Invoke-Shell "(Get-VerifikSession).RenewWithin = '5.00:00:00'; `$null = Invoke-VerifikRequest /v2/clients/me; (Get-VerifikToken -AsHeader).Authorization -ne 'Bearer $adopted'" -AccessToken $adopted

        $optedIn.StdErr | Should -BeNullOrEmpty
        $optedIn.StdOut.Trim() | Should -Be 'True'
        Get-Renewals | Should -Be 1
    }

    It 'refuses a <Which> RenewWithin with the bounds in the error, from New-VerifikSession and the setter' -TestCases @(
        @{ Which = 'negative'; Value = '-1.00:00:00' }
        @{ Which = 'too long'; Value = '15.00:00:00' }
    ) {
        # The bounds are SessionSettings.RenewWithinRule's (its wording is in tests/approved/messages.approved.txt).
        $result = Invoke-Shell "`$rule = [Verifik.SessionSettings]::RenewWithinRule; try { New-VerifikSession -RenewWithin '$Value' } catch { `$_.FullyQualifiedErrorId; `$_.Exception.Message.Contains(`$rule) }; try { (Get-VerifikSession).RenewWithin = '$Value' } catch { `$_.Exception.Message.Contains(`$rule) }; (Get-VerifikSession).RenewWithin -eq `$null"

        $lines = $result.StdOut -split "`n" | ForEach-Object Trim | Where-Object { $_ }
        $lines | Should -Be 'ParameterArgumentValidationError,Verifik.Commands.NewVerifikSessionCommand', 'True', 'True', 'True'
    }

    It 'refuses a bare number as RenewWithin, which PowerShell would read as ticks, from New-VerifikSession and the setter' {
        $result = Invoke-Shell "try { New-VerifikSession -RenewWithin 7 } catch { `$_.FullyQualifiedErrorId }; try { (Get-VerifikSession).RenewWithin = 7 } catch { `$_.Exception.Message.Contains([Verifik.SessionSettings]::RenewWithinRule) }; (Get-VerifikSession).RenewWithin -eq `$null"

        $lines = $result.StdOut -split "`n" | ForEach-Object Trim | Where-Object { $_ }
        $lines | Should -Be 'ParameterArgumentTransformationError,Verifik.Commands.NewVerifikSessionCommand', 'True', 'True'
    }

    It 'gives one warning when the renewal fails, and the calls go on with the still valid token' {
        $jwt = Copy-SignIn $threeDays
        $null = Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/faults' -Body @{ path = '/v2/auth/session'; status = 500; times = 5 }

        $result = Invoke-Shell '1..3 | ForEach-Object { (Invoke-VerifikRequest /v2/clients/me -WarningVariable +w -WarningAction SilentlyContinue).email }; "warnings: $($w.Count)"; "$w"; (Get-VerifikToken -AsHeader -WarningAction SilentlyContinue).Authorization'

        $result.StdErr | Should -BeNullOrEmpty
        $lines = $result.StdOut -split "`n" | ForEach-Object Trim
        $lines[0..2] | Should -Be @('ana@example.com', 'ana@example.com', 'ana@example.com')
        # The renewal's warning and the expiry warning (under 3 days): one each, for three calls.
        $lines[3] | Should -Be 'warnings: 2'
        $lines[4] | Should -Match 'could not be renewed, so this call uses it as it is'
        $lines[5] | Should -Be "Bearer $jwt"
    }

    It 'sends exactly one renewal when 8 processes need one at the same moment, and all use its token' {
        $jwt = Copy-SignIn $threeDays
        $go = Join-Path $barrier 'go'
        # Half renew before their call, half with Update-VerifikToken -MinimumValidity, which shares the renewal too.
        $shells = foreach ($index in 1..8) {
            $call = if ($index % 2) { '(Get-VerifikToken -AsHeader).Authorization' } else { 'Update-VerifikToken -MinimumValidity 10.00:00:00; (Get-VerifikToken -AsHeader).Authorization' }
            Start-Shell "`$null = Get-VerifikSession; `$null = New-Item '$barrier/ready-$index'; while (-not (Test-Path '$go')) { Start-Sleep -Milliseconds 10 }; $call"
        }
        Wait-Ready $barrier 8
        $null = New-Item $go
        $results = Wait-Shell $shells

        $results.StdErr | Where-Object { $_ } | Should -BeNullOrEmpty
        $headers = $results | ForEach-Object { $_.StdOut.Trim() }
        $headers | Select-Object -Unique | Should -HaveCount 1
        $headers[0] | Should -Match '^Bearer '
        $headers[0] | Should -Not -Be "Bearer $jwt"
        Get-Renewals | Should -Be 1
    }

    It 'never leaves token.json behind Disconnect-Verifik while other processes renew it (<Rounds> rounds)' -TestCases @(@{ Rounds = 5 }) {
        $left = foreach ($round in 1..$Rounds) {
            $null = Copy-SignIn 2592000
            $go = Join-Path $barrier "go-$round"
            $renewers = foreach ($index in 1..3) {
                Start-Shell "`$null = Get-VerifikSession; `$null = New-Item '$barrier/ready-$round-$index'; while (-not (Test-Path '$go')) { Start-Sleep -Milliseconds 5 }; 1..3 | ForEach-Object { Update-VerifikToken -ErrorAction SilentlyContinue -WarningAction SilentlyContinue }"
            }
            $disconnecting = Start-Shell "`$null = Get-VerifikSession; `$null = New-Item '$barrier/ready-$round-0'; while (-not (Test-Path '$go')) { Start-Sleep -Milliseconds 5 }; Start-Sleep -Milliseconds (Get-Random -Maximum 150); Disconnect-Verifik; Test-Path '$savedFile'"
            Wait-Ready $barrier (4 * $round)
            $null = New-Item $go
            $results = Wait-Shell (@($disconnecting) + $renewers)
            $results[0].StdErr | Should -BeNullOrEmpty
            # Right after Disconnect-Verifik returned, and once every renewal in flight ended.
            "$($results[0].StdOut.Trim())|$(Test-Path -LiteralPath $savedFile)"
        }

        $left | Should -Be (@('False|False') * $Rounds)
    }

    It 'follows another shell''s Update-VerifikToken -RevokeOthers: a long-lived worker''s next call succeeds with the new token' {
        $null = Copy-SignIn 2592000
        # The worker calls on while the other shell revokes its token. Calls between the revocation and the file's
        # rewrite fail, as they must; the first call after it succeeds, whether it noticed the file first or met the
        # 401 and retried with the file's token.
        $run = Invoke-Worker -WhileWaiting '$null = Invoke-VerifikRequest /v2/clients/me -ErrorAction SilentlyContinue' `
            -Meanwhile 'Update-VerifikToken -RevokeOthers -Force; (Get-VerifikToken -AsHeader).Authorization' `
            -Then '(Invoke-VerifikRequest /v2/clients/me).email; (Get-VerifikToken -AsHeader).Authorization'

        "$($run.Other.StdErr)$($run.Worker.StdErr)" | Should -BeNullOrEmpty
        $run.Worker.StdOut -split "`n" | ForEach-Object Trim | Where-Object { $_ } | Should -Be @('ana@example.com', $run.Other.StdOut.Trim())
    }

    It 'is signed out by Disconnect-Verifik in another shell before its next call' {
        $null = Copy-SignIn 2592000
        $run = Invoke-Worker -WhileWaiting 'Start-Sleep -Milliseconds 10' -Meanwhile 'Disconnect-Verifik' `
            -Then 'Start-Sleep -Milliseconds 1100; try { Invoke-VerifikRequest /v2/clients/me -ErrorAction Stop } catch { $_.FullyQualifiedErrorId }'

        $run.Worker.StdOut.Trim() | Should -Be 'Verifik.NotConnected,Verifik.Commands.InvokeVerifikRequestCommand'
    }

    It 'never follows the saved sign-in to another Verifik: a session with its own base URI keeps its token when another shell saves one of another Verifik' {
        $other = Start-TestEmulator -Address 127.0.0.2
        try {
            $tokenOfB = New-TestToken -Emulator $other
            $go = Join-Path $barrier 'go'
            $worker = Start-Shell ("`$s = New-VerifikSession -BaseUri '$($other.BaseUri)'; Connect-Verifik -Session `$s -AccessToken '$tokenOfB' -Scope CurrentUser -NoWelcome; " +
                "`$null = Invoke-VerifikRequest -Session `$s /v2/clients/me; `$null = New-Item '$barrier/ready-worker'; while (-not (Test-Path '$go')) { Start-Sleep -Milliseconds 10 }; " +
                "Start-Sleep -Milliseconds 1100; (Invoke-VerifikRequest -Session `$s /v2/clients/me -WarningAction SilentlyContinue).email")
            Wait-Ready $barrier 1
            # Another shell signs in to the first Verifik (VERIFIK_BASE_URL) and saves it over the file the worker follows.
            $tokenOfA = Save-SignIn 2592000
            $null = New-Item $go
            $run = Wait-Shell $worker

            $run.StdErr | Should -BeNullOrEmpty
            $run.StdOut.Trim() | Should -Be 'ana@example.com'
            $sentToB = @(Invoke-TestEmulator -Emulator $other -Path '/_emulator/requests') | Where-Object { "$($_.authorization)".Contains($tokenOfA.Split('.')[2]) }
            $sentToB | Should -BeNullOrEmpty
        }
        finally {
            Stop-TestEmulator -Emulator $other
        }
    }

    It 'is not blocked for long by the lock of a process killed while renewing' {
        $null = Copy-SignIn $threeDays
        # The first shell's renewal hangs, holding the lock, until it is killed.
        $null = Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/faults' -Body @{ path = '/v2/auth/session'; delayMs = 60000 }
        $holder = Start-Shell "`$null = New-Item '$barrier/ready-holder'; Update-VerifikToken"
        Wait-Ready $barrier 1
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while (@(Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests' | Where-Object path -EQ '/v2/auth/session').Count -eq 0 -and [DateTime]::UtcNow -lt $deadline) {
            Start-Sleep -Milliseconds 50
        }
        $holder.Process.Kill($true)
        $null = Wait-Shell $holder

        $elapsed = Measure-Command { $next = Invoke-Shell '(Get-VerifikToken).TimeRemaining.TotalDays -gt 20' }

        $next.StdErr | Should -BeNullOrEmpty
        $next.StdOut.Trim() | Should -Be 'True'
        $elapsed.TotalSeconds | Should -BeLessThan 15 -Because "a fresh shell starts and renews in that time; a lock still held would make it wait 10 s and not renew"
    }
}
