# No object the module emits or attaches (output, error records, exceptions, targets, sessions) serialises a token
# or a code, from the first call of any cmdlet in a fresh pwsh: on Linux and macOS Export-Clixml writes a
# SecureString as the hex of its characters, which anyone can read back.
BeforeDiscovery {
    $script:onWindows = $IsWindows
    # Each cmdlet as the first of a fresh shell, in its ways of failing and of returning a secret.
    $script:firsts = @(
        @{ First = 'Connect-Verifik -AccessToken $jwt' }
        @{ First = 'Connect-Verifik -AccessToken $expired' }
        @{ First = 'Connect-Verifik -AccessToken $jwt -PassThru' }
        @{ First = 'Get-VerifikToken' }
        @{ First = 'Get-VerifikToken -AsPlainText'; SecretOutput = $true }
        @{ First = 'Get-VerifikToken -AsHeader'; SecretOutput = $true }
        @{ First = 'Get-VerifikToken -MinimumValidity 3650.00:00:00' }
        @{ First = 'Test-VerifikToken' }
        @{ First = 'Update-VerifikToken' }
        @{ First = 'Update-VerifikToken'; Fault = @{ path = '/v2/auth/session'; status = 500; times = 10; body = '{"code":"Boom","message":"no"}' } }
        @{ First = 'Invoke-VerifikRequest -Path /v2/clients/me' }
        @{ First = 'Invoke-VerifikRequest -Path /v2/clients/me'; Fault = @{ path = '/v2/clients/me'; status = 500; times = 10; body = '{"code":"Boom","message":"no"}' } }
        @{ First = 'Request-VerifikOtp -Email ana@example.com' }
        @{ First = 'Confirm-VerifikOtp -Email ana@example.com -Otp $code' }
        @{ First = 'Confirm-VerifikOtp -Email ana@example.com -Otp $code'; Fault = @{ path = '/v2/projects/email-login/confirm'; status = 400; body = '{"code":"BadRequest","message":"invalid_otp"}' } }
        @{ First = 'Disconnect-Verifik' }
        @{ First = 'New-VerifikSession' }
        @{ First = 'Get-VerifikSession' }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    $script:emulator = Start-TestEmulator
    $script:modulePath = Get-VerifikModulePath
    $script:scenario = Join-Path $PSScriptRoot 'Serialisation.Scenario.ps1'

    # Every form a secret can take in a file: as is, and as the bytes of UTF-16 or UTF-8 in hex or base64.
    function Get-SecretForm([string]$Secret) {
        $Secret
        foreach ($bytes in [Text.Encoding]::Unicode.GetBytes($Secret), [Text.Encoding]::UTF8.GetBytes($Secret)) {
            [Convert]::ToHexString($bytes)
            [Convert]::ToBase64String($bytes)
        }
    }
}

AfterAll {
    Stop-TestEmulator -Emulator $emulator
}

Describe 'Every cmdlet comes first once' {
    It 'classifies each cmdlet of the module' -ForEach @{ Covered = $firsts.First -replace ' .*' } {
        Get-UnclassifiedCmdlet -Covered $Covered -Exceptions @{} | Should -BeNullOrEmpty
    }
}

Describe 'Serialising what the module emits' -Skip:$onWindows {
    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
        $script:work = (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "verifik-$([guid]::NewGuid().ToString('N'))")).FullName
        $script:environment = @{ XDG_CONFIG_HOME = $work; VERIFIK_BASE_URL = $emulator.BaseUri; VERIFIK_ACCESS_TOKEN = $null }
        $script:jwt = Copy-TestSignIn -Emulator $emulator -ConfigHome $work
        $null = Invoke-RestMethod -Method Post "$($emulator.BaseUri)/v2/projects/email-login?email=ana%40example.com"
        $script:code = Get-TestOtp -Emulator $emulator -To 'ana@example.com'
    }

    AfterEach {
        Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction Ignore
    }

    It 'keeps the token and the code out of Export-Clixml and ConvertTo-Json after <First>' -ForEach $firsts {
        if ($Fault) {
            $null = Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/faults' -Body $Fault
        }
        $expired = New-TestToken -Emulator $emulator -LifetimeSeconds -60
        # The secrets reach the command through variables: a literal typed into a command line is kept by
        # PowerShell itself (InvocationInfo.Line, the history), which no module can mask.
        $command = $First.Replace('$jwt', '$env:TEST_JWT').Replace('$expired', '$env:TEST_EXPIRED').Replace('$code', '$env:TEST_CODE')
        $environment += @{ TEST_JWT = $jwt; TEST_EXPIRED = $expired; TEST_CODE = $code }

        $run = Invoke-FreshPwsh -Environment $environment -Command (
            "& '$scenario' -ModulePath '$modulePath' -OutFolder '$work' -First '$command' -SecretOutput:`$$([bool]$SecretOutput)")

        $run.StdOut | Should -Match 'TYPEDATA 2'
        $written = (Get-Content -Raw -LiteralPath (Join-Path $work 'everything.clixml')) + (Get-Content -Raw -LiteralPath (Join-Path $work 'everything.json'))
        $secrets = @($jwt, $expired, $code) + @($run.StdOut -split "`n" | Where-Object { $_ -match '^SECRET (\S+)' } | ForEach-Object { $Matches[1] })
        # The code as digits only where no digit touches it: a timestamp's fraction may hold the same six digits.
        $written | Should -Not -Match "(?<!\d)$code(?!\d)"
        foreach ($secret in $secrets) {
            foreach ($form in Get-SecretForm $secret | Where-Object Length -GT $code.Length) {
                $written.Contains($form, [StringComparison]::OrdinalIgnoreCase) | Should -BeFalse -Because "a secret of length $($secret.Length) must not be written (form of length $($form.Length))"
            }
        }
    }
}
