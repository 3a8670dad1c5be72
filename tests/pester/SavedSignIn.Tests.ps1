BeforeDiscovery {
    $script:onWindows = $IsWindows
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    $script:emulator = Start-TestEmulator
    $script:modulePath = Get-VerifikModulePath

    # Each test gets its own config home, so nothing touches the real user's files.
    function New-ConfigHome { (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "verifik-$([guid]::NewGuid().ToString('N'))")).FullName }

    function Invoke-Shell([string]$Script, [string]$AccessToken) {
        Invoke-FreshPwsh -Environment @{ XDG_CONFIG_HOME = $configHome; VERIFIK_BASE_URL = $emulator.BaseUri; VERIFIK_ACCESS_TOKEN = $AccessToken } -Command "Import-Module '$modulePath'; $Script"
    }

    function New-TestToken([int]$LifetimeSeconds = 2592000, [string]$Email = 'ana@example.com') {
        (Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/tokens' -Body @{ email = $Email; lifetimeSeconds = $LifetimeSeconds }).accessToken
    }
}

AfterAll {
    Stop-TestEmulator -Emulator $emulator
}

Describe 'Tokens across shells' -Skip:$onWindows {
    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
        $script:configHome = New-ConfigHome
        $script:savedFile = Join-Path $configHome 'verifik/token.json'
    }

    AfterEach {
        Remove-Item -LiteralPath $configHome -Recurse -Force -ErrorAction Ignore
    }

    Describe 'Saved sign-in across shells' {

        It 'lets a new shell find a token saved with -Scope CurrentUser on its first Get-VerifikToken' {
            $jwt = New-TestToken
            $first = Invoke-Shell "Connect-Verifik -AccessToken '$jwt' -Scope CurrentUser"
            $second = Invoke-Shell '(Get-VerifikToken -AsHeader).Authorization; (Invoke-VerifikRequest -Path /v2/clients/me).email'

            $first.ExitCode | Should -Be 0
            $second.StdErr | Should -BeNullOrEmpty
            $second.StdOut -split "`n" | ForEach-Object Trim | Should -Be @("Bearer $jwt", 'ana@example.com', '')
        }

        It 'writes the file and its lock file 0600 in a 0700 directory, with no temporary files left behind' {
            $null = Invoke-Shell "Connect-Verifik -AccessToken '$(New-TestToken)' -Scope CurrentUser"

            [int](Get-Item -LiteralPath $savedFile).UnixFileMode | Should -Be ([Convert]::ToInt32('600', 8))
            [int](Get-Item -LiteralPath "$savedFile.lock").UnixFileMode | Should -Be ([Convert]::ToInt32('600', 8))
            [int](Get-Item -LiteralPath (Split-Path $savedFile)).UnixFileMode | Should -Be ([Convert]::ToInt32('700', 8))
            Get-ChildItem -LiteralPath (Split-Path $savedFile) | ForEach-Object Name | Should -Be @('token.json', 'token.json.lock')
        }

        It 'writes nothing to disk with the default scope (Process)' {
            $null = Invoke-Shell "Connect-Verifik -AccessToken '$(New-TestToken)'; `$r = Request-VerifikOtp -Email ana@example.com"

            Test-Path -LiteralPath (Join-Path $configHome 'verifik') | Should -BeFalse
        }

        It 'saves a sign-in confirmed with Confirm-VerifikOtp -Scope CurrentUser' {
            $requested = Invoke-Shell 'Request-VerifikOtp -Email ana@example.com | Out-Null'
            $code = Get-TestOtp -Emulator $emulator -To 'ana@example.com'
            $confirmed = Invoke-Shell "Confirm-VerifikOtp -Email ana@example.com -Otp $code -Scope CurrentUser | Out-Null"
            $later = Invoke-Shell '(Get-VerifikToken).Email'

            "$($requested.StdErr)$($confirmed.StdErr)" | Should -BeNullOrEmpty
            $later.StdOut.Trim() | Should -Be 'ana@example.com' -Because $later.StdErr
        }

        It 'warns about a corrupted file, ignores it and does not crash' {
            $null = New-Item -ItemType Directory -Path (Split-Path $savedFile) -Force
            Set-Content -LiteralPath $savedFile -Value '{"accessToken": "half a fi'
            [IO.File]::SetUnixFileMode($savedFile, [IO.UnixFileMode]'UserRead, UserWrite')

            $result = Invoke-Shell 'try { Get-VerifikToken -WarningVariable w -WarningAction SilentlyContinue -ErrorAction Stop } catch { $_.FullyQualifiedErrorId }; "warning: $w"'

            $result.ExitCode | Should -Be 0
            $result.StdOut | Should -Match 'Verifik.NotConnected'
            $result.StdOut | Should -Match "warning: .*could not be read.*ignored"
        }

        It 'replaces the saved token when <Command> renews it' -TestCases @(
            @{ Command = 'Update-VerifikToken' }
            @{ Command = 'Update-VerifikToken -RevokeOthers -Force' }
        ) {
            $jwt = Copy-TestSignIn -Emulator $emulator -ConfigHome $configHome

            $renewed = Invoke-Shell "$Command | Out-Null; Get-VerifikToken -AsPlainText"
            $later = Invoke-Shell 'Get-VerifikToken -AsPlainText; (Invoke-VerifikRequest -Path /v2/clients/me).email'

            $renewed.StdOut.Trim() | Should -Not -Be $jwt
            $later.StdOut -split "`n" | ForEach-Object Trim | Should -Be @($renewed.StdOut.Trim(), 'ana@example.com', '')
        }

        It 'is left alone by Disconnect-Verifik in a shell whose token comes from $env:VERIFIK_ACCESS_TOKEN' {
            $null = Copy-TestSignIn -Emulator $emulator -ConfigHome $configHome

            $null = Invoke-Shell -AccessToken (New-TestToken -Email bob+ops@example.com) -Script 'Disconnect-Verifik'

            Test-Path -LiteralPath $savedFile | Should -BeTrue
        }

        It 'is removed by Disconnect-Verifik, so the next shell is signed out' {
            $null = Copy-TestSignIn -Emulator $emulator -ConfigHome $configHome

            $null = Invoke-Shell 'Disconnect-Verifik'
            $after = Invoke-Shell 'try { Get-VerifikToken -ErrorAction Stop } catch { $_.FullyQualifiedErrorId }'

            Test-Path -LiteralPath $savedFile | Should -BeFalse
            $after.StdOut | Should -Match 'Verifik.NotConnected'
        }
    }

    # The default session of each runspace finds a token by itself: $env:VERIFIK_ACCESS_TOKEN, then the saved sign-in.
    Describe 'The default session adopts a token by itself' {
        It 'lets ForEach-Object -Parallel call Verifik with only $env:VERIFIK_ACCESS_TOKEN set' {
            $result = Invoke-Shell -AccessToken (New-TestToken) -Script @"
1..3 | ForEach-Object -ThrottleLimit 3 -Parallel { Import-Module '$modulePath'; (Invoke-VerifikRequest /v2/clients/me -ErrorAction Stop).email }
"@

            $result.StdErr | Should -BeNullOrEmpty
            $result.StdOut.Trim() -split '\r?\n' | Should -Be @('ana@example.com', 'ana@example.com', 'ana@example.com')
        }

        It 'prefers $env:VERIFIK_ACCESS_TOKEN to the saved sign-in' {
            $null = Copy-TestSignIn -Emulator $emulator -ConfigHome $configHome

            $result = Invoke-Shell -AccessToken (New-TestToken -Email bob+ops@example.com) -Script '(Invoke-VerifikRequest /v2/clients/me).email'

            $result.StdOut.Trim() | Should -Be 'bob+ops@example.com'
        }

        It 'falls back to the saved sign-in when the variable is not set' {
            $null = Copy-TestSignIn -Emulator $emulator -ConfigHome $configHome

            $result = Invoke-Shell -Script '$s = Get-VerifikSession; "$($s.IsConnected) $([bool]$s.SignedInAs)"; (Invoke-VerifikRequest /v2/clients/me).email'

            $result.StdOut.Trim() -split '\r?\n' | Should -Be @('True True', 'ana@example.com')
        }

        It 'adopts nothing after Disconnect-Verifik, until the next sign-in' {
            $result = Invoke-Shell -AccessToken (New-TestToken) -Script @'
$null = Get-VerifikToken -ErrorAction Stop
Disconnect-Verifik
try { Get-VerifikToken -ErrorAction Stop } catch { $_.FullyQualifiedErrorId }
'@

            $result.StdOut.Trim() | Should -Be 'Verifik.NotConnected,Verifik.Commands.GetVerifikTokenCommand'
        }

        It 'fails the call with Verifik.InvalidToken when the variable holds an expired token, and never shows it' {
            $expired = New-TestToken -LifetimeSeconds -60

            $result = Invoke-Shell -AccessToken $expired -Script 'try { Invoke-VerifikRequest /v2/clients/me -ErrorAction Stop } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }'

            $result.StdOut | Should -Match 'Verifik.InvalidToken,Verifik.Commands.InvokeVerifikRequestCommand'
            $result.StdOut | Should -Match 'VERIFIK_ACCESS_TOKEN'
            $result.StdOut | Should -Not -Match ([regex]::Escape($expired.Split('.')[2]))
            Invoke-TestEmulator -Emulator $emulator -Path '/_emulator/requests' | Should -BeNullOrEmpty
        }

        It 'sends a shell with nothing to adopt to Connect-Verifik, with no word of parallel runspaces (one sign-in serves them)' {
            $result = Invoke-Shell -Script 'try { Get-VerifikToken -ErrorAction Stop } catch { $_.FullyQualifiedErrorId; $_.ErrorDetails.RecommendedAction }'

            $result.StdOut | Should -Match 'Verifik.NotConnected,Verifik.Commands.GetVerifikTokenCommand'
            $result.StdOut | Should -Match 'Connect-Verifik'
            $result.StdOut | Should -Not -Match 'Parallel|\$using:'
        }
    }
}
