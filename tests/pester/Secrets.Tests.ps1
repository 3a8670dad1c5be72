BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    $script:emulator = Start-TestEmulator
}

AfterAll {
    Stop-TestEmulator -Emulator $emulator
}

Describe 'Secrets never leak' {
    It 'keeps every code and token out of the transcript, all six streams, $Error and the history, through sign-in, renewal and every error path' {
        $work = Join-Path ([IO.Path]::GetTempPath()) "verifik-secrets-$([guid]::NewGuid().ToString('N'))"
        $null = New-Item -ItemType Directory -Path $work
        try {
            # A fresh shell, so $Error and the history hold only the scenario's records.
            $scenario = Join-Path $PSScriptRoot 'Secrets.Scenario.ps1'
            $result = Invoke-FreshPwsh -TimeoutSeconds 240 -Environment @{ VERIFIK_BASE_URL = $emulator.BaseUri; XDG_CONFIG_HOME = $work } -Command (
                "& '$scenario' -WorkFolder '$work' -HelperPath '$(Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1')' -ModulePath '$(Get-VerifikModulePath)'")

            # The scenario's own error records reach stderr on purpose; the transcript it searches holds them too.
            $result.StdOut | Should -Not -Match 'LEAK'
            $result.StdOut | Should -Not -Match 'MISSING ERROR'
            $result.StdOut | Should -Not -Match 'TRANSCRIPT LACKS'
            $result.StdOut | Should -Match 'SECRETS 5'
            $result.StdOut | Should -Match 'CHECKED transcript [1-9]\d{3,}'
            $result.StdOut | Should -Match 'CHECKED errors [1-9]\d{3,}'
            [int]($result.StdOut | Select-String 'ERRORS (\d+)').Matches[0].Groups[1].Value | Should -BeGreaterOrEqual 9
        }
        finally {
            Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction Ignore
        }
    }
}
