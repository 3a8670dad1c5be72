# The saved sign-in is used only if only the current user can have written it, and a sign-out stays a sign-out:
# no renewal, in this shell or another, brings the file back, and a session that is not the saved one leaves it.
BeforeDiscovery {
    $script:onWindows = $IsWindows
    $script:notRoot = $IsWindows -or (id -u) -ne '0'
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    $script:emulator = Start-TestEmulator
    $script:other = Start-TestEmulator -Address 127.0.0.2
    $script:modulePath = Get-VerifikModulePath

    function Invoke-Shell([string]$Script) {
        Invoke-FreshPwsh -TimeoutSeconds 120 -Environment @{ XDG_CONFIG_HOME = $configHome; VERIFIK_BASE_URL = $emulator.BaseUri; VERIFIK_ACCESS_TOKEN = $null } -Command "Import-Module '$modulePath'; $Script"
    }

    # A saved sign-in as the module writes it, then pointed at the other host, so obeying it would show there.
    function New-SavedSignIn {
        $null = Copy-TestSignIn -Emulator $emulator -ConfigHome $configHome
        $json = Get-Content -Raw -LiteralPath $savedFile | ConvertFrom-Json
        $json.baseUri = "$($other.BaseUri)/"
        [IO.File]::WriteAllText($savedFile, ($json | ConvertTo-Json))
    }
}

AfterAll {
    Stop-TestEmulator -Emulator $other
    Stop-TestEmulator -Emulator $emulator
}

Describe 'Trusting the saved file' -Skip:$onWindows {
    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
        Reset-TestEmulator -Emulator $other
        $script:configHome = (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "verifik-$([guid]::NewGuid().ToString('N'))")).FullName
        $script:savedFile = Join-Path $configHome 'verifik/token.json'
    }

    AfterEach {
        Remove-Item -LiteralPath $configHome -Recurse -Force -ErrorAction Ignore
    }

    It 'ignores, with a warning, a file <Why>' -ForEach @(
        @{ Why = 'others may read'; Expect = 'others may read or write it'; Spoil = { chmod 644 $savedFile } }
        @{ Why = 'that is a symbolic link'; Expect = 'symbolic link'; Spoil = { Move-Item $savedFile "$savedFile.real"; $null = New-Item -ItemType SymbolicLink -Path $savedFile -Target "$savedFile.real" } }
        @{ Why = 'that is a FIFO (which would hang a read)'; Expect = 'not a regular file'; Spoil = { Remove-Item $savedFile; mkfifo $savedFile } }
        @{ Why = 'over the size limit'; Expect = "more than a saved sign-in's"; Spoil = { [IO.File]::AppendAllText($savedFile, ' ' * 2MB) } }
        @{ Why = 'with a CR/LF in the token'; Expect = 'could not be read'; Spoil = {
                $json = Get-Content -Raw -LiteralPath $savedFile | ConvertFrom-Json
                $json.accessToken += "`r`nX-Injected: 1"
                [IO.File]::WriteAllText($savedFile, ($json | ConvertTo-Json)) } }
    ) {
        New-SavedSignIn
        & $Spoil

        $result = Invoke-Shell 'Invoke-VerifikRequest -Path /v2/clients/me -WarningVariable w -WarningAction SilentlyContinue -ErrorVariable e -ErrorAction SilentlyContinue; "$($e.FullyQualifiedErrorId)"; "warning: $w"'

        $result.StdOut | Should -Match "warning: .*$([regex]::Escape($Expect))"
        $result.StdOut | Should -Match 'Verifik.NotConnected'
        @(Invoke-TestEmulator -Emulator $other -Path '/_emulator/requests') | Should -BeNullOrEmpty
    }

    It 'ignores a file that belongs to another user' -Skip:$notRoot {
        New-SavedSignIn
        chown 65534 $savedFile

        $result = Invoke-Shell 'Invoke-VerifikRequest -Path /v2/clients/me -WarningVariable w -WarningAction SilentlyContinue -ErrorVariable e -ErrorAction SilentlyContinue; "$($e.FullyQualifiedErrorId)"; "warning: $w"'

        $result.StdOut | Should -Match 'warning: .*belongs to another user'
        @(Invoke-TestEmulator -Emulator $other -Path '/_emulator/requests') | Should -BeNullOrEmpty
    }
}

