BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    Import-Module (Get-VerifikModulePath) -Force
    $script:emulator = Start-TestEmulator -AsDefault
}

AfterAll {
    Stop-TestEmulator -Emulator $emulator
}

Describe 'Request-VerifikOtp' {
    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
        $script:session = New-VerifikSession
    }

    It 'asks Verifik to send a code and returns a typed Verifik.OtpRequest' {
        $request = Request-VerifikOtp -Email ana@example.com -Session $session

        $request.PSObject.TypeNames[0] | Should -Be 'Verifik.OtpRequest'
        $request.Email | Should -Be 'ana@example.com'
        $request.Status | Should -Be 'sent'
        $request.ValidationMethod | Should -Be 'verificationCode'
        $request.ExpiresAt | Should -BeOfType [DateTimeOffset]
        ($request.ExpiresAt - [DateTimeOffset]::UtcNow).TotalMinutes | Should -BeGreaterThan 9
        $request.Requires2FA | Should -BeOfType [bool]
        $request.Requires2FA | Should -BeFalse
        $request.Id | Should -Match '^[0-9a-f]{24}$'
        $request.ClientId | Should -Match '^[0-9a-f]{24}$'
        $request.ProjectId | Should -Match '^[0-9a-f]{24}$'
        $request.ProjectFlowId | Should -Match '^[0-9a-f]{24}$'
        Get-TestOtp -Emulator $emulator -To 'ana@example.com' | Should -Match '^\d{6}$'
    }

    It 'binds -Email from a piped string and from any object with an Email property' {
        $fromString = 'ana@example.com' | Request-VerifikOtp -Session $session
        $fromObjects = @([pscustomobject]@{ Email = 'bob+ops@example.com' }, [pscustomobject]@{ Email = 'two@example.com' }) |
            Request-VerifikOtp -Session $session

        $fromString.Email | Should -Be 'ana@example.com'
        $fromObjects.Email | Should -Be @('bob+ops@example.com', 'two@example.com')
        (Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/outbox').Count | Should -Be 3
    }

    It 'URL-encodes the address so bob+ops@example.com arrives as itself' {
        $request = Request-VerifikOtp -Email 'bob+ops@example.com' -Session $session

        $request.Email | Should -Be 'bob+ops@example.com'
        $sent = Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests'
        $sent.path | Should -Be '/v2/projects/email-login'
        $sent.query | Should -Be '?email=bob%2Bops%40example.com'
        Get-TestOtp -Emulator $emulator -To 'bob+ops@example.com' | Should -Match '^\d{6}$'
    }

    It 'encodes unicode, apostrophes and ampersands without mangling them' {
        $request = Request-VerifikOtp -Email "zoë.o'brien&co@example.com" -Session $session

        $request.Email | Should -Be "zoë.o'brien&co@example.com"
        (Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests').query | Should -Be "?email=zo%C3%AB.o%27brien%26co%40example.com"
    }

    It 'does not make the session claim to be signed in as the address a code was requested for' {
        $null = Request-VerifikOtp -Email ana@example.com -Session $session

        $session.Email | Should -BeNullOrEmpty
        $session.SignedInAs | Should -BeNullOrEmpty
        $session.IsConnected | Should -BeFalse
    }

    It 'sends nothing with -WhatIf' {
        $result = Request-VerifikOtp -Email ana@example.com -Session $session -WhatIf

        $result | Should -BeNullOrEmpty
        Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests' | Should -BeNullOrEmpty
    }

    It 'rejects a malformed address before sending anything: <Email>' -TestCases @(
        @{ Email = 'not an address' }
        @{ Email = 'Ana <ana@example.com>' }
        @{ Email = 'ana@example.com;bob@example.com' }
    ) {
        { Request-VerifikOtp -Email $Email -Session $session -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,Verifik.Commands.RequestVerifikOtpCommand'
        Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests' | Should -BeNullOrEmpty
    }

    It 'reports an unknown address as Verifik.InvalidEmail with Verifik''s status, code and message' {
        $null = Request-VerifikOtp -Email nobody@example.com -Session $session -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure[0].FullyQualifiedErrorId | Should -BeLike 'Verifik.InvalidEmail,*'
        $failure[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failure[0].TargetObject | Should -Be 'n***@example.com'
        $failure[0].Exception.StatusCode | Should -Be 404
        $failure[0].Exception.ApiCode | Should -Be 'NotFound'
        $failure[0].Exception.ApiMessage | Should -Be 'invalid_email'
        $failure[0].Exception.Message | Should -BeLike '*nobody@example.com*'
        $failure[0].ErrorDetails.RecommendedAction | Should -BeLike '*Check the address*'
    }

    It 'writes one error per failed input and goes on with the rest of the pipeline' {
        $results = 'nobody@example.com', 'ana@example.com' |
            Request-VerifikOtp -Session $session -ErrorVariable failures -ErrorAction SilentlyContinue

        @($results).Count | Should -Be 1
        $results.Email | Should -Be 'ana@example.com'
        @($failures).Count | Should -Be 1
    }

    It 'maps a 409 to Verifik.MissingParameter' {
        Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/faults' -Body @{
            path = '/v2/projects/email-login'; status = 409; body = '{"code":"MissingParameter","message":"missing email\n"}'
        }

        { Request-VerifikOtp -Email ana@example.com -Session $session -ErrorAction Stop } |
            Should -Throw -ErrorId 'Verifik.MissingParameter,Verifik.Commands.RequestVerifikOtpCommand'
    }

    It 'maps any other HTTP error to Verifik.ApiError with the status' {
        Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/faults' -Body @{
            path = '/v2/projects/email-login'; status = 500; body = '{"code":"InternalServer","message":"maintenance"}'
        }

        $null = Request-VerifikOtp -Email ana@example.com -Session $session -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure[0].FullyQualifiedErrorId | Should -BeLike 'Verifik.ApiError,*'
        $failure[0].Exception.StatusCode | Should -Be 500
        $failure[0].Exception.ApiCode | Should -Be 'InternalServer'
        $failure[0].Exception.Message | Should -BeLike '*500*maintenance*'
    }

    It 'maps a success without the documented JSON to Verifik.InvalidResponse' {
        Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/faults' -Body @{
            path = '/v2/projects/email-login'; status = 200; contentType = 'text/html'; body = '<html>captive portal</html>'
        }

        { Request-VerifikOtp -Email ana@example.com -Session $session -ErrorAction Stop } |
            Should -Throw -ErrorId 'Verifik.InvalidResponse,Verifik.Commands.RequestVerifikOtpCommand'
    }

    It 'reports an unreachable server as Verifik.ConnectionFailed' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $closedPort = $listener.LocalEndpoint.Port
        $listener.Stop()

        $null = Request-VerifikOtp -Email ana@example.com -BaseUri "http://127.0.0.1:$closedPort" -Session $session -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure[0].FullyQualifiedErrorId | Should -BeLike 'Verifik.ConnectionFailed,*'
        $failure[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $failure[0].Exception.StatusCode | Should -BeNullOrEmpty
        $failure[0].Exception.Message | Should -BeLike "*127.0.0.1:$closedPort*"
    }

    It 'takes the base URI from -BaseUri, then the session, then $env:VERIFIK_BASE_URL' {
        $other = Start-TestEmulator
        try {
            $null = Request-VerifikOtp -Email ana@example.com -BaseUri $other.BaseUri -Session $session
            $sessionWithUri = New-VerifikSession -BaseUri $other.BaseUri
            $null = Request-VerifikOtp -Email bob+ops@example.com -Session $sessionWithUri

            @(Invoke-TestEmulator -Emulator $other -Path '/_emulator/requests').Count | Should -Be 2
            Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests' | Should -BeNullOrEmpty

            $null = Request-VerifikOtp -Email ana@example.com -Session $session
            @(Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests').Count | Should -Be 1
        }
        finally {
            Stop-TestEmulator -Emulator $other
        }
    }
}
