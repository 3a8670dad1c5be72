# Named Verifik environments: New-VerifikSession -Environment and $env:VERIFIK_ENVIRONMENT.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    Import-Module (Get-VerifikModulePath) -Force
    $script:emulator = Start-TestEmulator
}

AfterAll {
    Stop-TestEmulator -Emulator $emulator
}

Describe 'Named environments' {
    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
        $script:saved = @{ Base = $env:VERIFIK_BASE_URL; Environment = $env:VERIFIK_ENVIRONMENT }
        $env:VERIFIK_BASE_URL = $null
        $env:VERIFIK_ENVIRONMENT = $null
    }

    AfterEach {
        $env:VERIFIK_BASE_URL = $saved.Base
        $env:VERIFIK_ENVIRONMENT = $saved.Environment
    }

    It 'New-VerifikSession -Environment <Environment> talks to <Uri> and says so' -ForEach @(
        @{ Environment = 'Production'; Uri = 'https://api.verifik.co/' }
        @{ Environment = 'Staging'; Uri = 'https://staging-api.verifik.co/' }
    ) {
        $session = New-VerifikSession -Environment $Environment

        $session.BaseUri.AbsoluteUri | Should -Be $Uri
        $session.Environment | Should -Be $Environment
        ($session | Out-String) | Should -Match "\b$Environment\b"
    }

    It 'completes -Environment with the named environments' {
        $completion = TabExpansion2 -inputScript 'New-VerifikSession -Environment ' -cursorColumn 'New-VerifikSession -Environment '.Length

        $completion.CompletionMatches.CompletionText | Sort-Object | Should -Be @('Production', 'Staging')
    }

    It 'does not take -Environment and -BaseUri together' {
        { New-VerifikSession -Environment Staging -BaseUri https://api.verifik.co } |
            Should -Throw -ErrorId 'AmbiguousParameterSet,Verifik.Commands.NewVerifikSessionCommand'
    }

    It 'follows $env:VERIFIK_ENVIRONMENT when nothing more specific is set' {
        $env:VERIFIK_ENVIRONMENT = 'staging'

        (New-VerifikSession).Environment | Should -Be 'Staging'
        (New-VerifikSession -BaseUri $emulator.BaseUri).Environment | Should -Be 'Custom'
        (New-VerifikSession -Environment Production).Environment | Should -Be 'Production'
    }

    It 'lets $env:VERIFIK_BASE_URL win over $env:VERIFIK_ENVIRONMENT' {
        $env:VERIFIK_ENVIRONMENT = 'Staging'
        $env:VERIFIK_BASE_URL = $emulator.BaseUri
        $session = New-VerifikSession

        $null = Request-VerifikOtp -Email ana@example.com -Session $session

        (Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests').path | Should -Be '/v2/projects/email-login'
        $session.Environment | Should -Be 'Custom'
    }

    It 'refuses a $env:VERIFIK_ENVIRONMENT that names no environment, before sending anything' {
        $env:VERIFIK_ENVIRONMENT = 'Moon'

        $failure = { Request-VerifikOtp -Email ana@example.com -Session (New-VerifikSession) -ErrorAction Stop } | Should -Throw -PassThru

        $failure.FullyQualifiedErrorId | Should -Be 'Verifik.InvalidBaseUri,Verifik.Commands.RequestVerifikOtpCommand'
        $failure.Exception.Message | Should -BeLike '*VERIFIK_ENVIRONMENT*Production or Staging*'
        (New-VerifikSession).Environment | Should -Be 'Custom'
    }
}