Describe 'Signing out stays signed out' -Skip:$onWindows {
    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
        $script:configHome = (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "verifik-$([guid]::NewGuid().ToString('N'))")).FullName
        $script:savedFile = Join-Path $configHome 'verifik/token.json'
        $null = Copy-TestSignIn -Emulator $emulator -ConfigHome $configHome
        Test-Path -LiteralPath $savedFile | Should -BeTrue
    }

    AfterEach {
        Remove-Item -LiteralPath $configHome -Recurse -Force -ErrorAction Ignore
    }

    It 'leaves the saved sign-in when Disconnect-Verifik is given a session that did not save it' {
        $result = Invoke-Shell "`$s = New-VerifikSession; Disconnect-Verifik -Session `$s; Connect-Verifik -AccessToken '$(New-TestToken -Emulator $emulator)' -Session `$s; Disconnect-Verifik -Session `$s"

        $result.ExitCode | Should -Be 0
        Test-Path -LiteralPath $savedFile | Should -BeTrue
    }

    It 'is not brought back by the renewal of another shell that loaded it before the sign-out' {
        # The other shell is another pwsh: it loads the saved sign-in, waits while this one signs out, then renews.
        $marker = Join-Path $configHome 'signed-out'
        $pwsh = Get-PwshCommand
        $startInfo = [System.Diagnostics.ProcessStartInfo]::new($pwsh.FilePath)
        foreach ($argument in @($pwsh.ArgumentList) + @('-NoProfile', '-NonInteractive', '-Command', (
                    "Import-Module '$modulePath'; `$null = Get-VerifikToken -ErrorAction Stop; 'LOADED'; " +
                    "while (-not (Test-Path -LiteralPath '$marker')) { Start-Sleep -Milliseconds 50 }; " +
                    "`$null = Update-VerifikToken -PassThru -ErrorAction SilentlyContinue; 'DONE'"))) {
            $startInfo.ArgumentList.Add($argument)
        }
        $startInfo.Environment['XDG_CONFIG_HOME'] = $configHome
        $startInfo.Environment['VERIFIK_BASE_URL'] = $emulator.BaseUri
        $null = $startInfo.Environment.Remove('VERIFIK_ACCESS_TOKEN')
        $startInfo.UseShellExecute = $false
        $startInfo.RedirectStandardOutput = $true
        $startInfo.RedirectStandardError = $true
        $other = [System.Diagnostics.Process]::Start($startInfo)
        try {
            $errors = $other.StandardError.ReadToEndAsync()
            $other.StandardOutput.ReadLine() | Should -Be 'LOADED'

            $null = Invoke-Shell 'Disconnect-Verifik'
            $null = New-Item -ItemType File -Path $marker
            $rest = $other.StandardOutput.ReadToEnd()
            $other.WaitForExit(120000) | Should -BeTrue

            # Whether that shell renews in memory or has already followed the sign-out (SavedSignInLifecycle.Tests.ps1
            # tests following it) depends on when it next looks at the file; either way the file stays gone.
            $rest.Trim() | Should -Be 'DONE' -Because $errors.GetAwaiter().GetResult()
            Test-Path -LiteralPath $savedFile | Should -BeFalse
        }
        finally {
            if (-not $other.HasExited) { $other.Kill($true) }
            $other.Dispose()
        }
    }

    It 'is not brought back by a renewal racing Disconnect-Verifik in the same shell (40 rounds)' {
        $jwt = New-TestToken -Emulator $emulator
        $result = Invoke-Shell @"
`$back = 0
foreach (`$round in 1..40) {
    `$s = New-VerifikSession
    Connect-Verifik -AccessToken '$jwt' -Session `$s -Scope CurrentUser
    `$renewal = Start-ThreadJob { Update-VerifikToken -Session `$using:s }
    Start-Sleep -Milliseconds (Get-Random -Maximum 40)
    Disconnect-Verifik -Session `$s
    `$null = `$renewal | Wait-Job | Receive-Job -ErrorAction SilentlyContinue
    if (Test-Path -LiteralPath '$savedFile') { `$back++; Remove-Item -LiteralPath '$savedFile' }
}
"BACK `$back"
"@

        $result.StdOut | Should -Match 'BACK 0' -Because $result.StdErr
    }
}
