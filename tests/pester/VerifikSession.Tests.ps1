BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    Import-Module (Get-VerifikModulePath) -Force
    $script:emulator = Start-TestEmulator

    $script:modulePath = Get-VerifikModulePath
    $script:helperPath = Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1'

    # The default session is the process's, so a case about it runs in a pwsh of its own, with no saved sign-in, no
    # token in the environment, and the emulator as the default address. Returns its last line of output, from JSON.
    function Invoke-InFreshShell([string]$Script, [hashtable]$Environment = @{}) {
        $configHome = Join-Path ([IO.Path]::GetTempPath()) "verifik-session-$([guid]::NewGuid().ToString('N'))"
        try {
            $variables = @{ XDG_CONFIG_HOME = $configHome; VERIFIK_BASE_URL = $emulator.BaseUri; VERIFIK_ACCESS_TOKEN = $null }
            foreach ($name in $Environment.Keys) { $variables[$name] = $Environment[$name] }
            $run = Invoke-FreshPwsh -TimeoutSeconds 120 -Environment $variables -Command (
                "`$ErrorActionPreference = 'Stop'; `$m = '$modulePath'; Import-Module `$m; Import-Module '$helperPath'; " + $Script)
            $last = ($run.StdOut.Trim() -split "`n")[-1]
            if (-not $last.StartsWith('{')) { throw "The shell gave no result: $($run.StdOut) $($run.StdErr)" }
            $last | ConvertFrom-Json
        }
        finally {
            Remove-Item -LiteralPath $configHome -Recurse -Force -ErrorAction Ignore
        }
    }
}

AfterAll {
    Stop-TestEmulator -Emulator $emulator
}

