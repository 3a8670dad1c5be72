BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    $script:emulator = Start-TestEmulator
    $script:examples = Join-Path (Get-VerifikRepoRoot) 'examples'
    # The examples import the module by name, as a user who installed it would.
    $script:modulePath = (Split-Path (Get-VerifikModulePath)) + [IO.Path]::PathSeparator + $env:PSModulePath
    # Runbook.ps1 calls Get-Secret and Set-Secret; these stand-ins keep the secret in a file the test reads.
    $script:standIns = Join-Path $PSScriptRoot 'StandIns'

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
        $script:store = Join-Path ([IO.Path]::GetTempPath()) "verifik-store-$([guid]::NewGuid().ToString('N'))"
        $null = New-Item -ItemType Directory -Path $store
    }

    AfterEach {
        Remove-Item -LiteralPath $store -Recurse -ErrorAction Ignore
    }

    It 'Runbook.ps1 run by a scheduler, <Case>: exit code <ExitCode>, store <StoreAfter>' -TestCases @(
        @{ Case = 'a fresh token (day 0)'; DaysLeft = 30; ExitCode = 0; StoreAfter = 'unchanged' }
        @{ Case = 'a token inside the renewal window (day 25)'; DaysLeft = 5; ExitCode = 0; StoreAfter = 'renewed' }
        @{ Case = 'an expired token (day 31)'; DaysLeft = -1; ExitCode = 1; StoreAfter = 'unchanged'; Says = 'Connect-Verifik' }
        @{ Case = 'a token expired on the server''s clock'; DaysLeft = 30; ServerDaysLater = 31; ExitCode = 1; StoreAfter = 'unchanged'; Says = 'Connect-Verifik' }
        @{ Case = 'a revoked token'; DaysLeft = 20; Revoked = $true; ExitCode = 1; StoreAfter = 'unchanged'; Says = 'Connect-Verifik' }
        @{ Case = 'an unreachable Verifik'; DaysLeft = 5; Unreachable = $true; ExitCode = 1; StoreAfter = 'unchanged'; Says = 'left as it was' }
    ) {
        $old = New-TestToken -LifetimeSeconds ($DaysLeft * 86400)
        Set-Content -LiteralPath (Join-Path $store VerifikToken) -Value $old -NoNewline
        if ($Revoked) {
            $null = Invoke-RestMethod -Method Post "$($emulator.BaseUri)/v2/auth/renew-and-revoke" -Headers @{ Authorization = "Bearer $old" }
        }
        if ($ServerDaysLater) {
            $null = Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/clock' -Body @{ advanceSeconds = $ServerDaysLater * 86400 }
        }
        $baseUri = if ($Unreachable) { 'http://127.0.0.1:9' } else { $emulator.BaseUri }

        $result = Invoke-FreshPwsh -File "$examples/Runbook.ps1" -Environment @{
            PSModulePath = $standIns + [IO.Path]::PathSeparator + $modulePath
            VERIFIK_TEST_SECRET_STORE = $store
            VERIFIK_BASE_URL = $baseUri
        }
        $after = Get-Content -Raw -LiteralPath (Join-Path $store VerifikToken)

        $result.ExitCode | Should -Be $ExitCode -Because $result.StdErr
        if ($StoreAfter -eq 'unchanged') {
            $after | Should -BeExactly $old
        }
        else {
            $after | Should -Not -Be $old
            (Invoke-RestMethod "$($emulator.BaseUri)/v2/clients/me" -Headers @{ Authorization = "Bearer $after" }).data.email | Should -Be 'ana@example.com'
        }
        if ($ExitCode -eq 0) {
            $result.StdErr | Should -BeNullOrEmpty
            $result.StdOut | Should -Match "token renewed: $($StoreAfter -eq 'renewed')"
        }
        else {
            $result.StdErr | Should -Match ([regex]::Escape($Says))
            $result.StdErr | Should -Not -Match ([regex]::Escape($old.Split('.')[2]))
        }
    }

    It 'README "Runbooks" and about_Verifik show exactly the lines of Runbook.ps1 that the test above runs' {
        $region = [regex]::Match((Get-Content -Raw -LiteralPath "$examples/Runbook.ps1"), '(?s)#region Runbook\r?\n(.*?)\r?\n#endregion').Groups[1].Value
        $readme = Get-Content -Raw -LiteralPath (Join-Path (Get-VerifikRepoRoot) 'README.md')
        $about = Get-Content -Raw -LiteralPath (Join-Path (Get-VerifikRepoRoot) 'docs/en-US/about_Verifik.md')

        $region | Should -Match 'Update-VerifikToken -MinimumValidity'
        [regex]::Match($readme, '(?s)### Runbooks.*?```powershell\r?\n(.*?)\r?\n```').Groups[1].Value | Should -BeExactly $region
        [regex]::Match($about, '(?s)## RUNBOOKS AND PIPELINES.*?```powershell\r?\n(.*?)\r?\n```').Groups[1].Value | Should -BeExactly $region
    }

    It 'Parallel-FanOut.ps1 makes every call with the one shared session, from several threads' {
        $result = Invoke-FreshPwsh -Environment @{ PSModulePath = $modulePath } -Command @"
Connect-Verifik -AccessToken '$(New-TestToken)' -BaseUri '$($emulator.BaseUri)' -NoWelcome
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
