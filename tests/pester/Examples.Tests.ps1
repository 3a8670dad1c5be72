BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    $script:emulator = Start-TestEmulator
    $script:examples = Join-Path (Get-VerifikRepoRoot) 'examples'
    # The examples import the module by name, as a user who installed it would.
    $script:modulePath = (Split-Path (Get-VerifikModulePath)) + [IO.Path]::PathSeparator + $env:PSModulePath

    function New-TestToken([int]$LifetimeSeconds = 2592000) {
        (Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/tokens' -Body @{ email = 'ana@example.com'; lifetimeSeconds = $LifetimeSeconds }).accessToken
    }
}

AfterAll {
    Stop-TestEmulator -Emulator $emulator
}

Describe 'examples/' {
    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
        $script:store = Join-Path ([IO.Path]::GetTempPath()) "verifik-store-$([guid]::NewGuid().ToString('N')).txt"
    }

    AfterEach {
        Remove-Item -LiteralPath $store -ErrorAction Ignore
    }

    It 'Runbook.ps1 renews a token close to expiry and writes the new one back to the store' {
        $old = New-TestToken -LifetimeSeconds (2 * 86400)
        Set-Content -LiteralPath $store -Value $old -NoNewline

        $result = Invoke-FreshPwsh -Environment @{ PSModulePath = $modulePath } -Command @"
`$out = & '$examples/Runbook.ps1' -BaseUri '$($emulator.BaseUri)' ``
    -ReadToken { Get-Content -Raw -LiteralPath '$store' } ``
    -WriteToken { param(`$Token) Set-Content -LiteralPath '$store' -Value (`$Token | ConvertFrom-SecureString -AsPlainText) -NoNewline }
`$out | ConvertTo-Json -Compress
"@
        $new = Get-Content -Raw -LiteralPath $store
        $report = $result.StdOut | ConvertFrom-Json

        $result.StdErr | Should -BeNullOrEmpty
        $report.Client | Should -Be 'ana@example.com'
        $report.Renewed | Should -BeTrue
        $new | Should -Not -Be $old
        $new.Split('.').Count | Should -Be 3
        (Invoke-RestMethod "$($emulator.BaseUri)/v2/clients/me" -Headers @{ Authorization = "Bearer $new" }).data.email | Should -Be 'ana@example.com'
    }

    It 'Runbook.ps1 leaves a token with time to spare alone' {
        $old = New-TestToken
        Set-Content -LiteralPath $store -Value $old -NoNewline

        $result = Invoke-FreshPwsh -Environment @{ PSModulePath = $modulePath } -Command @"
(& '$examples/Runbook.ps1' -BaseUri '$($emulator.BaseUri)' -ReadToken { Get-Content -Raw -LiteralPath '$store' } -WriteToken { throw 'must not write' }).Renewed
"@

        $result.StdErr | Should -BeNullOrEmpty
        $result.StdOut.Trim() | Should -Be 'False'
        Get-Content -Raw -LiteralPath $store | Should -Be $old
    }

    It 'Parallel-FanOut.ps1 makes every call with the one shared session, from several threads' {
        $result = Invoke-FreshPwsh -Environment @{ PSModulePath = $modulePath } -Command @"
Connect-Verifik -AccessToken '$(New-TestToken)' -BaseUri '$($emulator.BaseUri)'
`$answers = & '$examples/Parallel-FanOut.ps1' -Path (1..16 | ForEach-Object { '/v2/clients/me' }) -ThrottleLimit 4
[pscustomobject]@{ Count = @(`$answers).Count; Emails = @(`$answers.Answer.email | Sort-Object -Unique); Threads = @(`$answers.Thread | Sort-Object -Unique).Count } | ConvertTo-Json -Compress
"@
        $report = $result.StdOut | ConvertFrom-Json

        $result.StdErr | Should -BeNullOrEmpty
        $report.Count | Should -Be 16
        $report.Emails | Should -Be @('ana@example.com')
        $report.Threads | Should -BeGreaterThan 1
    }

    It 'every example has help that parses' {
        foreach ($script in Get-ChildItem -LiteralPath $examples -Filter *.ps1) {
            $errors = $null
            $null = [System.Management.Automation.Language.Parser]::ParseFile($script.FullName, [ref]$null, [ref]$errors)
            $errors | Should -BeNullOrEmpty -Because $script.Name
            (Get-Help $script.FullName).Synopsis | Should -Not -BeNullOrEmpty -Because $script.Name
        }
    }
}
