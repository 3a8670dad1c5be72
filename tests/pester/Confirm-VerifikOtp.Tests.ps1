BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    Import-Module (Get-VerifikModulePath) -Force
    $script:emulator = Start-TestEmulator -AsDefault
}

AfterAll {
    Stop-TestEmulator -Emulator $emulator
}

Describe 'Confirm-VerifikOtp' {
    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
        $script:session = New-VerifikSession
    }

    It 'takes the output of Request-VerifikOtp from the pipeline and returns the session''s Verifik.Token' {
        $request = Request-VerifikOtp -Email ana@example.com -Session $session
        $code = Get-TestOtp -Emulator $emulator -To 'ana@example.com'

        $token = $request | Confirm-VerifikOtp -Otp $code

        $token.PSObject.TypeNames[0] | Should -Be 'Verifik.Token'
        $token.Email | Should -Be 'ana@example.com'
        $token.TokenType | Should -Be 'Bearer'
        $token.Token | Should -BeOfType [securestring]
        $token.ClientId | Should -Be $request.ClientId
        $token.ExpiresOn | Should -BeOfType [DateTimeOffset]
        $token.IssuedOn | Should -BeOfType [DateTimeOffset]
        $token.TimeRemaining | Should -BeOfType [TimeSpan]
        $token.ExpiresOn | Should -Be $token.IssuedOn.AddMonths(1)
        $token.IsExpired | Should -BeFalse
        (Get-VerifikToken -Session $session -AsPlainText) | Should -Be ([System.Net.NetworkCredential]::new('', $token.Token).Password)
    }

    It 'signs in through the default session in the README''s one-liner, and the token works with Invoke-RestMethod both ways' {
        $runspace = [powershell]::Create()
        try {
            $null = $runspace.AddScript({
                param($ModulePath, $BaseUri, $HelperPath)
                Import-Module $HelperPath
                Import-Module $ModulePath
                $env:VERIFIK_BASE_URL = $BaseUri
                $emulator = [pscustomobject]@{ BaseUri = $BaseUri }
                $request = Request-VerifikOtp -Email ana@example.com
                $request | Confirm-VerifikOtp -Otp (Get-TestOtp -Emulator $emulator -To 'ana@example.com') | Out-Null
                $viaHeader = Invoke-RestMethod "$BaseUri/v2/clients/me" -Headers (Get-VerifikToken -AsHeader)
                $viaToken = Invoke-RestMethod "$BaseUri/v2/clients/me" -Authentication Bearer -Token (Get-VerifikToken).Token -AllowUnencryptedAuthentication
                [pscustomobject]@{ Header = $viaHeader.data.email; Token = $viaToken.data.email; Session = (Get-VerifikSession).Email }
            }).AddParameters(@{ ModulePath = (Get-VerifikModulePath); BaseUri = $emulator.BaseUri; HelperPath = (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') })
            $result = $runspace.Invoke()

            $runspace.Streams.Error | Should -BeNullOrEmpty
            $result.Header | Should -Be 'ana@example.com'
            $result.Token | Should -Be 'ana@example.com'
            $result.Session | Should -Be 'ana@example.com'
        }
        finally {
            $runspace.Dispose()
        }
    }

    It 'confirms against the base URI and session the request was made with' {
        $other = Start-TestEmulator
        try {
            $elsewhere = New-VerifikSession
            $request = Request-VerifikOtp -Email ana@example.com -BaseUri $other.BaseUri -Session $elsewhere

            $token = $request | Confirm-VerifikOtp -Otp (Get-TestOtp -Emulator $other -To 'ana@example.com')

            $token.Email | Should -Be 'ana@example.com'
            $elsewhere.Token | Should -Not -BeNullOrEmpty
            (Invoke-TestEmulator -Emulator $other -Path '/_emulator/requests').path | Should -Contain '/v2/projects/email-login/confirm'
            Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests' | Should -BeNullOrEmpty
        }
        finally {
            Stop-TestEmulator -Emulator $other
        }
    }

    It 'accepts a code typed with spaces or dashes' {
        $null = Request-VerifikOtp -Email ana@example.com -Session $session
        $code = Get-TestOtp -Emulator $emulator -To 'ana@example.com'

        $token = Confirm-VerifikOtp -Email ana@example.com -Otp ('{0} {1}-' -f $code.Substring(0, 3), $code.Substring(3)) -Session $session

        $token.Email | Should -Be 'ana@example.com'
    }

    It 'keeps the leading zero of a code typed without quotes' {
        # About one code in ten starts with 0; ask until one does, without waiting out the cooldown between codes.
        Set-TestEmulatorBehaviour -Emulator $emulator -Behaviour @{ cooldownSeconds = 0 }
        foreach ($attempt in 1..200) {
            $null = Request-VerifikOtp -Email ana@example.com -Session $session
            $code = Get-TestOtp -Emulator $emulator -To 'ana@example.com'
            if ($code.StartsWith('0')) { break }
        }
        $code | Should -Match '^0\d{5}$'

        # Typed as a bare word, as at the prompt: PowerShell parses it as a number.
        $token = Invoke-Expression "Confirm-VerifikOtp -Email ana@example.com -Otp $code -Session `$session"

        $token.Email | Should -Be 'ana@example.com'
    }

    It 'leaves -Otp optional, so PowerShell never asks for it unmasked before the piped request has sent the code' {
        $otp = (Get-Command Confirm-VerifikOtp).Parameters['Otp']

        $otp.Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] }).Mandatory | Should -Not -Contain $true
        $otp.ParameterType | Should -Be ([string])
    }

    It 'stops the pipeline with Verifik.InteractionRequired before Request-VerifikOtp sends a code nobody could type' {
        $failure = { Request-VerifikOtp -Email ana@example.com -Session $session | Confirm-VerifikOtp -ErrorAction SilentlyContinue } |
            Should -Throw -ErrorId 'Verifik.InteractionRequired,Verifik.Commands.ConfirmVerifikOtpCommand' -PassThru

        $failure.TargetObject | Should -Be '-Otp'

        Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests' | Should -BeNullOrEmpty
    }

    It 'reports a wrong code as Verifik.InvalidOtp without repeating it' {
        $null = Request-VerifikOtp -Email ana@example.com -Session $session
        $wrong = if ((Get-TestOtp -Emulator $emulator -To 'ana@example.com') -eq '000000') { '111111' } else { '000000' }

        $null = Confirm-VerifikOtp -Email ana@example.com -Otp $wrong -Session $session -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure[0].FullyQualifiedErrorId | Should -BeLike 'Verifik.InvalidOtp,*'
        $failure[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
        $failure[0].Exception.StatusCode | Should -Be 400
        $failure[0].Exception.ApiCode | Should -Be 'ERROR'
        $failure[0].Exception.ApiMessage | Should -Be 'invalid_otp'
        $failure[0].Exception.Message | Should -Not -Match $wrong
        $session.Token | Should -BeNullOrEmpty
    }

    It 'reports an expired code as Verifik.OtpExpired' {
        $null = Request-VerifikOtp -Email ana@example.com -Session $session
        $code = Get-TestOtp -Emulator $emulator -To 'ana@example.com'
        Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/clock' -Body @{ advanceSeconds = 601 }

        $null = Confirm-VerifikOtp -Email ana@example.com -Otp $code -Session $session -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure[0].FullyQualifiedErrorId | Should -BeLike 'Verifik.OtpExpired,*'
        $failure[0].Exception.StatusCode | Should -Be 412
        $failure[0].Exception.ApiMessage | Should -Be 'emailValidation_has_expired'
        $failure[0].ErrorDetails.RecommendedAction | Should -BeLike '*Request-VerifikOtp*'
    }

    It 'reports a confirmation with no code pending as Verifik.OtpNotFound, including a code used twice' {
        $null = Request-VerifikOtp -Email ana@example.com -Session $session
        $code = Get-TestOtp -Emulator $emulator -To 'ana@example.com'
        $null = Confirm-VerifikOtp -Email ana@example.com -Otp $code -Session $session

        $null = Confirm-VerifikOtp -Email ana@example.com -Otp $code -Session $session -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure[0].FullyQualifiedErrorId | Should -BeLike 'Verifik.OtpNotFound,*'
        $failure[0].Exception.StatusCode | Should -Be 404
        $failure[0].Exception.ApiMessage | Should -Be 'EmailValidation_not_found'
    }

    It 'reports a 200 without an accessToken as Verifik.InvalidResponse' {
        Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/faults' -Body @{
            path = '/v2/projects/email-login/confirm'; status = 200; body = '{"data":{"tokenType":"bearer"}}'
        }

        { Confirm-VerifikOtp -Email ana@example.com -Otp 123456 -Session $session -ErrorAction Stop } |
            Should -Throw -ErrorId 'Verifik.InvalidResponse,Verifik.Commands.ConfirmVerifikOtpCommand'
        $session.Token | Should -BeNullOrEmpty
    }

    It 'rejects a malformed code before sending anything: <Otp>' -TestCases @(
        @{ Otp = '12;drop' }
        # Typed without quotes, a fraction binds as a number: refused by the code rule, not rounded.
        @{ Otp = 1234.5 }
    ) {
        { Confirm-VerifikOtp -Email ana@example.com -Otp $Otp -Session $session -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,Verifik.Commands.ConfirmVerifikOtpCommand'
        Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests' | Should -BeNullOrEmpty
    }

    It 'confirms a piped request in the session it was made in, or in -Session when given: <Confirm>' -TestCases @(
        @{ Confirm = 'requested'; Other = $false }
        @{ Confirm = 'other'; Other = $true }
    ) {
        $requested = New-VerifikSession
        $otherSession = New-VerifikSession
        $request = Request-VerifikOtp -Email ana@example.com -Session $requested
        $code = Get-TestOtp -Emulator $emulator -To 'ana@example.com'

        $defaultToken = (Get-VerifikSession).Token

        $confirming = if ($Other) { @{ Session = $otherSession } } else { @{} }
        $null = $request | Confirm-VerifikOtp -Otp $code @confirming

        @($requested.IsConnected, $otherSession.IsConnected) | Should -Be @((-not $Other), $Other)
        [object]::ReferenceEquals((Get-VerifikSession).Token, $defaultToken) | Should -BeTrue -Because 'the default session is not the one confirmed'
    }

    It 'confirms nothing with -WhatIf, and the session stays signed out' {
        $null = Request-VerifikOtp -Email ana@example.com -Session $session
        $code = Get-TestOtp -Emulator $emulator -To 'ana@example.com'

        $output = Confirm-VerifikOtp -Email ana@example.com -Otp $code -Session $session -WhatIf

        $output | Should -BeNullOrEmpty
        (Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests').path | Should -Not -Contain '/v2/projects/email-login/confirm'
        $session.IsConnected | Should -BeFalse
    }

    It 'refuses a piped request that does not say who the code went to with Verifik.MissingParameter, sending nothing' {
        $nobody = [Activator]::CreateInstance([Verifik.VerifikOtpRequest], $true)

        $null = $nobody | Confirm-VerifikOtp -Otp 123456 -Session $session -ErrorAction SilentlyContinue -ErrorVariable failed

        $failed[0].FullyQualifiedErrorId | Should -Be 'Verifik.MissingParameter,Verifik.Commands.ConfirmVerifikOtpCommand'
        $failed[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failed[0].TargetObject | Should -Be 'the piped request'
        Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests' | Should -BeNullOrEmpty
    }
}
