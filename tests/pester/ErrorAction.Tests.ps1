# Every cmdlet's failure paths under each way a script or a person controls errors. A new failure path of any cmdlet
# belongs in $script:failures, so the next cmdlet cannot go back to statement-terminating errors.
BeforeDiscovery {
    # Each case: the command, what it should fail with, and a script block that returns its parameters (run in the It,
    # after the emulator is reset, so it can sign in or script faults first).
    $script:failures = @(
        @{ Name = 'Get-VerifikToken, not connected'; Command = 'Get-VerifikToken'; Kind = 'NotConnected'
            Arrange = { @{ Session = New-VerifikSession } } }
        @{ Name = 'Get-VerifikToken, expired'; Command = 'Get-VerifikToken'; Kind = 'TokenExpired'
            Arrange = { @{ Session = Connect-WithLifetime -60 } } }
        @{ Name = 'Get-VerifikToken -MinimumValidity'; Command = 'Get-VerifikToken'; Kind = 'TokenExpiring'
            Arrange = { @{ Session = Connect-WithLifetime 7200; MinimumValidity = New-TimeSpan -Days 1; WarningAction = 'SilentlyContinue' } } }
        @{ Name = 'Update-VerifikToken, not connected'; Command = 'Update-VerifikToken'; Kind = 'NotConnected'
            Arrange = { @{ Session = New-VerifikSession } } }
        @{ Name = 'Update-VerifikToken, refused token'; Command = 'Update-VerifikToken'; Kind = 'Unauthorized'
            Arrange = {
                $session = Connect-WithLifetime 3600
                $null = Invoke-RestMethod -Method Post "$($emulator.BaseUri)/v2/auth/renew-and-revoke" -Headers (Get-VerifikToken -Session $session -AsHeader)
                @{ Session = $session }
            } }
        @{ Name = 'Connect-Verifik -AccessToken, expired'; Command = 'Connect-Verifik'; Kind = 'InvalidToken'
            Arrange = { @{ Session = New-VerifikSession; AccessToken = (New-EmulatorToken -60) } } }
        @{ Name = 'Connect-Verifik, nothing to sign in with'; Command = 'Connect-Verifik'; Kind = 'InteractionRequired'
            Arrange = { $env:VERIFIK_ACCESS_TOKEN = $null; @{ Session = New-VerifikSession } } }
        @{ Name = 'Request-VerifikOtp, unknown account'; Command = 'Request-VerifikOtp'; Kind = 'InvalidEmail'
            Arrange = { @{ Session = New-VerifikSession; Email = 'nobody@example.com' } } }
        @{ Name = 'Confirm-VerifikOtp, no pending code'; Command = 'Confirm-VerifikOtp'; Kind = 'OtpNotFound'
            Arrange = { @{ Session = New-VerifikSession; Email = 'ana@example.com'; Otp = '123456' } } }
        @{ Name = 'Invoke-VerifikRequest, not connected'; Command = 'Invoke-VerifikRequest'; Kind = 'NotConnected'
            Arrange = { @{ Session = New-VerifikSession; Path = '/v2/clients/me' } } }
        @{ Name = 'Invoke-VerifikRequest, API error'; Command = 'Invoke-VerifikRequest'; Kind = 'ApiError'
            Arrange = {
                $null = Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/faults' -Body @{ path = '/v2/clients/me'; status = 500 }
                @{ Session = Connect-WithLifetime 3600; Path = '/v2/clients/me' }
            } }
        @{ Name = 'Invoke-VerifikRequest, URL on another host'; Command = 'Invoke-VerifikRequest'; Kind = 'ForeignHost'
            Arrange = { @{ Session = Connect-WithLifetime 3600; Path = 'https://evil.example/v2/clients/me' } } }
        @{ Name = 'Invoke-VerifikRequest, body that is not JSON'; Command = 'Invoke-VerifikRequest'; Kind = 'InvalidBody'
            Arrange = { $body = @{}; $body.Self = $body; @{ Session = Connect-WithLifetime 3600; Path = '/v2/clients/me'; Method = 'POST'; Body = $body } } }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    Import-Module (Get-VerifikModulePath) -Force
    $script:emulator = Start-TestEmulator -AsDefault
    $script:savedAccessToken = $env:VERIFIK_ACCESS_TOKEN

    function New-EmulatorToken([int]$LifetimeSeconds) {
        (Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/tokens' -Body @{ email = 'ana@example.com'; lifetimeSeconds = $LifetimeSeconds }).accessToken
    }

    # A session signed in through the real confirm endpoint, holding a token with the given lifetime.
    function Connect-WithLifetime([int]$LifetimeSeconds) {
        $jwt = New-EmulatorToken $LifetimeSeconds
        $null = Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/faults' -Body @{
            path = '/v2/projects/email-login/confirm'; status = 200
            body = (@{ data = @{ accessToken = $jwt; tokenType = 'bearer' } } | ConvertTo-Json -Compress)
        }
        $session = New-VerifikSession
        $null = Confirm-VerifikOtp -Email ana@example.com -Otp 123456 -Session $session
        $session
    }
}

AfterAll {
    $env:VERIFIK_ACCESS_TOKEN = $savedAccessToken
    Stop-TestEmulator -Emulator $emulator
}

Describe 'Failures that concern the call are written, not thrown: <Name>' -ForEach $failures {
    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
        $parameters = & $Arrange
        $expectedId = "Verifik.$Kind,Verifik.Commands.$($Command -replace '-', '')Command"
    }

    AfterEach {
        $env:VERIFIK_ACCESS_TOKEN = $savedAccessToken
    }

    It 'runs the body of if (-not (... -ErrorAction SilentlyContinue)) and records the error in $Error' {
        $Error.Clear()
        $ranBody = $false

        if (-not (& $Command @parameters -ErrorAction SilentlyContinue)) { $ranBody = $true }

        $ranBody | Should -BeTrue
        $Error.Count | Should -Be 1
        $Error[0].FullyQualifiedErrorId | Should -Be $expectedId
    }

    It 'runs the body with $ErrorActionPreference = ''SilentlyContinue''' {
        $ranBody = & {
            $ErrorActionPreference = 'SilentlyContinue'
            if (-not (& $Command @parameters)) { $true } else { $false }
        }

        $ranBody | Should -BeTrue
    }

    It 'leaves $Error alone under -ErrorAction Ignore' {
        $Error.Clear()

        $output = & $Command @parameters -ErrorAction Ignore

        $output | Should -BeNullOrEmpty
        $Error.Count | Should -Be 0
    }

    It 'puts the ErrorRecord itself in -ErrorVariable, with its id, category, next step and a masked target' {
        $null = & $Command @parameters -ErrorAction SilentlyContinue -ErrorVariable failure

        $failure.Count | Should -Be 1
        $failure[0] | Should -BeOfType [System.Management.Automation.ErrorRecord]
        $failure[0].FullyQualifiedErrorId | Should -Be $expectedId
        $failure[0].Exception | Should -BeOfType [Verifik.VerifikException]
        $failure[0].CategoryInfo.Category | Should -Not -Be 'NotSpecified'
        $failure[0].ErrorDetails.Message | Should -Be $failure[0].Exception.Message
        $failure[0].ErrorDetails.RecommendedAction | Should -Be $failure[0].Exception.RecommendedAction
        $failure[0].ErrorDetails.RecommendedAction | Should -Not -Be ([Verifik.RecommendedActions]::Fallback)
        $failure[0].TargetObject | Should -BeOfType [string]
        $failure[0].TargetObject | Should -Not -Match 'ana@'
    }

    It 'throws under -ErrorAction Stop with the id try/catch scripts match on' {
        $caught = try { & $Command @parameters -ErrorAction Stop; 'nothing thrown' } catch { $_.FullyQualifiedErrorId }

        $caught | Should -Be $expectedId
    }
}

