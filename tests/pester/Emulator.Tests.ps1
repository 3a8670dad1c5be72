# Proves the test harness itself: the emulator starts and answers like Verifik, its outbox gives the code that was
# sent, and Invoke-FreshPwsh runs the pinned PowerShell. Every cmdlet test relies on these.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    $emulator = Start-TestEmulator
}

AfterAll {
    if ($emulator) {
        Stop-TestEmulator -Emulator $emulator
    }
}

Describe 'Start-TestEmulator' {
    It 'listens on a loopback port that it picked itself' {
        $emulator.BaseUri | Should -Match '^http://127\.0\.0\.1:\d+$'
        $emulator.BaseUri | Should -Not -Be 'http://127.0.0.1:0'
        $emulator.Process.HasExited | Should -BeFalse
    }
}

Describe 'Email sign-in against the emulator' {
    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
    }

    It 'sends a code to a known account, and Get-TestOtp reads it from the outbox' {
        $reply = Invoke-RestMethod -Method Post -Uri "$($emulator.BaseUri)/v2/projects/email-login?email=$([Uri]::EscapeDataString('ana@example.com'))"

        $reply.data.status | Should -Be 'sent'
        Get-TestOtp -Emulator $emulator -To 'ana@example.com' | Should -MatchExactly '^\d{6}$'
    }

    It 'answers 404 for an address that no account uses' {
        $uri = "$($emulator.BaseUri)/v2/projects/email-login?email=$([Uri]::EscapeDataString('nobody@example.com'))"
        $failure = { Invoke-RestMethod -Method Post -Uri $uri } | Should -Throw -PassThru

        [int]$failure.Exception.Response.StatusCode | Should -Be 404
    }

    It 'makes Invoke-TestEmulator write the items of a JSON array one by one' {
        foreach ($address in 'ana@example.com', 'bob+ops@example.com') {
            $null = Invoke-RestMethod -Method Post -Uri "$($emulator.BaseUri)/v2/projects/email-login?email=$([Uri]::EscapeDataString($address))"
        }

        $messages = @(Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/outbox')
        $messages.Count | Should -Be 2
        $messages.to | Should -Be @('ana@example.com', 'bob+ops@example.com')
    }

    It 'makes Get-TestOtp throw when nothing was sent to the address' {
        { Get-TestOtp -Emulator $emulator -To 'ana@example.com' } | Should -Throw '*sent no code*'
    }
}

Describe 'Invoke-FreshPwsh' {
    It 'runs the script in the pinned PowerShell 7.6.9' {
        $result = Invoke-FreshPwsh -Command '$PSVersionTable.PSVersion.ToString()'

        $result.ExitCode | Should -Be 0
        $result.StdOut.Trim() | Should -Be '7.6.9'
    }

    It 'passes -Environment to the child and reports its exit code and stderr' {
        $result = Invoke-FreshPwsh -Command '[Console]::Error.WriteLine($env:VERIFIK_HARNESS_PROBE); exit 3' -Environment @{ VERIFIK_HARNESS_PROBE = 'probe-value' }

        $result.ExitCode | Should -Be 3
        $result.StdErr.Trim() | Should -Be 'probe-value'
    }
}
