BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    $script:emulator = Start-TestEmulator
    $script:modulePath = Get-VerifikModulePath
}

AfterAll {
    Stop-TestEmulator -Emulator $emulator
}

# What the first call of a new process does, as a runbook's pwsh sees it (docs/benchmarks.md, rows 2 and 3).
Describe 'The first call in a fresh pwsh' {
    BeforeAll {
        $script:configHome = (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "verifik-$([guid]::NewGuid().ToString('N'))")).FullName
        $script:jwt = (Invoke-TestEmulator -Emulator $emulator -Method Post -Path '/_emulator/tokens' -Body @{ email = 'ana@example.com' }).accessToken
        $script:signature = $jwt.Split('.')[2]
    }

    AfterAll {
        Remove-Item -LiteralPath $configHome -Recurse -Force -ErrorAction Ignore
    }

    It 'keeps the token out of serialisation from the first call on, without auto-loading Microsoft.PowerShell.Utility for it' {
        # Nothing here may use a Microsoft.PowerShell.Utility command before the check, or it would load the module itself.
        $script = @(
            "Import-Module '$modulePath'"
            'Connect-Verifik'
            '$token = Get-VerifikToken'
            '$session = Get-VerifikSession'
            '[Console]::Out.WriteLine("Utility loaded: $([bool](Get-Module -Name Microsoft.PowerShell.Utility))")'
            '[Console]::Out.Write([System.Management.Automation.PSSerializer]::Serialize(@($token, $session), 5))'
        ) -join [Environment]::NewLine
        $run = Invoke-FreshPwsh -Command $script -Environment @{
            XDG_CONFIG_HOME = $configHome; LOCALAPPDATA = $configHome; VERIFIK_BASE_URL = $emulator.BaseUri; VERIFIK_ACCESS_TOKEN = $jwt
        }
        $hex = -join ([Text.Encoding]::Unicode.GetBytes($signature) | ForEach-Object { $_.ToString('x2') })

        $run.ExitCode | Should -Be 0 -Because $run.StdErr
        $run.StdOut | Should -Match 'Utility loaded: False'
        $run.StdOut | Should -Match 'N="ExpiresOn"' -Because 'the token is serialised, with its safe properties'
        $run.StdOut | Should -Not -Match ([regex]::Escape($signature))
        $run.StdOut.ToLowerInvariant() | Should -Not -Match $hex
    }
}
