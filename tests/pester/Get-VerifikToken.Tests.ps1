BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    Import-Module (Get-VerifikModulePath) -Force
    $script:emulator = Start-TestEmulator -AsDefault

    function Connect-TestSession([string]$Email = 'ana@example.com', $Session = (New-VerifikSession)) {
        $null = Request-VerifikOtp -Email $Email -Session $Session
        $null = Confirm-VerifikOtp -Email $Email -Otp (Get-TestOtp -Emulator $emulator -To $Email) -Session $Session
        $Session
    }

    # Makes the next confirmation answer with a token the emulator minted to order.
    function Set-NextConfirmToken([hashtable]$Mint) {
        $jwt = (Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/tokens' -Body $Mint).accessToken
        Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/faults' -Body @{
            path = '/v2/projects/email-login/confirm'; status = 200
            body = (@{ data = @{ accessToken = $jwt; tokenType = 'bearer' } } | ConvertTo-Json -Compress)
        }
        $jwt
    }
}

AfterAll {
    Stop-TestEmulator -Emulator $emulator
}

Describe 'Get-VerifikToken' {
    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
    }

    It 'gives a Verifik.Token, the JWT with -AsPlainText and a Bearer header with -AsHeader' {
        $session = Connect-TestSession

        $token = Get-VerifikToken -Session $session
        $jwt = Get-VerifikToken -Session $session -AsPlainText
        $header = Get-VerifikToken -Session $session -AsHeader

        $token.PSObject.TypeNames[0] | Should -Be 'Verifik.Token'
        [System.Net.NetworkCredential]::new('', $token.Token).Password | Should -BeExactly $jwt

        $jwt | Should -BeOfType [string]
        $jwt.Split('.').Count | Should -Be 3
        $header | Should -BeOfType [hashtable]
        $header.Keys | Should -Be @('Authorization')
        $header.Authorization | Should -BeExactly "Bearer $jwt"
        (Invoke-RestMethod "$($emulator.BaseUri)/v2/clients/me" -Headers $header).data.email | Should -Be 'ana@example.com'
    }

    It 'reads ExpiresOn from the JWT''s <Style> claim' -TestCases @(
        @{ Style = 'expiresAt' }
        @{ Style = 'exp' }
        @{ Style = 'expMs' }
        @{ Style = 'expString' }
    ) {
        $null = Set-NextConfirmToken @{ email = 'ana@example.com'; lifetimeSeconds = 7200; claimStyle = $Style }
        $session = New-VerifikSession

        $token = Confirm-VerifikOtp -Email ana@example.com -Otp 123456 -Session $session

        $token.TimeRemaining.TotalMinutes | Should -BeGreaterThan 118
        $token.TimeRemaining.TotalMinutes | Should -BeLessOrEqual 120.1
    }

    It 'falls back to 30 days from confirmation when the JWT has no expiry claim' {
        $null = Set-NextConfirmToken @{ email = 'ana@example.com'; claimStyle = 'none' }

        $token = Confirm-VerifikOtp -Email ana@example.com -Otp 123456 -Session (New-VerifikSession)

        ($token.ExpiresOn - [DateTimeOffset]::UtcNow).TotalDays | Should -BeGreaterThan 29.99
        ($token.ExpiresOn - [DateTimeOffset]::UtcNow).TotalDays | Should -BeLessOrEqual 30
    }

    It 'fails with Verifik.TokenExpired when the token has expired' {
        $null = Set-NextConfirmToken @{ email = 'ana@example.com'; lifetimeSeconds = -60 }
        $session = New-VerifikSession
        $token = Confirm-VerifikOtp -Email ana@example.com -Otp 123456 -Session $session

        $token.IsExpired | Should -BeTrue
        { Get-VerifikToken -Session $session -AsHeader -ErrorAction Stop } |
            Should -Throw -ErrorId 'Verifik.TokenExpired,Verifik.Commands.GetVerifikTokenCommand'
    }

    Context 'secrecy' {
        BeforeAll {
            $script:secretSession = Connect-TestSession
            $script:jwt = Get-VerifikToken -Session $secretSession -AsPlainText
            $script:signature = $jwt.Split('.')[2]
            $script:token = Get-VerifikToken -Session $secretSession
        }

        It 'keeps the JWT out of <Name>' -TestCases @(
            @{ Name = 'ToString()'; Render = { $token.ToString() } }
            @{ Name = 'the default view'; Render = { $token | Out-String -Width 500 } }
            @{ Name = 'Format-List *'; Render = { $token | Format-List * | Out-String -Width 500 } }
            @{ Name = 'Format-Table *'; Render = { $token | Format-Table * | Out-String -Width 500 } }
            @{ Name = 'ConvertTo-Json'; Render = { $token | ConvertTo-Json -Depth 5 } }
            @{ Name = 'the session''s view'; Render = { $secretSession | Format-List * | Out-String -Width 500 } }
            @{ Name = 'the session as JSON'; Render = { $secretSession | ConvertTo-Json -Depth 3 -WarningAction SilentlyContinue } }
            @{ Name = 'string interpolation'; Render = { "$token $secretSession" } }
        ) {
            $text = & $Render

            $text | Should -Not -BeNullOrEmpty
            $text | Should -Not -Match ([regex]::Escape($signature))
        }

        It 'leaves the token out of Export-Clixml of <Name>, neither as text nor as the hex CliXml uses for a SecureString on Unix' -TestCases @(
            @{ Name = 'the token'; Target = 'token' }
            @{ Name = 'the session'; Target = 'secretSession' }
        ) {
            $file = Join-Path ([IO.Path]::GetTempPath()) "verifik-$([guid]::NewGuid().ToString('N')).xml"
            try {
                Get-Variable -Name $Target -ValueOnly | Export-Clixml -LiteralPath $file -Depth 5
                $xml = Get-Content -Raw -LiteralPath $file
                $hex = -join ([Text.Encoding]::Unicode.GetBytes($signature) | ForEach-Object { $_.ToString('x2') })

                $xml | Should -Not -Match ([regex]::Escape($signature))
                $xml.ToLowerInvariant() | Should -Not -Match $hex
                if ($Target -eq 'token') { (Import-Clixml -LiteralPath $file).ExpiresOn.UtcDateTime | Should -Be $token.ExpiresOn.UtcDateTime }
                if ($Target -eq 'secretSession') {
                    # What the session does keep: who and where, and every setting of its record.
                    $copy = Import-Clixml -LiteralPath $file
                    ($copy.Email, $copy.IsConnected) | Should -Be ($secretSession.Email, $secretSession.IsConnected)
                    foreach ($setting in [Verifik.SessionSettings].GetProperties().Name) {
                        "$($copy.Settings.$setting)" | Should -Be "$($secretSession.Settings.$setting)" -Because "the serialised session keeps $setting"
                    }
                }
            }
            finally {
                Remove-Item -LiteralPath $file -ErrorAction Ignore
            }
        }

        It 'keeps the JWT and the code out of the verbose stream of a sign-in' {
            $session = New-VerifikSession
            $verbose = & {
                Request-VerifikOtp -Email ana@example.com -Session $session -Verbose
                $code = Get-TestOtp -Emulator $emulator -To 'ana@example.com'
                $script:usedCode = $code
                Confirm-VerifikOtp -Email ana@example.com -Otp $code -Session $session -Verbose
            } 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | Out-String
            $newJwt = Get-VerifikToken -Session $session -AsPlainText

            $verbose | Should -Match 'POST /v2/projects/email-login -> 200'
            $verbose | Should -Match 'a\*\*\*@example.com'
            $verbose | Should -Not -Match 'ana@example.com'
            $verbose | Should -Not -Match $usedCode
            $verbose | Should -Not -Match ([regex]::Escape($newJwt.Split('.')[2]))
        }
    }
}
