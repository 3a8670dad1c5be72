BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    Import-Module (Get-VerifikModulePath) -Force
    $script:emulator = Start-TestEmulator

    # Signs in inside a runspace of its own through that runspace's default session, then reports what it sees.
    $script:signInScript = {
        param($ModulePath, $HelperPath, $BaseUri, $Email, [System.Threading.Barrier]$Barrier)
        Import-Module $HelperPath
        Import-Module $ModulePath
        $emulator = [pscustomobject]@{ BaseUri = $BaseUri }
        $null = Request-VerifikOtp -Email $Email -BaseUri $BaseUri
        # Both runspaces have signed in before either looks at its token.
        $null = Confirm-VerifikOtp -Email $Email -Otp (Get-TestOtp -Emulator $emulator -To $Email) -BaseUri $BaseUri
        $Barrier.SignalAndWait([TimeSpan]::FromSeconds(30)) | Out-Null
        $me = Invoke-RestMethod "$BaseUri/v2/clients/me" -Headers (Get-VerifikToken -AsHeader)
        [pscustomobject]@{ TokenEmail = (Get-VerifikToken).Email; SessionEmail = (Get-VerifikSession).Email; Me = $me.data.email }
    }
}

AfterAll {
    Stop-TestEmulator -Emulator $emulator
}

Describe 'Sessions' {
    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
    }

    It 'gives each runspace its own default session: two people signed in at once do not see each other''s token' {
        $barrier = [System.Threading.Barrier]::new(2)
        $pool = foreach ($email in 'ana@example.com', 'bob+ops@example.com') {
            $shell = [powershell]::Create()
            $null = $shell.AddScript($signInScript).AddParameters(@{
                ModulePath = (Get-VerifikModulePath); HelperPath = (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1')
                BaseUri = $emulator.BaseUri; Email = $email; Barrier = $barrier
            })
            [pscustomobject]@{ Shell = $shell; Handle = $shell.BeginInvoke() }
        }
        try {
            $results = foreach ($run in $pool) { $run.Shell.EndInvoke($run.Handle) }

            $results[0].TokenEmail | Should -Be 'ana@example.com'
            $results[0].SessionEmail | Should -Be 'ana@example.com'
            $results[0].Me | Should -Be 'ana@example.com'
            $results[1].TokenEmail | Should -Be 'bob+ops@example.com'
            $results[1].SessionEmail | Should -Be 'bob+ops@example.com'
            $results[1].Me | Should -Be 'bob+ops@example.com'
        }
        finally {
            $pool.Shell | ForEach-Object Dispose
        }
    }

    It 'keeps a token obtained with -Session out of the default session' {
        $runspace = [powershell]::Create()
        try {
            $null = $runspace.AddScript({
                param($ModulePath, $HelperPath, $BaseUri)
                Import-Module $HelperPath
                Import-Module $ModulePath
                $explicit = New-VerifikSession -BaseUri $BaseUri
                $null = Request-VerifikOtp -Email ana@example.com -Session $explicit
                $null = Confirm-VerifikOtp -Email ana@example.com -Otp (Get-TestOtp -Emulator ([pscustomobject]@{ BaseUri = $BaseUri }) -To 'ana@example.com') -Session $explicit
                [pscustomobject]@{
                    Explicit = $explicit.IsConnected
                    Default  = (Get-VerifikSession).IsConnected
                    Error    = try { Get-VerifikToken -ErrorAction Stop } catch { $_.FullyQualifiedErrorId }
                }
            }).AddParameters(@{ ModulePath = (Get-VerifikModulePath); HelperPath = (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1'); BaseUri = $emulator.BaseUri })
            $result = $runspace.Invoke()

            $result.Explicit | Should -BeTrue
            $result.Default | Should -BeFalse
            $result.Error | Should -BeLike 'Verifik.NotConnected,*'
        }
        finally {
            $runspace.Dispose()
        }
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

    It 'returns the same default session object on every call within a runspace' {
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

    It 'refuses an unencrypted remote base URI with Verifik.InsecureBaseUri' {
        { New-VerifikSession -BaseUri 'http://api.verifik.co' -ErrorAction Stop } |
            Should -Throw -ErrorId 'Verifik.InsecureBaseUri,Verifik.Commands.NewVerifikSessionCommand'
        { Request-VerifikOtp -Email ana@example.com -BaseUri 'http://api.verifik.co' -Session (New-VerifikSession) -ErrorAction Stop } |
            Should -Throw -ErrorId 'Verifik.InsecureBaseUri,Verifik.Commands.RequestVerifikOtpCommand'
    }
}