Describe 'Sessions' {
    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
    }

    It 'serves ForEach-Object -Parallel, Start-ThreadJob and a hosted runspace with one sign-in, and Disconnect-Verifik in one runspace signs out all' {
        $jwt = New-TestToken -Emulator $emulator

        $seen = Invoke-InFreshShell (@'
Connect-Verifik -AccessToken '{0}'
$parallel = 1..2 | ForEach-Object -ThrottleLimit 2 -Parallel {{ Import-Module $using:m; (Invoke-VerifikRequest /v2/clients/me).email }}
$thread = Start-ThreadJob {{ Import-Module $using:m; (Invoke-VerifikRequest /v2/clients/me).email }} | Receive-Job -Wait -AutoRemoveJob
$shell = [powershell]::Create()
$hosted = $shell.AddScript({{ param($m) Import-Module $m; (Invoke-VerifikRequest /v2/clients/me).email }}).AddArgument($m).Invoke()
$shell.Dispose()
Start-ThreadJob {{ Import-Module $using:m; Disconnect-Verifik -Confirm:$false }} | Receive-Job -Wait -AutoRemoveJob
$after = 1 | ForEach-Object -Parallel {{ Import-Module $using:m; try {{ $null = Get-VerifikToken -ErrorAction Stop; 'connected' }} catch {{ $_.FullyQualifiedErrorId }} }}
@{{ Parallel = @($parallel); Thread = $thread; Hosted = @($hosted)[0]; Here = (Get-VerifikSession).IsConnected; ParallelAfter = $after }} | ConvertTo-Json -Compress
'@ -f $jwt)

        $seen.Parallel | Should -Be @('ana@example.com', 'ana@example.com')
        $seen.Thread | Should -Be 'ana@example.com'
        $seen.Hosted | Should -Be 'ana@example.com'
        $seen.Here | Should -BeFalse
        $seen.ParallelAfter | Should -Be 'Verifik.NotConnected,Verifik.Commands.GetVerifikTokenCommand'
    }

    It 'renews an adopted token that opted in to RenewWithin once, however many runspaces call at the same moment' {
        $jwt = New-TestToken -Emulator $emulator -LifetimeSeconds 86400

        $seen = Invoke-InFreshShell (@'
Connect-Verifik -AccessToken '{0}' -NoWelcome
(Get-VerifikSession).RenewWithin = '2.00:00:00'
$start = [datetime]::UtcNow.AddSeconds(4)
$each = 1..6 | ForEach-Object -ThrottleLimit 6 -Parallel {{
    Import-Module $using:m
    $null = Get-VerifikSession
    Start-Sleep -Milliseconds ([math]::Max(0, ($using:start - [datetime]::UtcNow).TotalMilliseconds))
    (Invoke-VerifikRequest /v2/clients/me).email
}}
@{{ Each = @($each); Left = (Get-VerifikToken).TimeRemaining.TotalDays }} | ConvertTo-Json -Compress
'@ -f $jwt)

        $seen.Each | Should -Be @(1..6 | ForEach-Object { 'ana@example.com' })
        $seen.Left | Should -BeGreaterThan 2
        (Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/stats').renewals | Should -Be 1
    }

    It 'sends one renewal, not one per runspace in turn, when runspaces sharing a session need it and Verifik fails it' {
        $jwt = New-TestToken -Emulator $emulator -LifetimeSeconds 86400
        Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/faults' -Body @{
            path = '/v2/auth/session'; status = 503; times = 10; delayMs = 1500; body = '{"code":"Unavailable","message":"down"}' }

        $seen = Invoke-InFreshShell (@'
Connect-Verifik -AccessToken '{0}' -NoWelcome
(Get-VerifikSession).RenewWithin = '2.00:00:00'
(Get-VerifikSession).MaximumRetryCount = 0
$start = [datetime]::UtcNow.AddSeconds(4)
$each = 1..4 | ForEach-Object -ThrottleLimit 4 -Parallel {{
    Import-Module $using:m
    $null = Get-VerifikSession
    Start-Sleep -Milliseconds ([math]::Max(0, ($using:start - [datetime]::UtcNow).TotalMilliseconds))
    (Invoke-VerifikRequest /v2/clients/me -WarningAction SilentlyContinue).email
}}
@{{ Each = @($each) }} | ConvertTo-Json -Compress
'@ -f $jwt)

        $seen.Each | Should -Be @(1..4 | ForEach-Object { 'ana@example.com' })
        @((Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests').path | Where-Object { $_ -eq '/v2/auth/session' }).Count | Should -Be 1
    }

    It 'warns once, and does not renew at every call, when a renewal comes back no longer than RenewWithin' {
        $short = New-TestToken -Emulator $emulator -LifetimeSeconds 129600
        Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/faults' -Body @{
            path = '/v2/auth/session'; status = 200; times = 10; body = (@{ accessToken = $short; tokenType = 'bearer' } | ConvertTo-Json -Compress) }
        $session = New-VerifikSession -BaseUri $emulator.BaseUri -RenewWithin '2.00:00:00'
        Connect-Verifik -Session $session -AccessToken (New-TestToken -Emulator $emulator -LifetimeSeconds 86400) -NoWelcome

        $null = 1..3 | ForEach-Object { Invoke-VerifikRequest /v2/clients/me -Session $session -WarningVariable +warned -WarningAction SilentlyContinue }

        @((Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests').path | Where-Object { $_ -eq '/v2/auth/session' }).Count | Should -Be 1
        (Get-VerifikToken -Session $session -AsPlainText) | Should -Be $short
        # This one, and the expiry warning the short token earns (once per token).
        @($warned | Where-Object { "$_" -match 'RenewWithin of 2d 0h' }).Count | Should -Be 1
    }

    It 'keeps separate identities apart with New-VerifikSession and -Session, in runspaces running at once' {
        $tokens = 'ana@example.com', 'bob+ops@example.com' | ForEach-Object { New-TestToken -Emulator $emulator -Email $_ }

        $seen = Invoke-InFreshShell (@'
$tokens = '{0}', '{1}'
$each = 0, 1 | ForEach-Object -ThrottleLimit 2 -Parallel {{
    Import-Module $using:m
    $mine = New-VerifikSession
    Connect-Verifik -AccessToken ($using:tokens)[$_] -Session $mine
    Start-Sleep -Milliseconds 200
    (Invoke-VerifikRequest /v2/clients/me -Session $mine).email
}}
@{{ Each = @($each | Sort-Object); Default = (Get-VerifikSession).IsConnected }} | ConvertTo-Json -Compress
'@ -f $tokens[0], $tokens[1])

        $seen.Each | Should -Be @('ana@example.com', 'bob+ops@example.com')
        $seen.Default | Should -BeFalse
    }

    It 'keeps a token from $env:VERIFIK_ACCESS_TOKEN going where it was first adopted, in every runspace, after $env:VERIFIK_BASE_URL changes' {
        $other = Start-TestEmulator -Address 127.0.0.2
        try {
            $jwt = New-TestToken -Emulator $emulator

            $seen = Invoke-InFreshShell -Environment @{ VERIFIK_ACCESS_TOKEN = $jwt } (@'
$first = (Invoke-VerifikRequest /v2/clients/me).email
$env:VERIFIK_BASE_URL = '{0}'
$later = 1..2 | ForEach-Object -ThrottleLimit 2 -Parallel {{ Import-Module $using:m; (Invoke-VerifikRequest /v2/clients/me -ErrorAction Continue).email }}
@{{ First = $first; Later = @($later) }} | ConvertTo-Json -Compress
'@ -f $other.BaseUri)

            @(Invoke-TestEmulator -Emulator $other -Path '/_emulator/requests') | Should -BeNullOrEmpty
            $seen.First | Should -Be 'ana@example.com'
            $seen.Later | Should -Be @('ana@example.com', 'ana@example.com')
        }
        finally {
            Stop-TestEmulator -Emulator $other
        }
    }

    It 'keeps a token obtained with -Session out of the default session' {
        $result = Invoke-InFreshShell @'
$explicit = New-VerifikSession
$null = Request-VerifikOtp -Email ana@example.com -Session $explicit
$null = Confirm-VerifikOtp -Email ana@example.com -Otp (Get-TestOtp -Emulator ([pscustomobject]@{ BaseUri = $env:VERIFIK_BASE_URL }) -To 'ana@example.com') -Session $explicit
@{
    Explicit = $explicit.IsConnected
    Default  = (Get-VerifikSession).IsConnected
    Error    = try { Get-VerifikToken -ErrorAction Stop } catch { $_.FullyQualifiedErrorId }
} | ConvertTo-Json -Compress
'@

        $result.Explicit | Should -BeTrue
        $result.Default | Should -BeFalse
        $result.Error | Should -BeLike 'Verifik.NotConnected,*'
    }

    It 'sends calls with a token back to the Verifik that issued it, without changing the session''s BaseUri' {
        $other = Start-TestEmulator
        $savedBaseUrl = $env:VERIFIK_BASE_URL
        try {
            $session = New-VerifikSession
            $env:VERIFIK_BASE_URL = $other.BaseUri
            $signIn = Request-VerifikOtp -Email ana@example.com -BaseUri $emulator.BaseUri -Session $session
            $null = $signIn | Confirm-VerifikOtp -Otp (Get-TestOtp -Emulator $emulator -To 'ana@example.com')
            Invoke-TestEmulator -Emulator $emulator -Method DELETE -Path '/_emulator/requests'

            $me = Invoke-VerifikRequest -Path /v2/clients/me -Session $session
            $request = Request-VerifikOtp -Email bob+ops@example.com -Session $session

            $session.BaseUri | Should -BeNullOrEmpty
            $me.email | Should -Be 'ana@example.com'
            (Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests').path | Should -Be '/v2/clients/me'
            # Without a token in play, the environment decides as documented.
            (Invoke-TestEmulator -Emulator $other -Path '/_emulator/requests').path | Should -Be '/v2/projects/email-login'
            $request.BaseUri | Should -Be ([uri]$other.BaseUri)
        }
        finally {
            $env:VERIFIK_BASE_URL = $savedBaseUrl
            Stop-TestEmulator -Emulator $other
        }
    }

    It 'returns the same default session object on every call' {
        $first = Get-VerifikSession
        $second = Get-VerifikSession

        [object]::ReferenceEquals($first.PSObject.BaseObject, $second.PSObject.BaseObject) | Should -BeTrue
        $first.PSObject.TypeNames[0] | Should -Be 'Verifik.Session'
    }

    It 'makes independent sessions with New-VerifikSession, each with its own base URI' {
        $one = New-VerifikSession -BaseUri 'https://one.example'
        $two = New-VerifikSession

        $one.BaseUri | Should -Be ([uri]'https://one.example')
        $two.BaseUri | Should -BeNullOrEmpty
        [object]::ReferenceEquals($one.PSObject.BaseObject, $two.PSObject.BaseObject) | Should -BeFalse
    }

    It 'takes a new session''s settings from New-VerifikSession''s parameters' {
        $session = New-VerifikSession -BaseUri 'https://one.example' -TimeoutSec 7 -MaximumRetryCount 0 -RetryIntervalSec 5 -Proxy http://proxy.example:8080 -NoProxy -AllowUnencryptedAuthentication

        $session.TimeoutSec, $session.MaximumRetryCount, $session.RetryIntervalSec | Should -Be 7, 0, 5
        $session.Proxy, $session.NoProxy, $session.AllowUnencryptedAuthentication | Should -Be ([uri]'http://proxy.example:8080'), $true, $true
        $session.Token | Should -BeNullOrEmpty
    }

    It 'refuses an unencrypted remote base URI with Verifik.InsecureBaseUri, naming it without its query' {
        $failure = { New-VerifikSession -BaseUri 'http://api.verifik.co/v2?x=1' -ErrorAction Stop } |
            Should -Throw -ErrorId 'Verifik.InsecureBaseUri,Verifik.Commands.NewVerifikSessionCommand' -PassThru
        $failure.CategoryInfo.Category, $failure.TargetObject | Should -Be 'SecurityError', 'http://api.verifik.co/v2'
        { Request-VerifikOtp -Email ana@example.com -BaseUri 'http://api.verifik.co' -Session (New-VerifikSession) -ErrorAction Stop } |
            Should -Throw -ErrorId 'Verifik.InsecureBaseUri,Verifik.Commands.RequestVerifikOtpCommand'
    }

    It 'refuses a user name and password in -<Parameter>, naming neither in the error' -TestCases @(
        @{ Parameter = 'BaseUri'; ErrorId = 'Verifik.InvalidBaseUri,Verifik.Commands.NewVerifikSessionCommand' }
        @{ Parameter = 'Proxy'; ErrorId = 'ParameterArgumentValidationError,Verifik.Commands.NewVerifikSessionCommand' }
    ) {
        $arguments = @{ $Parameter = 'https://user:s3cr3t@api.verifik.co' }

        $failure = { New-VerifikSession @arguments -ErrorAction Stop } | Should -Throw -ErrorId $ErrorId -PassThru

        "$($failure.Exception.Message) $($failure.TargetObject)" | Should -Not -Match 's3cr3t'
    }
}