Describe 'What stays terminating' {
    It 'New-VerifikSession refuses an unusable -BaseUri as parameter validation does, even under SilentlyContinue' {
        $reached = $false
        try {
            $null = New-VerifikSession -BaseUri 'http://api.verifik.co' -ErrorAction SilentlyContinue
            $reached = $true
        }
        catch {
            $_.FullyQualifiedErrorId | Should -Be 'Verifik.InsecureBaseUri,Verifik.Commands.NewVerifikSessionCommand'
        }

        $reached | Should -BeFalse
    }
}

Describe 'The error contract comes from one enum' {
    BeforeAll {
        $kinds = [Enum]::GetNames([Verifik.VerifikErrorKind]) | Sort-Object

        # The ids in the first column of a markdown table that starts with the given header ("A / B" rows list two).
        function Get-ErrorIdTable([string]$Path, [string]$Header) {
            $lines = Get-Content -LiteralPath (Join-Path (Get-VerifikRepoRoot) $Path)
            $start = [Array]::IndexOf($lines, $Header)
            $start | Should -BeGreaterThan -1 -Because "$Path has a table headed '$Header'"
            for ($i = $start + 2; $i -lt $lines.Count -and $lines[$i] -like '|*'; $i++) {
                [regex]::Matches(($lines[$i] -split '\|')[1], '`Verifik\.(\w+)`') | ForEach-Object { $_.Groups[1].Value }
            }
        }
    }

    It 'has a next step of its own for every error kind' {
        foreach ($kind in $kinds) {
            [Verifik.RecommendedActions]::For($kind) | Should -Not -Be ([Verifik.RecommendedActions]::Fallback) -Because "Verifik.$kind needs its own recommended action"
        }
    }

    It 'lists exactly the enum in <Path>' -TestCases @(
        @{ Path = 'README.md'; Header = '| ErrorId | When |' }
        @{ Path = 'docs/en-US/about_Verifik.md'; Header = '| Error id | When |' }
    ) {
        $listed = @(Get-ErrorIdTable $Path $Header)

        ($listed | Sort-Object) -join ', ' | Should -Be ($kinds -join ', ')
    }
}
