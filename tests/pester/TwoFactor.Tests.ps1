BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    Import-Module (Get-VerifikModulePath) -Force
    $script:emulator = Start-TestEmulator
}

AfterAll {
    Stop-TestEmulator -Emulator $emulator
}

Describe 'Two-factor accounts' {
    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
        $script:session = New-VerifikSession -BaseUri $emulator.BaseUri
        $script:request = Request-VerifikOtp -Email two@example.com -Session $session
        $script:code = Get-TestOtp -Emulator $emulator -To 'two@example.com'
    }

    It 'says the request needs a second factor' {
        $request.Requires2FA | Should -BeTrue
    }

    It 'signs in with the emailed code and the authenticator code together' {
        $authenticator = (Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/authenticator?email=two@example.com').code

        $token = $request | Confirm-VerifikOtp -Otp $code -AuthenticatorOtp $authenticator

        $token.Email | Should -Be 'two@example.com'
        $session.IsConnected | Should -BeTrue
    }

    It 'fails with Verifik.AuthenticatorOtpRequired when it cannot prompt (non-interactive)' {
        $null = $request | Confirm-VerifikOtp -Otp $code -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure[0].FullyQualifiedErrorId | Should -BeLike 'Verifik.AuthenticatorOtpRequired,*'
        $failure[0].TargetObject | Should -Be 't***@example.com'
        $failure[0].ErrorDetails.RecommendedAction | Should -BeLike '*-AuthenticatorOtp*'
        $session.Token | Should -BeNullOrEmpty
    }

    It 'reports a wrong authenticator code as Verifik.InvalidAuthenticatorOtp without repeating it' {
        $authenticator = (Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/authenticator?email=two@example.com').code
        $wrong = if ($authenticator -eq '000000') { '111111' } else { '000000' }

        $null = $request | Confirm-VerifikOtp -Otp $code -AuthenticatorOtp $wrong -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure[0].FullyQualifiedErrorId | Should -BeLike 'Verifik.InvalidAuthenticatorOtp,*'
        $failure[0].Exception.ApiMessage | Should -Be 'authenticator_otp_does_not_match'
        $failure[0].Exception.Message | Should -Not -Match $wrong
        $failure[0].Exception.Message | Should -Not -Match $code
    }
}
