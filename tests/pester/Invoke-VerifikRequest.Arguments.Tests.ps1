BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    Import-Module (Get-VerifikModulePath) -Force
    $script:emulator = Start-TestEmulator
}

AfterAll {
    Stop-TestEmulator -Emulator $emulator
}

Describe 'Invoke-VerifikRequest arguments: method, path, full URL, -Query, -Body' {
    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
        $script:jwt = New-TestToken -Emulator $emulator
        $script:session = New-VerifikSession -BaseUri $emulator.BaseUri
        Connect-Verifik -AccessToken $jwt -Session $session
    }

    It 'refuses a path that is not an endpoint before binding: <Path>' -TestCases @(
        @{ Path = '//evil.example/v2' }
        @{ Path = 'v2\clients\me' }
        @{ Path = 'ftp://evil.example/v2' }
        @{ Path = 'https://exa mple.com/v2/clients/me' }
    ) {
        { Invoke-VerifikRequest -Path $Path -Session $session -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,Verifik.Commands.InvokeVerifikRequestCommand'
    }

    It 'refuses a URL with a user name and password before binding, without showing the password, <How>' -TestCases @(
        @{ How = 'as -Path'; Call = { Invoke-VerifikRequest -Path 'https://user:s3cr3t@api.verifik.co/v2/clients/me' -Session $session -ErrorAction Stop } }
        # The first positional argument binds to -Method, which takes an endpoint too.
        @{ How = 'given first, by position'; Call = { Invoke-VerifikRequest 'https://user:s3cr3t@api.verifik.co/v2/clients/me' -Session $session -ErrorAction Stop } }
    ) {
        $failure = $Call | Should -Throw -ErrorId 'ParameterArgumentValidationError,Verifik.Commands.InvokeVerifikRequestCommand' -PassThru
        $failure.Exception.Message | Should -Not -Match 's3cr3t'
        $failure.Exception.Message | Should -Match '''\*\*\*@api\.verifik\.co/v2/clients/me'' is not an endpoint'
    }

    It 'refuses a first argument that is neither a method nor an endpoint without showing its query, <How>' -TestCases @(
        @{ How = 'alone'; Call = { Invoke-VerifikRequest 'https:\\api.verifik.co\v2\x?apiKey=s3cr3t' -Session $session -ErrorAction Stop } }
        @{ How = 'before a path'; Call = { Invoke-VerifikRequest 'https://api.verifik.co/v2/x?apiKey=s3cr3t' '/v2/clients/me?key=s3cr3t' -Session $session -ErrorAction Stop } }
        # A '@' in the query, where the refusal's "nothing before the last @" rule would otherwise show what follows.
        @{ How = 'with a @ in its query, before a path'; Call = { Invoke-VerifikRequest 'v2/x?email=a@b.com&apiKey=s3cr3t' '/v2/y' -Session $session -ErrorAction Stop } }
        @{ How = 'with a @ in its query, alone'; Call = { Invoke-VerifikRequest '//h/x?e=a@b&k=s3cr3t' -Session $session -ErrorAction Stop } }
    ) {
        $failure = $Call | Should -Throw -PassThru
        $failure.Exception.Message | Should -Not -Match 's3cr3t'
        Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests' | Should -BeNullOrEmpty
    }

    It 'names the failed endpoint without its query or fragment: <Path>' -TestCases @(
        @{ Path = '/v2/nowhere?apiKey=s3cr3t' }
        @{ Path = '/v2/nowhere#s3cr3t' }
    ) {
        Invoke-VerifikRequest -Path $Path -Session $session -ErrorAction SilentlyContinue -ErrorVariable failed

        $failed[0].FullyQualifiedErrorId | Should -BeLike 'Verifik.*'
        $failed[0].TargetObject | Should -Be '/v2/nowhere'
    }

    It 'refuses a -Method that is neither a method nor an endpoint before binding: <Method>' -TestCases @(
        @{ Method = 'a\b' }
        @{ Method = 'x:y' }
    ) {
        { Invoke-VerifikRequest -Method $Method -Path /v2/clients/me -Session $session -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,Verifik.Commands.InvokeVerifikRequestCommand'
        Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests' | Should -BeNullOrEmpty
    }

    It 'sends the method in capitals however it is given: <Call>' -TestCases @(
        @{ Call = 'Invoke-VerifikRequest delete v2/clients/me -Session $session'; Method = 'DELETE' }
        @{ Call = '"/v2/clients/me" | Invoke-VerifikRequest -Method Put -Session $session'; Method = 'PUT' }
    ) {
        $null = Invoke-Expression "$Call -ErrorAction SilentlyContinue"

        $request = Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests'
        $request.method, $request.path | Should -Be $Method, '/v2/clients/me'
    }

    It 'takes the method first and the path second, or the path alone, like Invoke-MgGraphRequest: <Call>' -TestCases @(
        @{ Call = 'Invoke-VerifikRequest GET /v2/clients/me -Session $session' }
        @{ Call = 'Invoke-VerifikRequest get /v2/clients/me -Session $session' }
        @{ Call = 'Invoke-VerifikRequest /v2/clients/me -Session $session' }
        @{ Call = 'Invoke-VerifikRequest v2/clients/me -Session $session' }
        @{ Call = 'Invoke-VerifikRequest -Path v2/clients/me -Session $session' }
        @{ Call = 'Invoke-VerifikRequest "$($emulator.BaseUri)/v2/clients/me" -Session $session' }
        @{ Call = '"/v2/clients/me" | Invoke-VerifikRequest GET -Session $session' }
        @{ Call = 'Invoke-VerifikRequest -Uri /v2/clients/me -Session $session' }
        @{ Call = 'Invoke-VerifikRequest -Method GET -Uri "$($emulator.BaseUri)/v2/clients/me" -Session $session' }
    ) {
        (Invoke-Expression $Call).email | Should -Be 'ana@example.com'
    }

    It 'refuses a full URL on any other host with Verifik.ForeignHost, before sending: <Url>' -TestCases @(
        @{ Url = 'https://evil.example/v2/clients/me' }
        @{ Url = 'http://localhost:1/v2/clients/me' }
        @{ Url = 'https://elsewhere.example/v2/clients/me?leak=1' }
    ) {
        $null = Invoke-VerifikRequest $Url -Session $session -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure[0].FullyQualifiedErrorId | Should -Be 'Verifik.ForeignHost,Verifik.Commands.InvokeVerifikRequestCommand'
        $failure[0].CategoryInfo.Category, $failure[0].TargetObject | Should -Be 'SecurityError', $Url.Split('?')[0]
        Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests' | Should -BeNullOrEmpty
    }

    It 'joins -Query to a query already in <Kind>, and sends a full URL under the base URI as its path' -TestCases @(
        @{ Kind = 'a path'; Path = '/v2/clients/me?x=1' }
        @{ Kind = 'a full URL'; Path = "$($emulator.BaseUri)/v2/clients/me?x=1" }
    ) {
        $null = Invoke-VerifikRequest $Path -Query @{ y = 2 } -Session $session

        $sent = Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests'
        $sent.path, $sent.query | Should -Be '/v2/clients/me', '?x=1&y=2'
    }

    It 'takes a full URL only under the base URI''s path, not anywhere on its host: <Path>' -TestCases @(
        @{ Path = 'api/v2/clients/me'; ErrorId = 'Verifik.ApiError,*'; Sent = '/api/v2/clients/me' }
        @{ Path = 'v2/clients/me'; ErrorId = 'Verifik.ForeignHost,*'; Sent = $null }
        @{ Path = 'apix/v2/clients/me'; ErrorId = 'Verifik.ForeignHost,*'; Sent = $null }
    ) {
        $under = New-VerifikSession -BaseUri "$($emulator.BaseUri)/api"
        Connect-Verifik -AccessToken $jwt -Session $under

        $null = Invoke-VerifikRequest "$($emulator.BaseUri)/$Path" -Session $under -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure[0].FullyQualifiedErrorId | Should -BeLike $ErrorId
        (Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests').path | Should -Be $Sent
    }

    It 'sends a $null -Query value as an empty value, and an empty -Query as no query: <Sent>' -TestCases @(
        @{ Query = @{ empty = $null }; Sent = '?empty=' }
        @{ Query = @{}; Sent = '' }
    ) {
        $null = Invoke-VerifikRequest /v2/clients/me -Query $Query -Session $session

        (Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests').query | Should -BeExactly $Sent
    }

    It 'sends a -Body <Kind> as JSON, a string as the JSON it already is' -TestCases @(
        @{ Kind = 'object'; Body = [pscustomobject]@{ probe = 1 } }
        @{ Kind = 'string'; Body = '{"probe":1}' }
        @{ Kind = 'string wrapped by the pipeline'; Body = '{"probe":1}'; Piped = $true }
    ) {
        if ($Piped) { $Body = $Body | Write-Output }
        $null = Invoke-VerifikRequest POST /v2/clients/me -Body $Body -Session $session -ErrorAction SilentlyContinue

        (Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests').body | Should -BeExactly '{"probe":1}'
    }

    It 'says what is wrong with the arguments, shows the call to make, and sends nothing: <Call>' -TestCases @(
        @{ Call = 'Invoke-VerifikRequest /v2/clients/me PUSH'; ErrorId = 'InvalidMethod'; Shows = '*' }
        @{ Call = 'Invoke-VerifikRequest /v2/clients/me /v2/clients/me'; ErrorId = 'InvalidMethod'; Shows = '*Invoke-VerifikRequest POST /v2/clients/me*' }
        @{ Call = 'Invoke-VerifikRequest patch'; ErrorId = 'MissingMandatoryParameter'; Shows = '*Invoke-VerifikRequest PATCH /v2/clients/me*' }
    ) {
        $failure = { Invoke-Expression "$Call -Session `$session -ErrorAction Stop" } |
            Should -Throw -ErrorId "$ErrorId,Verifik.Commands.InvokeVerifikRequestCommand" -PassThru

        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failure.Exception.Message | Should -BeLike $Shows
        Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests' | Should -BeNullOrEmpty
    }
}
