BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    Import-Module (Get-VerifikModulePath) -Force
    $script:emulator = Start-TestEmulator
}

AfterAll {
    Stop-TestEmulator -Emulator $emulator
}

Describe 'Invoke-VerifikRequest' {
    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
        $script:session = New-VerifikSession -BaseUri $emulator.BaseUri
        $jwt = (Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/tokens' -Body @{ email = 'ana@example.com' }).accessToken
        Connect-Verifik -AccessToken $jwt -Session $session
        $script:jwt = $jwt
    }

    It 'returns the answer''s data as objects' {
        $me = Invoke-VerifikRequest -Path '/v2/clients/me' -Session $session

        $me | Should -BeOfType [pscustomobject]
        $me.email | Should -Be 'ana@example.com'
        $me.credits | Should -Be 100
        $me.credits | Should -BeOfType [int]
    }

    It 'returns the whole answer with -Raw' {
        $raw = Invoke-VerifikRequest -Path '/v2/clients/me' -Raw -Session $session

        $raw.data.email | Should -Be 'ana@example.com'
        $raw.signature.message | Should -Be 'Certified by Verifik.co'
    }

    It 'sends the session''s token as a Bearer header' {
        $null = Invoke-VerifikRequest -Path '/v2/auth/session' -Query @{ origin = 'refresh'; expiresIn = 2 } -Raw -Session $session

        $sent = Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests'
        $sent.path | Should -Be '/v2/auth/session'
        $sent.query | Should -BeIn @('?origin=refresh&expiresIn=2', '?expiresIn=2&origin=refresh')
    }

    It 'URL-encodes -Query keys and values' {
        $null = Invoke-VerifikRequest -Path '/v2/clients/me' -Query @{ 'a b' = 'a b&c=d+é' } -Session $session

        (Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests').query | Should -Be '?a%20b=a%20b%26c%3Dd%2B%C3%A9'
    }

    It 'serialises -Body as JSON: a hashtable here confirms a real sign-in' {
        $null = Request-VerifikOtp -Email bob+ops@example.com -Session (New-VerifikSession -BaseUri $emulator.BaseUri)
        $code = Get-TestOtp -Emulator $emulator -To 'bob+ops@example.com'

        $answer = Invoke-VerifikRequest -Method POST -Path '/v2/projects/email-login/confirm' -Body @{ email = 'bob+ops@example.com'; otp = $code } -Session $session

        $answer.tokenType | Should -Be 'bearer'
        $answer.accessToken.Split('.').Count | Should -Be 3
    }

    It 'returns nothing, and no error, for a 204 No Content' {
        Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/faults' -Body @{ path = '/v2/clients/me'; status = 204; body = '' }

        $result = Invoke-VerifikRequest -Method DELETE -Path '/v2/clients/me' -Session $session -ErrorVariable failure

        $result | Should -BeNullOrEmpty
        $failure | Should -BeNullOrEmpty
    }

    It 'reports a -Body that cannot be JSON as Verifik.InvalidBody, before sending anything' {
        $loop = @{}
        $loop.self = $loop

        $null = Invoke-VerifikRequest -Method POST -Path '/v2/clients/me' -Body $loop -Session $session -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure[0].FullyQualifiedErrorId | Should -BeLike 'Verifik.InvalidBody,*'
        $failure[0].CategoryInfo.Category, $failure[0].TargetObject | Should -Be 'InvalidArgument', '-Body'
        Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests' | Should -BeNullOrEmpty
    }

    It 'sends nothing for a POST with -WhatIf' {
        Invoke-VerifikRequest -Method POST -Path '/v2/auth/renew-and-revoke' -Session $session -WhatIf

        Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests' | Should -BeNullOrEmpty
    }

    It 'maps 401 to Verifik.Unauthorized' {
        $null = Invoke-RestMethod -Method Post "$($emulator.BaseUri)/v2/auth/renew-and-revoke" -Headers @{ Authorization = "Bearer $jwt" }

        $null = Invoke-VerifikRequest -Path '/v2/clients/me' -Session $session -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure[0].FullyQualifiedErrorId | Should -Be 'Verifik.Unauthorized,Verifik.Commands.InvokeVerifikRequestCommand'
        $failure[0].Exception.StatusCode | Should -Be 401
        $failure[0].Exception.ApiMessage | Should -Be 'Invalid or expired token.'
    }

    It 'maps other errors to the same ids as the other cmdlets' {
        Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/faults' -Body @{ path = '/v2/clients/me'; status = 500; body = '{"code":"InternalServer","message":"boom"}' }

        $null = Invoke-VerifikRequest -Path '/v2/clients/me' -Session $session -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure[0].FullyQualifiedErrorId | Should -BeLike 'Verifik.ApiError,*'
        $failure[0].Exception.StatusCode | Should -Be 500
    }

    It 'returns an answer without a data property whole, and a data array as its items' {
        Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/faults' -Body @{ path = '/v2/clients/me'; status = 200; body = '{"total":2}' }
        Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/faults' -Body @{ path = '/v2/clients/me'; status = 200; body = '{"data":[{"n":1},{"n":2}]}' }

        (Invoke-VerifikRequest /v2/clients/me -Session $session).total | Should -Be 2
        (Invoke-VerifikRequest /v2/clients/me -Session $session).n | Should -Be 1, 2
    }

    It 'writes verbose lines naming the path, never the token, by a global $VerbosePreference as by -Verbose; -Verbose:$false wins' {
        $global:VerbosePreference = 'Continue'
        try {
            $byPreference = Invoke-VerifikRequest /v2/clients/me -Session $session 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
            $switchedOff = Invoke-VerifikRequest /v2/clients/me -Session $session -Verbose:$false 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        }
        finally {
            $global:VerbosePreference = 'SilentlyContinue'
        }

        $byPreference.Message | Should -Match '/v2/clients/me'
        $byPreference.Message | Should -Not -Match ([regex]::Escape($jwt))
        $switchedOff | Should -BeNullOrEmpty
    }

    It 'sends nothing with -WhatIf, GET included: <Method>' -TestCases @(
        @{ Method = 'GET' }
        @{ Method = 'DELETE' }
    ) {
        Invoke-VerifikRequest $Method /v2/clients/me -Session $session -WhatIf

        Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests' | Should -BeNullOrEmpty
    }

    Context 'like Invoke-MgGraphRequest and Invoke-RestMethod' {
        It 'sends -Headers as given' {
            $null = Invoke-VerifikRequest /v2/clients/me -Headers @{ 'X-Correlation-Id' = 'c-1'; 'Accept-Language' = 'es' } -Session $session

            $sent = Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests'
            $sent.headers.'X-Correlation-Id' | Should -Be 'c-1'
            $sent.headers.'Accept-Language' | Should -Be 'es'
            $sent.authorization | Should -Be "Bearer $jwt"
        }

        It 'refuses <Name> in -Headers while binding, naming -Session, before anything is sent' -TestCases @(
            @{ Name = 'Authorization' }
            @{ Name = 'authorization' }
            @{ Name = 'AUTHORIZATION' }
        ) {
            { Invoke-VerifikRequest /v2/clients/me -Headers @{ $Name = 'Bearer other.token.value' } -Session $session -ErrorAction Stop } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,Verifik.Commands.InvokeVerifikRequestCommand' -ExpectedMessage '*-Session*'
            Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests' | Should -BeNullOrEmpty
        }

        It 'refuses <Name> whose value would break the request, without repeating the value' -TestCases @(
            @{ Name = 'Host'; Value = 'evil.example' }
            @{ Name = 'Content-Length'; Value = '0' }
            @{ Name = 'X-Key'; Value = "s3cr3t`r`nX-Injected: 1" }
        ) {
            $failure = { Invoke-VerifikRequest /v2/clients/me -Headers @{ $Name = $Value } -Session $session -ErrorAction Stop } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,Verifik.Commands.InvokeVerifikRequestCommand' -PassThru

            $failure.Exception.Message | Should -Not -BeLike '*s3cr3t*'
            Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests' | Should -BeNullOrEmpty
        }

        It 'sets -StatusCodeVariable and -ResponseHeadersVariable in the caller''s scope, headers as string arrays' {
            function Get-Me { Invoke-VerifikRequest /v2/clients/me -Session $session -StatusCodeVariable status -ResponseHeadersVariable headers; $status; $headers }

            $me, $status, $headers = Get-Me

            $me.email | Should -Be 'ana@example.com'
            $status | Should -Be 200
            $status | Should -BeOfType [int]
            , $headers['content-type'] | Should -BeOfType [string[]]
            $headers['Content-Type'][0] | Should -BeLike 'application/json*'
        }

        It 'sets them for an error answer too, with credentials and the token replaced' {
            Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/faults' -Body @{
                path = '/v2/clients/me'; status = 404; body = '{"code":"NotFound","message":"Route not found"}'
                headers = @{ 'Set-Cookie' = 'session=s3cr3t; HttpOnly'; 'X-Echo' = "Bearer $jwt"; 'X-Request-Id' = 'r-1' }
            }

            $null = Invoke-VerifikRequest /v2/clients/me -Session $session -StatusCodeVariable status -ResponseHeadersVariable headers -ErrorVariable failure -ErrorAction SilentlyContinue

            $failure[0].FullyQualifiedErrorId | Should -BeLike 'Verifik.ApiError,*'
            $status | Should -Be 404
            $headers['X-Request-Id'] | Should -Be 'r-1'
            $headers['Set-Cookie'] | Should -Be '***'
            $headers['X-Echo'] | Should -Be '***'
            ($headers | ConvertTo-Json -Depth 3) | Should -Not -Match ([regex]::Escape($jwt) + '|s3cr3t')
        }

        It 'sets them to $null when no answer arrived, so a loop never reads an earlier call''s' {
            $null = Invoke-VerifikRequest /v2/clients/me -Session $session -StatusCodeVariable status -ResponseHeadersVariable headers
            $status | Should -Be 200

            $listener = [System.Net.Sockets.TcpListener]::new([ipaddress]::Loopback, 0)
            $listener.Start()
            $port = $listener.LocalEndpoint.Port
            $listener.Stop()
            $closed = New-VerifikSession -BaseUri "http://127.0.0.1:$port"
            Connect-Verifik -AccessToken $jwt -Session $closed
            $null = Invoke-VerifikRequest /v2/clients/me -Session $closed -StatusCodeVariable status -ResponseHeadersVariable headers -ErrorVariable failure -ErrorAction SilentlyContinue

            $failure[0].FullyQualifiedErrorId | Should -BeLike 'Verifik.ConnectionFailed,*'
            $status | Should -BeNullOrEmpty
            $headers | Should -BeNullOrEmpty
        }

        It 'returns hashtables with -OutputType HashTable, keys in any case as in @{}' {
            $me = Invoke-VerifikRequest /v2/clients/me -OutputType HashTable -Session $session

            $me | Should -BeOfType [hashtable]
            $me.Email | Should -Be 'ana@example.com'
            $me['credits'] | Should -Be 100
        }

        It 'returns the data''s JSON text with -OutputType Json, and the whole answer''s with -Raw' {
            $data = Invoke-VerifikRequest /v2/clients/me -OutputType Json -Session $session
            $whole = Invoke-VerifikRequest /v2/clients/me -OutputType Json -Raw -Session $session

            $data | Should -BeOfType [string]
            ($data | ConvertFrom-Json).email | Should -Be 'ana@example.com'
            ($whole | ConvertFrom-Json).signature.message | Should -Be 'Certified by Verifik.co'
        }
    }
}
