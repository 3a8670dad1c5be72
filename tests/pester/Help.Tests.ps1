# Every exported cmdlet's help, as a user gets it after Import-Module: read in a fresh pwsh, because Get-Help keeps
# what it has read for the rest of a session. Cmdlets are discovered, so a new one without docs fails here.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force

    $readHelp = {
        $ErrorActionPreference = 'Stop'
        $module = Import-Module -Name $env:VERIFIK_TEST_MODULE -PassThru
        $commonParameters = [System.Management.Automation.Cmdlet]::CommonParameters
        $facts = foreach ($command in Get-Command -Module $module.Name -CommandType Cmdlet) {
            $help = Get-Help -Name $command.Name -Full
            [ordered]@{
                Name        = $command.Name
                HelpUri     = $command.HelpUri
                ProjectUri  = [string]$module.ProjectUri
                Synopsis    = [string]$help.Synopsis
                Description = (@($help.description | ForEach-Object Text) -join "`n")
                Examples    = @(foreach ($example in @($help.examples.example | Where-Object { $_ })) {
                        [ordered]@{ Title = ([string]$example.title).Trim('-', ' '); Code = [string]$example.code }
                    })
                Parameters  = @(foreach ($name in $command.Parameters.Keys | Where-Object { $_ -notin $commonParameters }) {
                        $entry = @($help.parameters.parameter) | Where-Object { $_ -and $_.name -eq $name }
                        [ordered]@{ Parameter = $name; Text = (@($entry.description | ForEach-Object Text) -join "`n"); Default = [string]$entry.defaultValue }
                    })
            }
        }
        ConvertTo-Json -InputObject @($facts) -Depth 6 -Compress
    }
    $run = Invoke-FreshPwsh -Command $readHelp.ToString() -Environment @{ VERIFIK_TEST_MODULE = (Get-VerifikModulePath) }
    if ($run.ExitCode -ne 0) {
        throw "Reading help in a fresh pwsh failed ($($run.ExitCode)): $($run.StdErr)"
    }
    $commands = @($run.StdOut | ConvertFrom-Json -AsHashtable)

    # The settings' defaults as the module holds them, so the help is checked against the one source.
    Import-Module (Get-VerifikModulePath)
    $defaults = foreach ($case in @(
            @{ Command = 'Connect-Verifik'; Parameter = 'Scope'; Expected = 'Process' }
            @{ Command = 'Confirm-VerifikOtp'; Parameter = 'Scope'; Expected = 'Process' }
            @{ Command = 'Connect-Verifik'; Parameter = 'Gateway'; Expected = 'Sms' }
            @{ Command = 'Request-VerifikOtp'; Parameter = 'Gateway'; Expected = 'Sms' }
            @{ Command = 'Invoke-VerifikRequest'; Parameter = 'Method'; Expected = 'GET' }
            @{ Command = 'New-VerifikSession'; Parameter = 'TimeoutSec'; Expected = "$([Verifik.SessionSettings]::DefaultTimeoutSec)" }
            @{ Command = 'New-VerifikSession'; Parameter = 'MaximumRetryCount'; Expected = "$([Verifik.SessionSettings]::DefaultMaximumRetryCount)" }
            @{ Command = 'Update-VerifikToken'; Parameter = 'PassThru'; Expected = 'False' }
            @{ Command = 'Confirm-VerifikOtp'; Parameter = 'Otp'; Expected = 'None' }
        )) {
        $facts = $commands | Where-Object { $_.Name -eq $case.Command }
        $case.Actual = ($facts.Parameters | Where-Object { $_.Parameter -eq $case.Parameter }).Default
        $case
    }
}

Describe 'Help for <Name>' -ForEach $commands {
    It 'has a synopsis of its own' {
        # Without a help file, Get-Help makes the synopsis from the syntax.
        $Synopsis.Trim() | Should -Not -BeNullOrEmpty
        $Synopsis | Should -Not -BeLike '*`[<CommonParameters>]*'
    }

    It 'has a description' {
        $Description.Trim() | Should -Not -BeNullOrEmpty
    }

    It 'has at least two examples, one of them using the token with Invoke-RestMethod' {
        $Examples.Count | Should -BeGreaterOrEqual 2
        @($Examples | Where-Object { $_.Code -match 'Invoke-RestMethod' }).Count | Should -BeGreaterOrEqual 1
    }

    It 'has example code that parses: <Title>' -ForEach $Examples {
        $parseErrors = $null
        $null = [System.Management.Automation.Language.Parser]::ParseInput($Code, [ref]$null, [ref]$parseErrors)
        $parseErrors | Should -BeNullOrEmpty
        $Code.Trim() | Should -Not -BeNullOrEmpty
    }

    It 'describes -<Parameter>' -ForEach $Parameters {
        $Text.Trim() | Should -Not -BeNullOrEmpty
    }

    It 'links Get-Help -Online to its page in the project''s docs' {
        $HelpUri | Should -Be "$ProjectUri/blob/main/docs/en-US/$Name.md"
        Join-Path (Get-VerifikRepoRoot) "docs/en-US/$Name.md" | Should -Exist
    }
}

