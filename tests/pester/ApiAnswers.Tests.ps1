# Each answer Verifik documents, produced by the emulator (in each documented variant where the sources disagree)
# and met by the module end to end. docs/api-fidelity.md points at these tests.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    Import-Module (Get-VerifikModulePath) -Force
    $script:emulator = Start-TestEmulator -AsDefault

    function Get-Failure([scriptblock]$Command) {
        try {
            & $Command
        }
        catch {
            return $_
        }
        throw 'The command did not fail.'
    }

    function Get-JwtPayload([string]$Jwt) {
        $segment = $Jwt.Split('.')[1].Replace('-', '+').Replace('_', '/')
        $segment += '=' * ((4 - $segment.Length % 4) % 4)
        [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($segment)) | ConvertFrom-Json -AsHashtable
    }

    function Get-OutboxCount([string]$To) {
        @(Invoke-TestEmulator -Emulator $emulator -Path "/_emulator/outbox?to=$([Uri]::EscapeDataString($To))").Count
    }
}

AfterAll {
    Stop-TestEmulator -Emulator $emulator
}

Describe 'The cooldown between codes (409 otp_recently_sent)' {
    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
        $script:session = New-VerifikSession
    }

    It 'is on by default: a second code for the same address is Verifik.OtpRecentlySent, not a missing parameter' {
        $first = Request-VerifikOtp -Email ana@example.com -Session $session

        $failure = Get-Failure { Request-VerifikOtp -Email ana@example.com -Session $session -ErrorAction Stop }

        $first.Status | Should -Be 'sent'
        $failure.FullyQualifiedErrorId | Should -Be 'Verifik.OtpRecentlySent,Verifik.Commands.RequestVerifikOtpCommand'
        $failure.CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $failure.Exception.StatusCode | Should -Be 409
        $failure.Exception.ApiMessage | Should -Be 'otp_recently_sent'
        $failure.Exception.Message | Should -Match 'still valid for (9|10) minute\(s\), until \d\d:\d\d:\d\d UTC'
        $failure.Exception.Message | Should -Match 'new one can be asked for from \d\d:\d\d:\d\d UTC'
        $failure.Exception.Message | Should -Not -Match 'missing'
        Get-OutboxCount 'ana@example.com' | Should -Be 1
    }

    It 'leaves the first code good: it still signs in' {
        $request = Request-VerifikOtp -Email ana@example.com -Session $session
        $null = Request-VerifikOtp -Email ana@example.com -Session $session -ErrorAction SilentlyContinue

        $token = $request | Confirm-VerifikOtp -Otp (Get-TestOtp -Emulator $emulator -To 'ana@example.com')

        $token.Email | Should -Be 'ana@example.com'
    }

    It 'gives the bounds when this session did not ask for the first code' {
        $null = Request-VerifikOtp -Email ana@example.com -Session (New-VerifikSession)

        $failure = Get-Failure { Request-VerifikOtp -Email ana@example.com -Session $session -ErrorAction Stop }

        $failure.FullyQualifiedErrorId | Should -BeLike 'Verifik.OtpRecentlySent,*'
        $failure.Exception.Message | Should -Match 'stays valid for 10 minutes after it was sent'
    }

    It 'says when a new code can be asked for from a Retry-After of <RetryAfter>, beyond the 60 s cap on retry waits' -ForEach @(
        @{ RetryAfter = '120'; Expected = { param($before, $after) "from ($($before.AddSeconds(120).ToString('HH:mm:ss'))|$($after.AddSeconds(120).ToString('HH:mm:ss'))) UTC" } }
        # A wait far longer than a code lives is no cooldown; a time of day alone would name the wrong day.
        @{ RetryAfter = 'Fri, 31 Dec 9999 23:59:59 GMT'; Expected = { 'about 2 minutes after the last' } }
    ) {
        $null = Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/faults' -Body @{
            path = '/v2/projects/email-login'; status = 409; retryAfter = $RetryAfter; body = '{"code":"Conflict","message":"otp_recently_sent"}'
        }

        $before = [DateTime]::UtcNow
        $failure = Get-Failure { Request-VerifikOtp -Email ana@example.com -Session $session -ErrorAction Stop }
        $after = [DateTime]::UtcNow

        $failure.FullyQualifiedErrorId | Should -BeLike 'Verifik.OtpRecentlySent,*'
        $failure.Exception.Message | Should -Match "new one can be asked for $(& $Expected $before $after)"
    }

    It 'ends after the cooldown, and the control turns it off' {
        $null = Request-VerifikOtp -Email ana@example.com -Session $session
        $null = Invoke-TestEmulator -Emulator $emulator -Method Post -Path '/_emulator/clock' -Body @{ advanceSeconds = 121 }
        $null = Request-VerifikOtp -Email ana@example.com -Session $session
        Set-TestEmulatorBehaviour -Emulator $emulator -Behaviour @{ cooldownSeconds = 0 }
        $null = Request-VerifikOtp -Email ana@example.com -Session $session

        Get-OutboxCount 'ana@example.com' | Should -Be 3
    }

    It 'applies to phone numbers per gateway' {
        $null = Request-VerifikOtp -Phone 3001234567 -CountryCode +57 -Session $session

        { Request-VerifikOtp -Phone 3001234567 -CountryCode +57 -Session $session -ErrorAction Stop } |
            Should -Throw -ErrorId 'Verifik.OtpRecentlySent,Verifik.Commands.RequestVerifikOtpCommand'
        (Request-VerifikOtp -Phone 3001234567 -CountryCode +57 -Gateway WhatsApp -Session $session).Gateway | Should -Be 'whatsapp'
    }

    It 'counts as sent when it answers a retry after a <Status>: the first attempt sent the code' -ForEach @(
        @{ Status = 502 }, @{ Status = 503 }
    ) {
        $retrying = New-VerifikSession -MaximumRetryCount 1 -RetryIntervalSec 0
        Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/faults' -Body @{
            path = '/v2/projects/email-login'; status = $Status; afterHandling = $true; body = '{"code":"BadGateway","message":"upstream"}'
        }

        $output = Request-VerifikOtp -Email ana@example.com -Session $retrying -Verbose 4>&1
        $request = $output | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }

        ($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Contain (
            "POST /v2/projects/email-login answered otp_recently_sent to a retry after ${Status}: the first attempt sent the code, so that is the one to confirm")
        @((Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests').path) | Should -Be @('/v2/projects/email-login', '/v2/projects/email-login')
        Get-OutboxCount 'ana@example.com' | Should -Be 1
        $request.Status | Should -Be 'sent'
        ($request | Confirm-VerifikOtp -Otp (Get-TestOtp -Emulator $emulator -To 'ana@example.com')).Email | Should -Be 'ana@example.com'
    }

    It 'is not taken for a sent code after a 429: Verifik itself refused that attempt' {
        $null = Request-VerifikOtp -Email ana@example.com -Session $session
        $retrying = New-VerifikSession -MaximumRetryCount 1 -RetryIntervalSec 0
        Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/faults' -Body @{
            path = '/v2/projects/email-login'; status = 429; body = '{"code":"TooManyRequests","message":"slow down"}'
        }

        { Request-VerifikOtp -Email ana@example.com -Session $retrying -ErrorAction Stop } |
            Should -Throw -ErrorId 'Verifik.OtpRecentlySent,Verifik.Commands.RequestVerifikOtpCommand'
    }
}

