# A session that keeps the saved sign-in (-Scope CurrentUser) when the file changes under it or cannot be locked:
# the sign-in itself goes on working, each trouble is one warning naming the file, and nothing is written back that
# the user or another shell removed. In this process, with a folder of its own per test, since the sessions are
# explicit and the file is found through $env:XDG_CONFIG_HOME at each use. The lifecycle across processes is
# SavedSignInLifecycle.Tests.ps1's; the file's own outcomes are SharedRenewalRules' (xUnit).
BeforeDiscovery {
    $script:onWindows = $IsWindows
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    Import-Module (Get-VerifikModulePath) -Force
    $script:emulator = Start-TestEmulator
    $script:realConfigHome = $env:XDG_CONFIG_HOME

    # A session signed in with -Scope CurrentUser, so it keeps the saved sign-in it wrote.
    function Connect-Kept([int]$LifetimeSeconds = 30 * 86400) {
        $session = New-VerifikSession -BaseUri $emulator.BaseUri
        Connect-Verifik -AccessToken (New-TestToken -Emulator $emulator -LifetimeSeconds $LifetimeSeconds) -Session $session -Scope CurrentUser 6>$null
        $session
    }

    # What another program may leave in the lock file's place: no process can lock it, nor write or remove the file.
    function Block-Lock {
        Remove-Item -LiteralPath $lockFile
        $null = New-Item -ItemType Directory -Path $lockFile
    }

    function Get-Requests([string]$Path) { @(Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests') | Where-Object path -EQ $Path }
}

AfterAll {
    $env:XDG_CONFIG_HOME = $realConfigHome
    Stop-TestEmulator -Emulator $emulator
}

Describe 'A session keeping the saved sign-in' -Skip:$onWindows {
    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
        $script:configHome = (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "verifik-$([guid]::NewGuid().ToString('N'))")).FullName
        $env:XDG_CONFIG_HOME = $configHome
        $script:savedFile = Join-Path $configHome 'verifik/token.json'
        $script:lockFile = "$savedFile.lock"
    }

    AfterEach {
        $env:XDG_CONFIG_HOME = $realConfigHome
        Remove-Item -LiteralPath $configHome -Recurse -Force -ErrorAction Ignore
    }

    It 'warns once when the file becomes unreadable and goes on with the token it holds' {
        $session = Connect-Kept
        [IO.File]::WriteAllText($savedFile, '{"version": 99}')
        # Past the follower's one-second interval, so the call looks at the file.
        Start-Sleep -Milliseconds 1100

        $first = Invoke-VerifikRequest /v2/clients/me -Session $session -WarningVariable firstWarnings -WarningAction SilentlyContinue
        Start-Sleep -Milliseconds 1100
        $second = Invoke-VerifikRequest /v2/clients/me -Session $session -WarningVariable secondWarnings -WarningAction SilentlyContinue

        $first.email, $second.email | Should -Be 'ana@example.com', 'ana@example.com'
        $firstWarnings | Should -HaveCount 1
        "$firstWarnings" | Should -Match ([regex]::Escape($savedFile))
        $secondWarnings | Should -BeNullOrEmpty
    }

    It 'keeps a -RevokeOthers renewal in this session only when the file no longer holds its sign-in, and writes nothing' {
        $session = Connect-Kept
        [IO.File]::WriteAllText($savedFile, '{"version": 99}')

        $verbose = Update-VerifikToken -RevokeOthers -Force -Session $session -Verbose -WarningAction SilentlyContinue 4>&1

        ($verbose | Where-Object { $_ -is [Management.Automation.VerboseRecord] }) -match 'kept in this session only' | Should -Not -BeNullOrEmpty
        $session.IsSaved | Should -BeFalse
        Get-Content -Raw -LiteralPath $savedFile | Should -Be '{"version": 99}'
        (Invoke-VerifikRequest /v2/clients/me -Session $session).email | Should -Be 'ana@example.com'
    }

    It 'warns that a -RevokeOthers renewal could not be saved when the lock cannot be taken, and uses the new token' {
        $session = Connect-Kept
        $old = Get-VerifikToken -Session $session -AsPlainText
        Block-Lock

        Update-VerifikToken -RevokeOthers -Force -Session $session -WarningVariable warnings -WarningAction SilentlyContinue

        $warnings | Should -HaveCount 1
        "$warnings" | Should -Match "could not be saved to $([regex]::Escape($savedFile))"
        Get-VerifikToken -Session $session -AsPlainText | Should -Not -Be $old
        (Invoke-VerifikRequest /v2/clients/me -Session $session).email | Should -Be 'ana@example.com'
    }

    It 'signs out with Disconnect-Verifik even when the file cannot be removed, and says so' {
        $session = Connect-Kept
        Block-Lock

        Disconnect-Verifik -Session $session -WarningVariable warnings -WarningAction SilentlyContinue

        $warnings | Should -HaveCount 1
        "$warnings" | Should -Match "could not be removed.*Delete the file yourself"
        $session.Token | Should -BeNullOrEmpty
        $savedFile | Should -Exist
    }

    It 'warns that the saved sign-in holding a revoked token could not be removed, when a -Scope Process session revokes it' {
        $null = Connect-Kept
        $session = New-VerifikSession -BaseUri $emulator.BaseUri
        Connect-Verifik -AccessToken (New-TestToken -Emulator $emulator) -Session $session 6>$null
        Block-Lock

        Update-VerifikToken -RevokeOthers -Force -Session $session -WarningVariable warnings -WarningAction SilentlyContinue

        $warnings | Should -HaveCount 1
        "$warnings" | Should -Match "Every other token was revoked, but the saved Verifik sign-in at $([regex]::Escape($savedFile))"
        $savedFile | Should -Exist
    }

    It 'leaves the saved sign-in of another account alone when a -Scope Process session revokes its own account''s tokens' {
        $null = Connect-Kept
        $before = Get-Content -Raw -LiteralPath $savedFile
        $session = New-VerifikSession -BaseUri $emulator.BaseUri
        Connect-Verifik -AccessToken (New-TestToken -Emulator $emulator -Email 'bob+ops@example.com') -Session $session 6>$null

        $verbose = Update-VerifikToken -RevokeOthers -Force -Session $session -Verbose 4>&1

        Get-Content -Raw -LiteralPath $savedFile | Should -Be $before
        ($verbose | Where-Object { $_ -is [Management.Automation.VerboseRecord] }) -match 'Removed the saved' | Should -BeNullOrEmpty
    }

    It 'renews in this session only, with one warning, when the lock cannot be taken before a due renewal' {
        $session = Connect-Kept -LifetimeSeconds 86400
        Block-Lock

        $me = Invoke-VerifikRequest /v2/clients/me -Session $session -WarningVariable warnings -WarningAction SilentlyContinue

        $me.email | Should -Be 'ana@example.com'
        $warnings | Should -HaveCount 1
        "$warnings" | Should -Match "kept in this session only.*$([regex]::Escape($savedFile))"
        (Get-VerifikToken -Session $session).TimeRemaining.TotalDays | Should -BeGreaterThan 20
        (Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/stats').renewals | Should -Be 1
    }

    It 'does not renew while another process holds the lock all the wait: one warning, the call goes on, and the next call does not wait again' {
        $session = Connect-Kept -LifetimeSeconds 86400
        # .NET's exclusive open on Unix is the same flock the module takes.
        $held = [IO.File]::Open($lockFile, 'Open', 'ReadWrite', 'None')
        try {
            $first = Invoke-VerifikRequest /v2/clients/me -Session $session -WarningVariable firstWarnings -WarningAction SilentlyContinue
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $second = Invoke-VerifikRequest /v2/clients/me -Session $session -WarningVariable secondWarnings -WarningAction SilentlyContinue
            $clock.Stop()
        }
        finally {
            $held.Dispose()
        }

        $first.email, $second.email | Should -Be 'ana@example.com', 'ana@example.com'
        # Besides the notice that the token runs out within a day, which is not this test's.
        @($firstWarnings -match [regex]::Escape($lockFile)) | Should -HaveCount 1
        @($secondWarnings -match [regex]::Escape($lockFile)) | Should -BeNullOrEmpty
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 5
        (Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/stats').renewals | Should -Be 0
    }

    It 'stops following a saved sign-in rewritten to a Verifik over plain http elsewhere and goes on with its own token' {
        # The default session, which has no base URI of its own and so would call whatever issued its token.
        $script = @"
Connect-Verifik -AccessToken '$(New-TestToken -Emulator $emulator)' -Scope CurrentUser 6>`$null
`$json = Get-Content -Raw -LiteralPath '$savedFile' | ConvertFrom-Json
`$json.baseUri = 'http://verifik.invalid/'
[IO.File]::WriteAllText('$savedFile', (`$json | ConvertTo-Json))
Start-Sleep -Milliseconds 1100
`$me = Invoke-VerifikRequest /v2/clients/me -WarningVariable w -WarningAction SilentlyContinue
"email: `$(`$me.email)"; "saved: `$((Get-VerifikSession).IsSaved)"; "warning: `$w"
"@
        $shell = Invoke-FreshPwsh -TimeoutSeconds 120 -Environment @{ XDG_CONFIG_HOME = $configHome; VERIFIK_BASE_URL = $emulator.BaseUri; VERIFIK_ACCESS_TOKEN = $null } -Command "Import-Module '$(Get-VerifikModulePath)'; $script"

        $shell.StdErr | Should -BeNullOrEmpty
        $lines = $shell.StdOut -split "`n" | ForEach-Object Trim
        $lines | Should -Contain 'email: ana@example.com'
        $lines | Should -Contain 'saved: False'
        $lines -match '^warning: .*another Verifik' | Should -Not -BeNullOrEmpty
    }

    It 'is signed out, with nothing renewed or written back, when another shell removed the file just before a due renewal' {
        $session = Connect-Kept -LifetimeSeconds 86400
        # Disconnect-Verifik in another shell; this session's next look at the file may not be due yet.
        Remove-Item -LiteralPath $savedFile

        Invoke-VerifikRequest /v2/clients/me -Session $session -ErrorVariable failed -ErrorAction SilentlyContinue

        $failed[0].FullyQualifiedErrorId | Should -Be 'Verifik.NotConnected,Verifik.Commands.InvokeVerifikRequestCommand'
        $savedFile | Should -Not -Exist
        (Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/stats').renewals | Should -Be 0
        Get-Requests '/v2/clients/me' | Should -BeNullOrEmpty
    }
}
