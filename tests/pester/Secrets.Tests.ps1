BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    $script:emulator = Start-TestEmulator
}

AfterAll {
    Stop-TestEmulator -Emulator $emulator
}

Describe 'Secrets never leak' {
    It 'runs every cmdlet of the module in the scenario, or says why not' {
        $scenario = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $PSScriptRoot 'Secrets.Scenario.ps1'), [ref]$null, [ref]$null)
        $used = $scenario.FindAll({ $args[0] -is [System.Management.Automation.Language.CommandAst] }, $true).GetCommandName()

        Get-UnclassifiedCmdlet -Covered ($used | Where-Object { $_ -like '*-Verifik*' }) -Exceptions @{
            'New-VerifikSession' = 'makes a session from settings and holds no token or code; the scenario signs in with the default session'
        } | Should -BeNullOrEmpty
    }

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

    It 'keeps query values, codes and tokens out of the -WhatIf and -Verbose lines of every cmdlet that supports ShouldProcess' {
        $jwt = New-TestToken -Emulator $emulator
        # A fresh shell: -WhatIf writes to the host, which only the child's stdout holds.
        $result = Invoke-FreshPwsh -Environment @{ VERIFIK_BASE_URL = $emulator.BaseUri; VERIFIK_ACCESS_TOKEN = $null } -Command (@'
Import-Module '{0}'
$session = New-VerifikSession
Connect-Verifik -AccessToken '{1}' -Session $session
# How to call each cmdlet with a secret where it can take one; a cmdlet missing here fails the test.
$calls = @{{
    'Invoke-VerifikRequest' = @{{ Path = '/v2/clients/me?documentNumber=S3CR3T1&apiKey=S3CR3T2#S3CR3T3'; Query = @{{ token = 'S3CR3T4' }} }},
                              @{{ Method = 'POST'; Path = '{2}/v2/clients/me?S3CR3T5' }}
    'Request-VerifikOtp'    = @{{ Email = 's3cr3tbox@example.com' }}
    'Confirm-VerifikOtp'    = @{{ Email = 's3cr3tbox@example.com'; Otp = '975318' }}
    'Update-VerifikToken'   = @{{}}
    'Disconnect-Verifik'    = @{{}}
}}
$found = Get-Command -Module Verifik -CommandType Cmdlet | Where-Object {{
    $_.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false).SupportsShouldProcess
}}
foreach ($command in $found) {{
    if (-not $calls.ContainsKey($command.Name)) {{ "UNCOVERED $($command.Name)"; continue }}
    foreach ($arguments in $calls[$command.Name]) {{ & $command.Name @arguments -Session $session -WhatIf -Verbose; "RAN $($command.Name)" }}
}}
# And for real: the module's own verbose lines of a call with a query.
$null = Invoke-VerifikRequest -Path '/v2/clients/me?apiKey=S3CR3T6' -Query @{{ token = 'S3CR3T7' }} -Session $session -Verbose
'@ -f (Get-VerifikModulePath), $jwt, $emulator.BaseUri)
        $text = $result.StdOut + $result.StdErr

        $text | Should -Not -Match 'UNCOVERED'
        ($text | Select-String 'RAN ' -AllMatches).Matches.Count | Should -Be 6
        ($text | Select-String 'What if: ' -AllMatches).Matches.Count | Should -Be 6
        $text | Should -Match 'apiKey=\*\*\*'
        $text | Should -Not -Match 'S3CR3T|s3cr3tbox|975318'
        $text | Should -Not -Match ([regex]::Escape($jwt))
    }
}