Describe 'Provider failures and used codes' {
    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
        $script:session = New-VerifikSession
    }

    It 'maps 409 otp_not_sent to Verifik.OtpNotSent and suggests the other gateway' {
        Set-TestEmulatorBehaviour -Emulator $emulator -Behaviour @{ failingGateways = @('sms') }

        $failure = Get-Failure { Request-VerifikOtp -Phone 3001234567 -CountryCode +57 -Session $session -ErrorAction Stop }

        $failure.FullyQualifiedErrorId | Should -Be 'Verifik.OtpNotSent,Verifik.Commands.RequestVerifikOtpCommand'
        $failure.Exception.ApiMessage | Should -Be 'otp_not_sent'
        $failure.ErrorDetails.RecommendedAction | Should -BeLike '*-Gateway WhatsApp*'
        (Request-VerifikOtp -Phone 3001234567 -CountryCode +57 -Gateway WhatsApp -Session $session).Status | Should -Be 'sent'
    }

    It 'maps 409 otp_not_sent for an email address to Verifik.OtpNotSent' {
        Set-TestEmulatorBehaviour -Emulator $emulator -Behaviour @{ failingGateways = @('email') }

        { Request-VerifikOtp -Email ana@example.com -Session $session -ErrorAction Stop } |
            Should -Throw -ErrorId 'Verifik.OtpNotSent,Verifik.Commands.RequestVerifikOtpCommand'
    }

    It 'maps 409 otp_send_failed on confirm to Verifik.OtpNotSent' {
        Set-TestEmulatorBehaviour -Emulator $emulator -Behaviour @{ failingGateways = @('sms') }
        $null = Request-VerifikOtp -Phone 3001234567 -CountryCode +57 -Session $session -ErrorAction SilentlyContinue

        $failure = Get-Failure { Confirm-VerifikOtp -Phone 3001234567 -CountryCode +57 -Otp 123456 -Session $session -ErrorAction Stop }

        $failure.FullyQualifiedErrorId | Should -Be 'Verifik.OtpNotSent,Verifik.Commands.ConfirmVerifikOtpCommand'
        $failure.Exception.ApiMessage | Should -Be 'otp_send_failed'
    }

    It 'maps 403 insufficient_credits to Verifik.InsufficientCredits' {
        $failure = Get-Failure { Request-VerifikOtp -Phone 5550100123 -CountryCode +1 -Session $session -ErrorAction Stop }

        $failure.FullyQualifiedErrorId | Should -Be 'Verifik.InsufficientCredits,Verifik.Commands.RequestVerifikOtpCommand'
        $failure.Exception.StatusCode | Should -Be 403
        $failure.CategoryInfo.Category | Should -Be 'QuotaExceeded'
    }

    It 'says a used code was already used, whether Verifik answers <UsedCode>' -ForEach @(
        @{ UsedCode = 'not_found'; Status = 404 }, @{ UsedCode = 'already_validated'; Status = 409 }
    ) {
        Set-TestEmulatorBehaviour -Emulator $emulator -Behaviour @{ usedCode = $UsedCode }
        $request = Request-VerifikOtp -Phone 3001234567 -CountryCode +57 -Session $session
        $code = Get-TestOtp -Emulator $emulator -To '+57 3001234567'
        $null = $request | Confirm-VerifikOtp -Otp $code

        $failure = Get-Failure { $request | Confirm-VerifikOtp -Otp $code -ErrorAction Stop }

        $failure.FullyQualifiedErrorId | Should -Be 'Verifik.OtpNotFound,Verifik.Commands.ConfirmVerifikOtpCommand'
        $failure.Exception.StatusCode | Should -Be $Status
        $failure.ErrorDetails.RecommendedAction | Should -BeLike '*Request-VerifikOtp*'
    }
}

