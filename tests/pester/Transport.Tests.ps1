BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    Import-Module (Get-VerifikModulePath) -Force
    $script:emulator = Start-TestEmulator

    function Add-Fault([hashtable]$Fault) {
        $null = Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/faults' -Body $Fault
    }

    function Get-SentCount([string]$Path) {
        @(Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests' | Where-Object path -EQ $Path).Count
    }

    function Get-Verbose([scriptblock]$Command) {
        & $Command 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
    }
}

AfterAll {
    Stop-TestEmulator -Emulator $emulator
}

Describe 'Transport' {
    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
        $script:session = New-VerifikSession -BaseUri $emulator.BaseUri -RetryIntervalSec 0
    }

    It 'names the module, its version, PowerShell''s and the OS in the User-Agent of every request' {
        $null = Request-VerifikOtp -Email ana@example.com -Session $session
        $null = Confirm-VerifikOtp -Email ana@example.com -Otp (Get-TestOtp -Emulator $emulator -To 'ana@example.com') -Session $session

        $agents = @(Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests' | ForEach-Object userAgent)

        $agents.Count | Should -Be 2
        $expected = '^Verifik-PowerShell/{0} \(PowerShell {1}; (Linux|Windows|macOS) [0-9.]+\)$' -f
            [regex]::Escape((Get-Module Verifik).Version), [regex]::Escape($PSVersionTable.PSVersion)
        $agents | ForEach-Object { $_ | Should -Match $expected }
    }

    It 'retries a <Status> and succeeds, saying so in -Verbose' -TestCases @(
        @{ Status = 429 }
        @{ Status = 502 }
        @{ Status = 503 }
    ) {
        Add-Fault @{ path = '/v2/projects/email-login'; status = $Status; times = 2; body = '{"code":"TooMany","message":"slow down"}' }

        $verbose = Get-Verbose { $script:request = Request-VerifikOtp -Email ana@example.com -Session $session -Verbose }

        $request.Status | Should -Be 'sent'
        Get-SentCount '/v2/projects/email-login' | Should -Be 3
        ($verbose -match "answered $Status; retrying").Count | Should -Be 2
        @(Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/outbox').Count | Should -Be 1
    }

    It 'honours Retry-After in <Form> and reports it' -TestCases @(
        @{ Form = 'seconds'; Value = '1' }
        @{ Form = 'an HTTP date'; Value = [DateTimeOffset]::UtcNow.AddSeconds(2).ToString('r') }
    ) {
        Add-Fault @{ path = '/v2/projects/email-login'; status = 429; retryAfter = $Value; body = '{}' }

        $verbose = Get-Verbose { $null = Request-VerifikOtp -Email ana@example.com -Session $session -Verbose }

        $verbose -match 'as its Retry-After asked' | Should -HaveCount 1
        Get-SentCount '/v2/projects/email-login' | Should -Be 2
    }

    It 'gives up after MaximumRetryCount and says how many attempts were made' {
        $session.MaximumRetryCount = 2
        Add-Fault @{ path = '/v2/projects/email-login'; status = 503; times = 10; body = '{"code":"Unavailable","message":"maintenance"}' }

        $null = Request-VerifikOtp -Email ana@example.com -Session $session -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure[0].FullyQualifiedErrorId | Should -BeLike 'Verifik.ApiError,*'
        $failure[0].Exception.StatusCode | Should -Be 503
        $failure[0].Exception.Message | Should -Match 'after 3 attempts'
        Get-SentCount '/v2/projects/email-login' | Should -Be 3
    }

    It 'does not replay a POST after a 504: Verifik may have acted on it' {
        Add-Fault @{ path = '/v2/projects/email-login/confirm'; status = 504; body = '' }

        $null = Confirm-VerifikOtp -Email ana@example.com -Otp 123456 -Session $session -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure[0].Exception.StatusCode | Should -Be 504
        Get-SentCount '/v2/projects/email-login/confirm' | Should -Be 1
    }

    It 'retries a GET after a 504' {
        $jwt = (Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/tokens' -Body @{ email = 'ana@example.com' }).accessToken
        Connect-Verifik -AccessToken $jwt -Session $session
        Add-Fault @{ path = '/v2/clients/me'; status = 504; body = '' }

        (Invoke-VerifikRequest -Path /v2/clients/me -Session $session).email | Should -Be 'ana@example.com'
        Get-SentCount '/v2/clients/me' | Should -Be 2
    }

    It 'does not replay a POST whose connection was reset mid-request' {
        Add-Fault @{ path = '/v2/projects/email-login'; abort = $true }

        $null = Request-VerifikOtp -Email ana@example.com -Session $session -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure[0].FullyQualifiedErrorId | Should -BeLike 'Verifik.ConnectionFailed,*'
        $failure[0].Exception.Message | Should -Match 'not retried'
        Get-SentCount '/v2/projects/email-login' | Should -Be 1
    }

    It 'retries a failure to connect, then says how many attempts were made' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $closedPort = $listener.LocalEndpoint.Port
        $listener.Stop()
        # Refused by a proxy on this machine: a loopback base URI itself fails at once (VerifikClientRules).
        $closed = New-VerifikSession -BaseUri 'http://verifik.invalid' -Proxy "http://127.0.0.1:$closedPort" -AllowUnencryptedAuthentication -RetryIntervalSec 0 -MaximumRetryCount 2

        $streams = Request-VerifikOtp -Email ana@example.com -Session $closed -Verbose -ErrorAction Continue 4>&1 2>&1
        $failure = @($streams | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $verbose = $streams | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message

        $failure[0].FullyQualifiedErrorId | Should -BeLike 'Verifik.ConnectionFailed,*'
        $failure[0].Exception.Message | Should -Match 'after 3 attempts'
        ($verbose -match 'could not connect; retrying').Count | Should -Be 2
    }

    It 'ends a request that gets no answer with Verifik.Timeout' {
        $slow = New-VerifikSession -BaseUri $emulator.BaseUri -TimeoutSec 1 -MaximumRetryCount 0
        Add-Fault @{ path = '/v2/projects/email-login'; delayMs = 10000 }

        $null = Request-VerifikOtp -Email ana@example.com -Session $slow -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure[0].FullyQualifiedErrorId | Should -BeLike 'Verifik.Timeout,*'
        $failure[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $failure[0].Exception.Message | Should -Match 'within 1 seconds'
    }

    It 'sends requests through -Proxy' {
        $proxied = New-VerifikSession -BaseUri 'http://verifik.invalid' -Proxy $emulator.BaseUri -AllowUnencryptedAuthentication -RetryIntervalSec 0

        $request = Request-VerifikOtp -Email ana@example.com -Session $proxied

        $request.Status | Should -Be 'sent'
        Get-SentCount '/v2/projects/email-login' | Should -Be 1
    }

    It 'accepts an unencrypted remote base URI only with -AllowUnencryptedAuthentication' {
        { New-VerifikSession -BaseUri 'http://api.verifik.co' } | Should -Throw -ErrorId 'Verifik.InsecureBaseUri,Verifik.Commands.NewVerifikSessionCommand'
        (New-VerifikSession -BaseUri 'http://api.verifik.co' -AllowUnencryptedAuthentication).AllowUnencryptedAuthentication | Should -BeTrue
    }

    It 'reuses one connection for many calls' {
        $jwt = (Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/tokens' -Body @{ email = 'ana@example.com' }).accessToken
        Connect-Verifik -AccessToken $jwt -Session $session
        $before = (Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/stats').connections

        1..200 | ForEach-Object { $null = Invoke-VerifikRequest -Path /v2/clients/me -Session $session }

        $opened = (Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/stats').connections - $before
        # The stats call itself opens one connection of its own.
        $opened | Should -BeLessOrEqual 2
    }

    It 'refuses a TimeoutSec outside 1 to 3600 on a live session, as New-VerifikSession does' {
        { $session.TimeoutSec = 5000000 } | Should -Throw '*TimeoutSec must be from 1 to 3600*'
        { $session.TimeoutSec = 0 } | Should -Throw
        { New-VerifikSession -TimeoutSec 5000000 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Verifik.Commands.NewVerifikSessionCommand'
        $session.TimeoutSec | Should -Be 30
    }

    It 'holds a live session''s <Setting> to the bounds New-VerifikSession has (<Low> to <High>)' -TestCases @(
        @{ Setting = 'MaximumRetryCount'; Low = 0; High = 10 }
        @{ Setting = 'RetryIntervalSec'; Low = 0; High = 60 }
        @{ Setting = 'TimeoutSec'; Low = 1; High = 3600 }
    ) {
        $range = (Get-Command New-VerifikSession).Parameters[$Setting].Attributes | Where-Object { $_ -is [ValidateRange] }
        "$($range.MinRange) $($range.MaxRange)" | Should -Be "$Low $High"

        { $session.$Setting = $High + 1 } | Should -Throw "*$Setting must be from $Low to $High*"
        { $session.$Setting = $Low - 1 } | Should -Throw "*$Setting must be from $Low to $High*"
        $tooHigh = @{ $Setting = $High + 1 }
        { New-VerifikSession @tooHigh } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Verifik.Commands.NewVerifikSessionCommand'
        $session.$Setting = $High
        $session.$Setting | Should -Be $High
    }

    It 'builds a new client when a transport setting changes on a live session' {
        $null = Request-VerifikOtp -Email ana@example.com -Session $session
        $session.TimeoutSec = 1
        Add-Fault @{ path = '/v2/projects/email-login'; delayMs = 5000 }

        $null = Request-VerifikOtp -Email ana@example.com -Session $session -ErrorVariable failure -ErrorAction SilentlyContinue

        $failure[0].FullyQualifiedErrorId | Should -BeLike 'Verifik.Timeout,*'
    }
}
