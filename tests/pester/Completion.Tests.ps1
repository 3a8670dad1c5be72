BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    $script:emulator = Start-TestEmulator
    # Each test asks for codes for the same addresses again; the cooldown between codes is not what is tested here.
    Set-TestEmulatorBehaviour -Emulator $emulator -Behaviour @{ cooldownSeconds = 0 }

    # Completion reads the runspace's default session, so each test gets a runspace of its own.
    function Get-Completion([string]$InputScript, [string[]]$Prepare = @()) {
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript({
                param($ModulePath, $BaseUri, $Emails, $InputScript)
                Import-Module $ModulePath
                foreach ($email in $Emails) { $null = Request-VerifikOtp -Email $email -BaseUri $BaseUri }
                (TabExpansion2 -inputScript $InputScript -cursorColumn $InputScript.Length).CompletionMatches
            }).AddParameters(@{ ModulePath = (Get-VerifikModulePath); BaseUri = $emulator.BaseUri; Emails = $Prepare; InputScript = $InputScript })
            $shell.Invoke()
        }
        finally {
            $shell.Dispose()
        }
    }
}

AfterAll {
    Stop-TestEmulator -Emulator $emulator
}

Describe 'Tab completion' {
    It 'completes -Email on <Command> with the addresses already used in this session' -TestCases @(
        @{ Command = 'Request-VerifikOtp' }
        @{ Command = 'Confirm-VerifikOtp' }
        @{ Command = 'Connect-Verifik' }
    ) {
        $matches = Get-Completion "$Command -Email " -Prepare 'ana@example.com', 'bob+ops@example.com'

        $matches.CompletionText | Should -Be @('ana@example.com', 'bob+ops@example.com')
    }

    It 'narrows to what was typed and quotes addresses PowerShell would misread' {
        $prepared = 'ana@example.com', 'bob+ops@example.com', "zoë.o'brien&co@example.com"

        (Get-Completion 'Request-VerifikOtp -Email b' -Prepare $prepared).CompletionText | Should -Be 'bob+ops@example.com'
        (Get-Completion 'Request-VerifikOtp -Email z' -Prepare $prepared).CompletionText | Should -Be "'zoë.o''brien&co@example.com'"
    }

    It 'narrows -Language to what was typed' {
        (Get-Completion 'Request-VerifikOtp -Email ana@example.com -Language p').CompletionText | Should -Be 'pt'
    }

    It 'offers nothing from other runspaces' {
        $null = Get-Completion 'Request-VerifikOtp -Email ' -Prepare 'ana@example.com'

        Get-Completion 'Request-VerifikOtp -Email ' | Should -BeNullOrEmpty
    }

    It 'completes -<Parameter> with its values' -TestCases @(
        @{ Parameter = 'Gateway'; Command = 'Request-VerifikOtp -Phone 3001234567 -CountryCode 57'; Values = @('Sms', 'WhatsApp') }
        @{ Parameter = 'Scope'; Command = 'Connect-Verifik'; Values = @('CurrentUser', 'Process') }
        @{ Parameter = 'Method'; Command = 'Invoke-VerifikRequest'; Values = @('DELETE', 'GET', 'PATCH', 'POST', 'PUT') }
        @{ Parameter = 'Language'; Command = 'Request-VerifikOtp -Email ana@example.com'; Values = @('de', 'en', 'es', 'fr', 'pt') }
        @{ Parameter = 'Language'; Command = 'Connect-Verifik -Email ana@example.com'; Values = @('de', 'en', 'es', 'fr', 'pt') }
    ) {
        (Get-Completion "$Command -$Parameter ").CompletionText | Sort-Object | Should -Be $Values
    }
}
