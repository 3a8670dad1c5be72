BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    $script:emulator = Start-TestEmulator
    # Each test asks for codes for the same addresses again; the cooldown between codes is not what is tested here.
    Set-TestEmulatorBehaviour -Emulator $emulator -Behaviour @{ cooldownSeconds = 0 }

    # -Email completion reads the default session, which is the process's, so a case about addresses runs in a pwsh
    # of its own (-FreshShell, implied by -Prepare); the addresses are used in the shell's runspace, or with
    # -InThreadJob in a thread job of that shell. Fixed lists need no session and are completed here.
    function Get-Completion([string]$InputScript, [string[]]$Prepare = @(), [switch]$InThreadJob, [switch]$FreshShell) {
        if (-not ($Prepare -or $FreshShell)) {
            $shell = [powershell]::Create()
            try {
                $null = $shell.AddScript({
                    param($ModulePath, $InputScript)
                    Import-Module $ModulePath
                    (TabExpansion2 -inputScript $InputScript -cursorColumn $InputScript.Length).CompletionMatches
                }).AddParameters(@{ ModulePath = (Get-VerifikModulePath); InputScript = $InputScript })
                return $shell.Invoke()
            }
            finally {
                $shell.Dispose()
            }
        }

        $run = Invoke-FreshPwsh -Environment @{
            VERIFIK_BASE_URL = $emulator.BaseUri; VERIFIK_ACCESS_TOKEN = $null
            TEST_PREPARE = ConvertTo-Json -InputObject @($Prepare) -Compress; TEST_INPUT = $InputScript; TEST_IN_JOB = "$InThreadJob"
        } -Command (@'
$m = '{0}'
Import-Module $m
$use = {{ param($m, $emails) Import-Module $m; foreach ($email in $emails) {{ $null = Request-VerifikOtp -Email $email }} }}
$emails = @($env:TEST_PREPARE | ConvertFrom-Json)
if ($env:TEST_IN_JOB -eq 'True') {{ Start-ThreadJob $use -ArgumentList $m, $emails | Receive-Job -Wait -AutoRemoveJob }} else {{ & $use $m $emails }}
$found = (TabExpansion2 -inputScript $env:TEST_INPUT -cursorColumn $env:TEST_INPUT.Length).CompletionMatches
ConvertTo-Json -InputObject @($found | Select-Object CompletionText) -Compress
'@ -f (Get-VerifikModulePath))
        $last = ($run.StdOut.Trim() -split "`n")[-1]
        if (-not $last.StartsWith('[')) { throw "The shell gave no completions: $($run.StdOut) $($run.StdErr)" }
        @($last | ConvertFrom-Json)
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

    It 'narrows -<Parameter> to what was typed, in any case and after a quote: <Typed>' -TestCases @(
        @{ Parameter = 'Language'; Typed = 'Request-VerifikOtp -Email ana@example.com -Language p'; Values = @('pt') }
        @{ Parameter = 'Language'; Typed = 'Request-VerifikOtp -Email ana@example.com -Language E'; Values = @('en', 'es') }
        @{ Parameter = 'Language'; Typed = 'Connect-Verifik -Email ana@example.com -Language "p'; Values = @('pt') }
        @{ Parameter = 'Method'; Typed = 'Invoke-VerifikRequest -Method p'; Values = @('POST', 'PUT', 'PATCH') }
        @{ Parameter = 'Method'; Typed = "Invoke-VerifikRequest -Method 'de"; Values = @('DELETE') }
    ) {
        @((Get-Completion $Typed).CompletionText -replace '^[''"]|[''"]$') | Should -Be $Values
    }

    It 'offers the addresses in alphabetical order, ignoring case, whatever order they were used in' {
        # Addresses of the emulator's accounts, which answer whatever the case; an ordinal sort would put Two@ first.
        $used = 'Two@example.com', 'bob+ops@example.com', 'ana@example.com'

        (Get-Completion 'Request-VerifikOtp -Email ' -Prepare $used).CompletionText | Should -Be @('ana@example.com', 'bob+ops@example.com', 'Two@example.com')
        (Get-Completion 'Request-VerifikOtp -Email t' -Prepare $used).CompletionText | Should -Be @('Two@example.com')
    }

    It 'offers the addresses used in any runspace of the shell, and none from another shell' {
        (Get-Completion 'Request-VerifikOtp -Email ' -Prepare 'ana@example.com' -InThreadJob).CompletionText | Should -Be 'ana@example.com'
        Get-Completion 'Request-VerifikOtp -Email ' -FreshShell | Should -BeNullOrEmpty
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
