# The failure paths of the cmdlets that write their errors (non-terminating), shared by ErrorAction.Tests.ps1 (how
# each behaves under -ErrorAction and friends) and Messages.Tests.ps1 (what each says). A new failure path of any
# cmdlet belongs here. Dot-source it in BeforeDiscovery for the table and in BeforeAll for its helpers, which expect
# $emulator (Start-TestEmulator -AsDefault).
#
# Each case: the command, what it should fail with, and a script block that returns its parameters (run in the It,
# after the emulator is reset, so it can sign in or script faults first).
$script:failures = @(
    @{ Name = 'Get-VerifikToken, not connected'; Command = 'Get-VerifikToken'; Kind = 'NotConnected'
        Arrange = { @{ Session = New-VerifikSession } } }
    @{ Name = 'Get-VerifikToken, signed out with $env:VERIFIK_ACCESS_TOKEN set'; Command = 'Get-VerifikToken'; Kind = 'NotConnected'
        Arrange = {
            # A session of its own: signing out the process's default one would reach the test files run after this.
            $session = Connect-WithLifetime 3600
            Disconnect-Verifik -Session $session -Confirm:$false
            $env:VERIFIK_ACCESS_TOKEN = New-EmulatorToken 3600
            @{ Session = $session }
        } }
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
    @{ Name = 'Connect-Verifik -AccessToken $env:UNSET'; Command = 'Connect-Verifik'; Kind = 'InvalidToken'
        Arrange = { @{ Session = New-VerifikSession; AccessToken = $env:VERIFIK_UNSET_IN_TESTS } } }
    @{ Name = 'Connect-Verifik, nothing to sign in with'; Command = 'Connect-Verifik'; Kind = 'InteractionRequired'
        Arrange = { $env:VERIFIK_ACCESS_TOKEN = $null; @{ Session = New-VerifikSession } } }
    @{ Name = 'Request-VerifikOtp, unknown account'; Command = 'Request-VerifikOtp'; Kind = 'InvalidEmail'
        Arrange = { @{ Session = New-VerifikSession; Email = 'nobody@example.com' } } }
    @{ Name = 'Request-VerifikOtp, right after the code was confirmed'; Command = 'Request-VerifikOtp'; Kind = 'OtpRecentlySent'
        Arrange = {
            $session = New-VerifikSession
            $null = Request-VerifikOtp -Email ana@example.com -Session $session
            $null = Confirm-VerifikOtp -Email ana@example.com -Otp (Get-TestOtp -Emulator $emulator -To ana@example.com) -Session $session
            @{ Session = $session; Email = 'ana@example.com' }
        } }
    @{ Name = 'Confirm-VerifikOtp, two-factor account without -AuthenticatorOtp'; Command = 'Confirm-VerifikOtp'; Kind = 'AuthenticatorOtpRequired'
        Arrange = {
            $session = New-VerifikSession
            $null = Request-VerifikOtp -Email two@example.com -Session $session
            @{ Session = $session; Email = 'two@example.com'; Otp = (Get-TestOtp -Emulator $emulator -To two@example.com) }
        } }
    @{ Name = 'Confirm-VerifikOtp, no pending code'; Command = 'Confirm-VerifikOtp'; Kind = 'OtpNotFound'
        Arrange = { @{ Session = New-VerifikSession; Email = 'ana@example.com'; Otp = '123456' } } }
    @{ Name = 'Invoke-VerifikRequest, not connected'; Command = 'Invoke-VerifikRequest'; Kind = 'NotConnected'
        Arrange = { @{ Session = New-VerifikSession; Path = '/v2/clients/me' } } }
    @{ Name = 'Invoke-VerifikRequest, API error'; Command = 'Invoke-VerifikRequest'; Kind = 'ApiError'
        Arrange = {
            Add-EmulatorFault @{ path = '/v2/clients/me'; status = 500 }
            @{ Session = Connect-WithLifetime 3600; Path = '/v2/clients/me' }
        } }
    @{ Name = 'Invoke-VerifikRequest, connection broken after two 503s'; Command = 'Invoke-VerifikRequest'; Kind = 'ConnectionFailed'
        Arrange = {
            Add-EmulatorFault @{ path = '/v2/clients/me'; status = 503; times = 2 }
            Add-EmulatorFault @{ path = '/v2/clients/me'; abort = $true }
            $session = Connect-WithLifetime 3600
            $session.RetryIntervalSec = 0
            @{ Session = $session; Path = '/v2/clients/me' }
        } }
    @{ Name = 'Invoke-VerifikRequest, URL on another host'; Command = 'Invoke-VerifikRequest'; Kind = 'ForeignHost'
        Arrange = { @{ Session = Connect-WithLifetime 3600; Path = 'https://evil.example/v2/clients/me' } } }
    @{ Name = 'Invoke-VerifikRequest, body that is not JSON'; Command = 'Invoke-VerifikRequest'; Kind = 'InvalidBody'
        Arrange = { $body = @{}; $body.Self = $body; @{ Session = Connect-WithLifetime 3600; Path = '/v2/clients/me'; Method = 'POST'; Body = $body } } }
)

function New-EmulatorToken([int]$LifetimeSeconds) {
    New-TestToken -Emulator $emulator -LifetimeSeconds $LifetimeSeconds
}

function Add-EmulatorFault([hashtable]$Fault) {
    $null = Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/faults' -Body $Fault
}

# A session signed in through the real confirm endpoint, holding a token with the given lifetime.
function Connect-WithLifetime([int]$LifetimeSeconds) {
    $jwt = New-EmulatorToken $LifetimeSeconds
    Add-EmulatorFault @{
        path = '/v2/projects/email-login/confirm'; status = 200
        body = (@{ data = @{ accessToken = $jwt; tokenType = 'bearer' } } | ConvertTo-Json -Compress)
    }
    $session = New-VerifikSession
    $null = Confirm-VerifikOtp -Email ana@example.com -Otp 123456 -Session $session
    $session
}
