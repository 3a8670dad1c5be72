# What a user sees of the module's objects: every column is a property, one time convention, and a session that
# tells the truth about who is signed in and where requests go.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
    Import-Module (Get-VerifikModulePath) -Force
    $script:emulator = Start-TestEmulator -AsDefault

    function Connect-Email([string]$Email, $Session) {
        $null = Request-VerifikOtp -Email $Email -Session $Session
        Confirm-VerifikOtp -Email $Email -Otp (Get-TestOtp -Emulator $emulator -To $Email) -Session $Session
    }

    # Every column or list entry of every view, with the type it shows.
    $formatFile = [xml](Get-Content -Raw -LiteralPath (Join-Path (Get-VerifikRepoRoot) 'Verifik.Format.ps1xml'))
    $script:columns = foreach ($view in $formatFile.Configuration.ViewDefinitions.View) {
        $names = if ($view.TableControl) {
            $view.TableControl.TableHeaders.TableColumnHeader | ForEach-Object { $_.Label }
        }
        else {
            $view.ListControl.ListEntries.ListEntry.ListItems.ListItem | ForEach-Object { if ($_.PropertyName) { $_.PropertyName } else { $_.Label } }
        }
        foreach ($name in $names) { [pscustomobject]@{ Type = $view.ViewSelectedBy.TypeName; Column = $name } }
    }
}

AfterAll {
    Stop-TestEmulator -Emulator $emulator
}

Describe 'Views' {
    BeforeAll {
        Reset-TestEmulator -Emulator $emulator
        $session = New-VerifikSession
        $request = Request-VerifikOtp -Email ana@example.com -Session $session
        $token = Confirm-VerifikOtp -Email ana@example.com -Otp (Get-TestOtp -Emulator $emulator -To 'ana@example.com') -Session $session
        $script:samples = @{ 'Verifik.Token' = $token; 'Verifik.OtpRequest' = $request; 'Verifik.Session' = $session }
    }

    It 'names only properties in its columns, so Select-Object and Sort-Object by them work' {
        $columns.Count | Should -BeGreaterThan 10
        foreach ($column in $columns) {
            $sample = $samples[$column.Type]
            $sample.PSObject.Properties[$column.Column] | Should -Not -BeNullOrEmpty -Because "$($column.Type) shows a column $($column.Column)"
        }
    }

    It 'lists every setting a session has, so a new one is not left out of its view' {
        $settings = [Verifik.SessionSettings].GetProperties() | Where-Object CanWrite | ForEach-Object Name
        $listed = $columns | Where-Object Type -EQ 'Verifik.Session' | ForEach-Object Column
        $settings.Count | Should -BeGreaterThan 4
        $settings | Where-Object { $_ -notin $listed } | Should -BeNullOrEmpty
    }

    It 'shows the address of an email sign-in and who a phone or adopted token belongs to' {
        $samples['Verifik.Token'].SignedInAs | Should -Be 'ana@example.com'
        $samples['Verifik.OtpRequest'].SentTo | Should -Be 'ana@example.com'
        $adopted = New-VerifikSession
        Connect-Verifik -Session $adopted -AccessToken (Invoke-TestEmulator -Emulator $emulator -Method POST -Path '/_emulator/tokens' -Body @{ email = 'bob+ops@example.com' }).accessToken

        $adopted.SignedInAs | Should -Be "client $($adopted.ClientId)"
        $adopted.Email | Should -BeNullOrEmpty
    }

    It 'shows every time in local time with its UTC offset, in tables and lists alike' {
        $rendered = foreach ($sample in $samples.Values) {
            $sample | Format-Table | Out-String -Width 300
            $sample | Format-List | Out-String -Width 300
        }
        $text = $rendered -join "`n"
        $dates = [regex]::Matches($text, '\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d)?( ?[+-]\d\d:\d\d|Z)?')

        $dates.Count | Should -BeGreaterThan 5
        $dates | ForEach-Object { $_.Value | Should -Match '([+-]\d\d:\d\d|Z)$' }
        $text | Should -Not -Match '\d{1,2}/\d{1,2}/\d{4}'
    }
}

Describe 'The session tells the truth about who is signed in' {
    BeforeEach {
        Reset-TestEmulator -Emulator $emulator
        $session = New-VerifikSession
        $null = Connect-Email ana@example.com $session
    }

    It 'still names the signed-in account after a code is requested for another address' {
        $null = Request-VerifikOtp -Email bob+ops@example.com -Session $session

        $session.SignedInAs | Should -Be 'ana@example.com'
        $session.Email | Should -Be 'ana@example.com'
    }

    It 'names the phone after a phone sign-in, and no longer the earlier address' {
        $null = Request-VerifikOtp -Phone 3001234567 -CountryCode 57 -Session $session
        $null = Confirm-VerifikOtp -Phone 3001234567 -CountryCode 57 -Otp (Get-TestOtp -Emulator $emulator -To '+57 3001234567') -Session $session

        $session.SignedInAs | Should -Be '+57 3001234567'
        $session.Email | Should -BeNullOrEmpty
        $session.Phone | Should -Be '3001234567'
    }

    It 'names nobody after Disconnect-Verifik' {
        Disconnect-Verifik -Session $session

        $session.SignedInAs | Should -BeNullOrEmpty
        $session.Email | Should -BeNullOrEmpty
        $session.IsConnected | Should -BeFalse
    }

    It 'stops saying it is connected once Verifik refuses the token' {
        $null = Invoke-RestMethod -Method Post "$($emulator.BaseUri)/v2/auth/renew-and-revoke" -Headers (Get-VerifikToken -Session $session -AsHeader)

        $null = Invoke-VerifikRequest /v2/clients/me -Session $session -ErrorAction SilentlyContinue -ErrorVariable refused

        $refused[0].FullyQualifiedErrorId | Should -BeLike 'Verifik.Unauthorized,*'
        $session.IsConnected | Should -BeFalse
    }

    It 'shows where requests go: the session''s BaseUri, else the token''s issuer, else $env:VERIFIK_BASE_URL' {
        $session.EffectiveBaseUri.AbsoluteUri | Should -Be ([uri]$emulator.BaseUri).AbsoluteUri
        (New-VerifikSession).EffectiveBaseUri.AbsoluteUri | Should -Be ([uri]$emulator.BaseUri).AbsoluteUri
        (New-VerifikSession -BaseUri https://staging.example.com).EffectiveBaseUri.AbsoluteUri | Should -Be 'https://staging.example.com/'
    }
}