Describe 'Answers whose form the sources disagree on' {
    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
        $script:session = New-VerifikSession
    }

    It 'a wrong <Kind> code answered as <WrongOtp> is Verifik.InvalidOtp' -ForEach @(
        @{ WrongOtp = 'invalid_otp'; Kind = 'email'; Status = 400 }
        @{ WrongOtp = 'invalid_otp'; Kind = 'phone'; Status = 400 }
        @{ WrongOtp = 'otp_does_not_match'; Kind = 'email'; Status = 403 }
        @{ WrongOtp = 'otp_does_not_match'; Kind = 'phone'; Status = 403 }
    ) {
        Set-TestEmulatorBehaviour -Emulator $emulator -Behaviour @{ wrongOtp = $WrongOtp }
        $request = if ($Kind -eq 'email') { Request-VerifikOtp -Email ana@example.com -Session $session }
        else { Request-VerifikOtp -Phone 3001234567 -CountryCode +57 -Session $session }
        $to = if ($Kind -eq 'email') { 'ana@example.com' } else { '+57 3001234567' }
        $wrong = if ((Get-TestOtp -Emulator $emulator -To $to) -eq '000000') { '111111' } else { '000000' }

        $failure = Get-Failure { $request | Confirm-VerifikOtp -Otp $wrong -ErrorAction Stop }

        $failure.FullyQualifiedErrorId | Should -Be 'Verifik.InvalidOtp,Verifik.Commands.ConfirmVerifikOtpCommand'
        $failure.Exception.StatusCode | Should -Be $Status
    }

    It 'an expired code answered with the <ExpiredBody> body is Verifik.OtpExpired' -ForEach @(
        @{ ExpiredBody = 'PreconditionFailed'; ApiCode = 'PreconditionFailed' }
        @{ ExpiredBody = 'validationCode'; ApiCode = 'emailValidation_has_expired' }
    ) {
        Set-TestEmulatorBehaviour -Emulator $emulator -Behaviour @{ expiredBody = $ExpiredBody }
        $request = Request-VerifikOtp -Email ana@example.com -Session $session
        $null = Invoke-TestEmulator -Emulator $emulator -Method Post -Path '/_emulator/clock' -Body @{ advanceSeconds = 601 }

        $failure = Get-Failure { $request | Confirm-VerifikOtp -Otp (Get-TestOtp -Emulator $emulator -To 'ana@example.com') -ErrorAction Stop }

        $failure.FullyQualifiedErrorId | Should -Be 'Verifik.OtpExpired,Verifik.Commands.ConfirmVerifikOtpCommand'
        $failure.Exception.ApiCode | Should -Be $ApiCode
    }

    It 'confirm answering data as the bare JWT string (<ConfirmShape>) signs in' -ForEach @(
        @{ ConfirmShape = 'object' }, @{ ConfirmShape = 'bare_string' }
    ) {
        Set-TestEmulatorBehaviour -Emulator $emulator -Behaviour @{ confirmShape = $ConfirmShape }
        $request = Request-VerifikOtp -Email ana@example.com -Session $session

        $token = $request | Confirm-VerifikOtp -Otp (Get-TestOtp -Emulator $emulator -To 'ana@example.com')

        $token.Email | Should -Be 'ana@example.com'
        (Invoke-VerifikRequest -Path /v2/clients/me -Session $session).email | Should -Be 'ana@example.com'
    }
}

