# The Pester harness (tools/Invoke-PesterSuite.ps1, started by build.ps1) runs every test with a temporary home, so
# no test reads or writes the real user's saved sign-in. These tests prove it from inside the run.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    $script:emulator = Start-TestEmulator
    $script:modulePath = Get-VerifikModulePath

    # Metadata only: the real token is never read.
    function Get-FileStamp([string]$Path) {
        $file = Get-Item -LiteralPath $Path -ErrorAction Ignore
        if ($file) { "$($file.Length) bytes, written $($file.LastWriteTimeUtc.ToString('O'))" } else { 'absent' }
    }
}

AfterAll {
    Stop-TestEmulator -Emulator $emulator
}

Describe 'The temporary home of the test run' {
    BeforeEach {
        $env:VERIFIK_TEST_HOME | Should -Not -BeNullOrEmpty -Because 'the harness (tools/Invoke-PesterSuite.ps1) sets it before any test runs'
    }

    It 'points HOME, XDG_CONFIG_HOME and LOCALAPPDATA into a fresh temporary folder' {
        $env:VERIFIK_TEST_HOME | Should -BeLike "$([IO.Path]::GetTempPath())*"
        $env:HOME | Should -Be $env:VERIFIK_TEST_HOME
        $env:XDG_CONFIG_HOME | Should -Be (Join-Path $env:VERIFIK_TEST_HOME '.config')
        $env:LOCALAPPDATA | Should -Be (Join-Path $env:VERIFIK_TEST_HOME 'AppData/Local')
        $env:VERIFIK_TEST_REAL_HOME | Should -Not -Be $env:HOME
    }

    It 'keeps a sign-in with -Scope CurrentUser in a new shell inside it, and the real saved sign-in untouched' {
        $realConfigHome = if ($env:VERIFIK_TEST_REAL_XDG_CONFIG_HOME) { $env:VERIFIK_TEST_REAL_XDG_CONFIG_HOME } else { Join-Path $env:VERIFIK_TEST_REAL_HOME '.config' }
        $realFile = if ($IsWindows) { Join-Path $env:VERIFIK_TEST_REAL_LOCALAPPDATA 'Verifik/token.dat' } else { Join-Path $realConfigHome 'verifik/token.json' }
        $before = Get-FileStamp $realFile
        $jwt = (Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/tokens' -Body @{ email = 'ana@example.com'; lifetimeSeconds = 3600 }).accessToken

        # The child inherits the run's environment unchanged: no test-specific home is passed.
        $result = Invoke-FreshPwsh -Environment @{ VERIFIK_BASE_URL = $emulator.BaseUri; VERIFIK_ACCESS_TOKEN = $null } -Command (
            "Import-Module '$modulePath'; Connect-Verifik -AccessToken '$jwt' -Scope CurrentUser; [Verifik.SavedSignIn]::ForCurrentUser().Path")
        $savedFile = ($result.StdOut -split "`n" | Where-Object { $_.Trim() } | Select-Object -Last 1).Trim()

        try {
            $result.ExitCode | Should -Be 0 -Because $result.StdErr
            $savedFile | Should -BeLike "$env:VERIFIK_TEST_HOME*"
            Test-Path -LiteralPath $savedFile | Should -BeTrue
            $savedFile | Should -Not -Be $realFile
            Get-FileStamp $realFile | Should -Be $before
        }
        finally {
            Remove-Item -LiteralPath $savedFile -ErrorAction Ignore
        }
    }
}
