BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    Import-Module (Get-VerifikModulePath) -Force
    $script:emulator = Start-TestEmulator -AsDefault
}

AfterAll {
    Stop-TestEmulator -Emulator $emulator
}

Describe 'Phone sign-in' {
    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
        $script:session = New-VerifikSession
    }

    It 'requests a code by <Gateway> and confirms it through the pipeline' -TestCases @(
        @{ Gateway = 'Sms'; Channel = 'sms' }
        @{ Gateway = 'WhatsApp'; Channel = 'whatsapp' }
    ) {
        $request = Request-VerifikOtp -Phone 3001234567 -CountryCode '+57' -Gateway $Gateway -Session $session

        $request.PSObject.TypeNames[0] | Should -Be 'Verifik.OtpRequest'
        $request.Phone | Should -Be '3001234567'
        $request.CountryCode | Should -Be '+57'
        $request.Gateway | Should -Be $Channel
        $request.Email | Should -BeNullOrEmpty
        $sent = Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/outbox'
        $sent.channel | Should -Be $Channel

        $token = $request | Confirm-VerifikOtp -Otp (Get-TestOtp -Emulator $emulator -To '+57 3001234567')

        $token.Phone | Should -Be '3001234567'
        $token.CountryCode | Should -Be '+57'
        $session.IsConnected | Should -BeTrue
        (Invoke-RestMethod "$($emulator.BaseUri)/v2/clients/me" -Headers (Get-VerifikToken -Session $session -AsHeader)).data.phone | Should -Be '3001234567'
    }

    It 'normalises "<Phone>" with country code "<CountryCode>"' -TestCases @(
        @{ Phone = '300 123 4567'; CountryCode = '57' }
        @{ Phone = '300-123-4567'; CountryCode = '+57' }
        @{ Phone = '(300) 123.4567'; CountryCode = ' +57 ' }
    ) {
        $request = Request-VerifikOtp -Phone $Phone -CountryCode $CountryCode -Session $session

        $request.Phone | Should -Be '3001234567'
        $request.CountryCode | Should -Be '+57'
    }

    It 'binds -Phone and -CountryCode by property name' {
        $requests = [pscustomobject]@{ Phone = '3001234567'; CountryCode = '57' } | Request-VerifikOtp -Session $session
        $token = [pscustomobject]@{ Phone = '3001234567'; CountryCode = '+57' } |
            Confirm-VerifikOtp -Otp (Get-TestOtp -Emulator $emulator -To '+57 3001234567') -Session $session

        $requests.Phone | Should -Be '3001234567'
        $token.Phone | Should -Be '3001234567'
    }

    It 'rejects <Why> before sending anything' -TestCases @(
        @{ Why = 'letters in the number'; Phone = '300ABC4567'; CountryCode = '57' }
        @{ Why = 'a too short number'; Phone = '123'; CountryCode = '57' }
        @{ Why = 'a too long number'; Phone = '1234567890123456'; CountryCode = '57' }
        @{ Why = 'a country code with letters'; Phone = '3001234567'; CountryCode = '+5a' }
        @{ Why = 'a too long country code'; Phone = '3001234567'; CountryCode = '+12345' }
    ) {
        { Request-VerifikOtp -Phone $Phone -CountryCode $CountryCode -Session $session -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,Verifik.Commands.RequestVerifikOtpCommand'
        Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests' | Should -BeNullOrEmpty
    }

    It 'reports an unknown number as Verifik.InvalidPhone' {
        $null = Request-VerifikOtp -Phone 3009999999 -CountryCode 57 -Session $session -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure[0].FullyQualifiedErrorId | Should -BeLike 'Verifik.InvalidPhone,*'
        $failure[0].Exception.StatusCode | Should -Be 404
    }

    It 'reports a wrong and an expired code with the same ids as email' {
        $null = Request-VerifikOtp -Phone 3001234567 -CountryCode 57 -Session $session
        $code = Get-TestOtp -Emulator $emulator -To '+57 3001234567'
        $wrong = if ($code -eq '000000') { '111111' } else { '000000' }

        $null = Confirm-VerifikOtp -Phone 3001234567 -CountryCode 57 -Otp $wrong -Session $session -ErrorVariable wrongCode -ErrorAction SilentlyContinue
        Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/clock' -Body @{ advanceSeconds = 601 }
        $null = Confirm-VerifikOtp -Phone 3001234567 -CountryCode 57 -Otp $code -Session $session -ErrorVariable expired -ErrorAction SilentlyContinue

        $wrongCode[0].FullyQualifiedErrorId | Should -BeLike 'Verifik.InvalidOtp,*'
        $wrongCode[0].Exception.ApiMessage | Should -Be 'Invalid OTP code.'
        $expired[0].FullyQualifiedErrorId | Should -BeLike 'Verifik.OtpExpired,*'
        $expired[0].Exception.ApiMessage | Should -Be 'phoneValidation_has_expired'
    }

    It 'confirms a phone request by phone even when Verifik''s answer also names an address' {
        Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/faults' -Body @{
            path = '/v2/projects/phone-login'; status = 200
            body = '{"data":{"status":"sent","email":"ana@example.com","phone":"+57 300","countryCode":"57","expiresAt":"2030-01-01T00:00:00.000Z"}}'
        }

        $request = Request-VerifikOtp -Phone 3001234567 -CountryCode 57 -Session $session
        $null = $request | Confirm-VerifikOtp -Otp 123456 -ErrorVariable failure -ErrorAction SilentlyContinue

        $request.Email | Should -BeNullOrEmpty
        $request.Phone | Should -Be '3001234567'
        (Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests').path | Should -Contain '/v2/projects/phone-login/confirm'
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'Verifik.OtpNotFound,*'
    }

    It 'masks the number in verbose output' {
        $verbose = Request-VerifikOtp -Phone 3001234567 -CountryCode 57 -Session $session -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | Out-String

        $verbose | Should -Match '\+57 \*+4567'
        $verbose | Should -Not -Match '3001234567'
    }
}