Describe 'Answers keyed on Verifik''s values, not on words' {
    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
        $script:session = New-VerifikSession
    }

    It 'a 400 to a phone request in any language is Verifik.InvalidPhone' {
        Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/faults' -Body @{
            path = '/v2/projects/phone-login'; status = 400; body = '{"code":"BadRequest","message":"Formato de número inválido."}'
        }

        { Request-VerifikOtp -Phone 3001234567 -CountryCode +57 -Session $session -ErrorAction Stop } |
            Should -Throw -ErrorId 'Verifik.InvalidPhone,Verifik.Commands.RequestVerifikOtpCommand'
    }

    It 'a 409 that is not MissingParameter is not reported as a missing parameter' {
        Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/faults' -Body @{
            path = '/v2/projects/email-login'; status = 409; body = '{"code":"Conflict","message":"project_flow_disabled"}'
        }

        $failure = Get-Failure { Request-VerifikOtp -Email ana@example.com -Session $session -ErrorAction Stop }

        $failure.FullyQualifiedErrorId | Should -BeLike 'Verifik.ApiError,*'
        $failure.Exception.Message | Should -BeLike '*project_flow_disabled*'
    }

    It 'a localised 409 MissingParameter is still Verifik.MissingParameter' {
        Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/faults' -Body @{
            path = '/v2/projects/email-login'; status = 409; body = '{"code":"MissingParameter","message":"falta el correo\n"}'
        }

        { Request-VerifikOtp -Email ana@example.com -Session $session -ErrorAction Stop } |
            Should -Throw -ErrorId 'Verifik.MissingParameter,Verifik.Commands.RequestVerifikOtpCommand'
    }
}

Describe 'Token lifetimes' {
    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
        $script:session = New-VerifikSession
    }

    It 'a sign-in token lasts one calendar month, as Verifik issues them' {
        $request = Request-VerifikOtp -Email ana@example.com -Session $session

        $token = $request | Confirm-VerifikOtp -Otp (Get-TestOtp -Emulator $emulator -To 'ana@example.com')

        $token.ExpiresOn | Should -Be $token.IssuedOn.AddMonths(1)
    }

    It 'reads the 2022-24 expiresAt "YYYY-MM-DD HH:MM:SS" (UTC) claim exactly' {
        Set-TestEmulatorBehaviour -Emulator $emulator -Behaviour @{ tokenClaims = 'legacyDate' }
        $request = Request-VerifikOtp -Email ana@example.com -Session $session

        $token = $request | Confirm-VerifikOtp -Otp (Get-TestOtp -Emulator $emulator -To 'ana@example.com')
        $payload = Get-JwtPayload (Get-VerifikToken -Session $session -AsPlainText)

        $payload.expiresAt | Should -Match '^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$'
        $token.ExpiresOn | Should -Be ([DateTimeOffset]::ParseExact($payload.expiresAt, 'yyyy-MM-dd HH:mm:ss', [cultureinfo]::InvariantCulture, 'AssumeUniversal'))
        $token.ExpiresOn.Offset | Should -Be ([TimeSpan]::Zero)
    }
}

Describe 'The language of the message (-Language)' {
    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
        $script:session = New-VerifikSession
    }

    It 'sends -Language <Language> with an email request, in the query, and Verifik writes the message in it' -ForEach @(
        @{ Language = 'es' }, @{ Language = 'pt-BR' }
    ) {
        $null = Request-VerifikOtp -Email ana@example.com -Language $Language -Session $session

        (Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests').query | Should -Be "?email=ana%40example.com&language=$Language"
        (Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/outbox').language | Should -Be $Language
    }

    It 'sends -Language with a phone request, in the body' {
        $null = Request-VerifikOtp -Phone 3001234567 -CountryCode +57 -Language fr -Session $session

        (Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/outbox').language | Should -Be 'fr'
    }

    It 'sends no language when -Language is absent' {
        $null = Request-VerifikOtp -Email ana@example.com -Session $session

        (Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests').query | Should -Be '?email=ana%40example.com'
        (Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/outbox').language | Should -BeNullOrEmpty
    }

    It 'refuses -Language ''<Language>'' before sending anything' -ForEach @(@{ Language = 'spanish please' }, @{ Language = 'e' }, @{ Language = 'es&x=1' }) {
        { Request-VerifikOtp -Email ana@example.com -Language $Language -Session $session } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,Verifik.Commands.RequestVerifikOtpCommand'
        Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests' | Should -BeNullOrEmpty
    }
}