Describe 'Help shows the true default of -<Parameter> of <Command>' -ForEach $defaults {
    It 'is <Expected>' {
        $Actual | Should -Be $Expected
    }
}

Describe 'about_Verifik' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
        $run = Invoke-FreshPwsh -Environment @{ VERIFIK_TEST_MODULE = (Get-VerifikModulePath) } -Command @'
$ErrorActionPreference = 'Stop'
Import-Module -Name $env:VERIFIK_TEST_MODULE
Get-Help -Name about_Verifik | Out-String -Width 120
'@
    }

    It 'is found by Get-Help after Import-Module' {
        $run.StdErr | Should -BeNullOrEmpty
        $run.ExitCode | Should -Be 0
        $run.StdOut | Should -Match '(?m)^TOPIC\s+about_Verifik'
    }

    It 'explains sessions and the base URI order with VERIFIK_BASE_URL' {
        $run.StdOut | Should -Match '(?m)^SESSIONS'
        $run.StdOut | Should -Match 'VERIFIK_BASE_URL'
        $run.StdOut | Should -Match 'https://api\.verifik\.co'
    }
}

Describe 'How long a token lasts' {
    # The emulator issues calendar months, as Verifik's tokens run (Emulator/TokenTests): the pages say so too, and
    # none promises the "30-day" token that shows as 30d 23h in a 31-day month.
    It '<Page> says "a month", never a 30-day token' -ForEach @(
        foreach ($page in @(Get-Item (Join-Path $PSScriptRoot '../../README.md'), (Join-Path $PSScriptRoot '../../docs/security.md')) + @(Get-ChildItem (Join-Path $PSScriptRoot '../../docs/en-US') -Filter *.md)) {
            @{ Page = $page.Name; Path = $page.FullName }
        }
    ) {
        Get-Content -LiteralPath $Path -Raw | Should -Not -Match '30-day|valid (for )?30 days'
    }
}

# The documents put RenewWithin's bounds and its automatic value in words; SessionSettings is where they are decided.
Describe 'RenewWithin as the documents state it' {
    BeforeAll {
        $settings = [Verifik.SessionSettings]
        $minutes = $settings::MinRenewWithin.TotalMinutes
        $script:bounds = "from $minutes minute$(if ($minutes -ne 1) { 's' }) to $($settings::MaxRenewWithin.TotalDays) days"
        $script:automatic = "$($settings::DefaultSavedRenewWithin.TotalDays) days"
    }

    It 'gives SessionSettings'' bounds and automatic value wherever <File> states them' -ForEach @(
        @('README.md') + @(Get-ChildItem -Path (Join-Path $PSScriptRoot '../../docs/en-US') -Filter '*.md' | ForEach-Object { "docs/en-US/$($_.Name)" }) |
            ForEach-Object { @{ File = $_ } }
    ) {
        $text = Get-Content -Raw -LiteralPath (Join-Path (Get-VerifikRepoRoot) $File)

        @([regex]::Matches($text, 'from \d+ minutes? to \d+ days').Value | Where-Object { $_ -ne $bounds }) | Should -BeNullOrEmpty
        @([regex]::Matches($text, '\d+ days(?= by default| for a token from)').Value | Where-Object { $_ -ne $automatic }) | Should -BeNullOrEmpty
    }

    It 'states them in <File>' -ForEach @(
        @{ File = 'README.md' }, @{ File = 'docs/en-US/about_Verifik.md' }, @{ File = 'docs/en-US/New-VerifikSession.md' }
    ) {
        $text = Get-Content -Raw -LiteralPath (Join-Path (Get-VerifikRepoRoot) $File)
        $text.Contains($bounds) | Should -BeTrue
        $text.Contains("$automatic for a token from") | Should -BeTrue
    }
}
