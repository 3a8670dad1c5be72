Set-StrictMode -Version Latest

<#
.SYNOPSIS
Returns the repository root: the folder that holds VerifikPs.sln.
#>
function Get-VerifikRepoRoot {
    [CmdletBinding()]
    [OutputType([string])]
    param()

    (Resolve-Path (Join-Path $PSScriptRoot '..')).ProviderPath
}

<#
.SYNOPSIS
Returns the path of the module folder that build.ps1 assembles (output/Verifik), or $env:VERIFIK_TEST_MODULE_PATH:
the test run points the files it does not measure at a copy of it, so that they run while the measured run
instruments output/Verifik.
#>
function Get-VerifikModulePath {
    [CmdletBinding()]
    [OutputType([string])]
    param()

    if ($env:VERIFIK_TEST_MODULE_PATH) { return $env:VERIFIK_TEST_MODULE_PATH }
    Join-Path (Get-VerifikRepoRoot) 'output/Verifik'
}

<#
.SYNOPSIS
Returns how to start a new pwsh like the current one: FilePath and the leading ArgumentList.
The dotnet tool runs pwsh as `dotnet pwsh.dll` and puts no pwsh on PATH, so the host is asked, not PATH.
#>
function Get-PwshCommand {
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        # Another copy of this pwsh to start (the build's compiled one for the tests); by default this one's.
        [string]$PwshHome = $PSHOME
    )

    $hostPath = (Get-Process -Id $PID).Path
    $pwshDll = Join-Path $PwshHome 'pwsh.dll'
    if ([System.IO.Path]::GetFileNameWithoutExtension($hostPath) -eq 'dotnet' -and (Test-Path -LiteralPath $pwshDll)) {
        return [pscustomobject]@{ FilePath = $hostPath; ArgumentList = [string[]]@($pwshDll) }
    }

    $appHost = Join-Path $PwshHome 'pwsh'
    if ($IsWindows) {
        $appHost += '.exe'
    }
    if (Test-Path -LiteralPath $appHost) {
        return [pscustomobject]@{ FilePath = $appHost; ArgumentList = [string[]]@() }
    }

    throw "Cannot find how to start pwsh: the host is '$hostPath' and '$PwshHome' has neither pwsh.dll nor an apphost."
}

<#
.SYNOPSIS
Returns the path of dotnet: from PATH, else the host itself when it runs pwsh as the dotnet tool.
#>
function Get-DotnetPath {
    $dotnet = Get-Command -Name dotnet -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($dotnet) {
        return $dotnet.Source
    }

    # Under the dotnet tool the host itself is dotnet, even when it is not on PATH.
    $hostPath = (Get-Process -Id $PID).Path
    if ([System.IO.Path]::GetFileNameWithoutExtension($hostPath) -eq 'dotnet') {
        return $hostPath
    }

    throw 'Cannot find dotnet on PATH.'
}

<#
.SYNOPSIS
Starts the built emulator (output/emulator) on a free loopback port and returns its BaseUri and Process.
Throws, with the emulator's stderr, when it has not said where it listens within 30 seconds.
-Address 127.0.0.2 starts a second, "other" host: Linux routes all of 127/8 to loopback, so it is another origin
on the same machine, and its request log shows whatever the module sent it.
#>
function Start-TestEmulator {
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [string]$AccountsFile,

        [ValidatePattern('^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$')]
        [string]$Address = '127.0.0.1',

        # Also point $env:VERIFIK_BASE_URL at it until Stop-TestEmulator puts the old value back.
        [switch]$AsDefault
    )

    $emulatorDll = Join-Path (Get-VerifikRepoRoot) 'output/emulator/Verifik.Emulator.dll'
    if (-not (Test-Path -LiteralPath $emulatorDll)) {
        throw "The emulator is not built: '$emulatorDll' is missing. Run 'dotnet pwsh ./build.ps1 -Task Build' first."
    }

    $startInfo = [System.Diagnostics.ProcessStartInfo]::new((Get-DotnetPath))
    foreach ($argument in @($emulatorDll, '--urls', "http://${Address}:0", '--quiet')) {
        $startInfo.ArgumentList.Add($argument)
    }
    if ($AccountsFile) {
        $startInfo.ArgumentList.Add('--accounts')
        $startInfo.ArgumentList.Add((Resolve-Path -LiteralPath $AccountsFile).ProviderPath)
    }
    $startInfo.UseShellExecute = $false
    $startInfo.RedirectStandardInput = $true
    $startInfo.RedirectStandardOutput = $true
    $startInfo.RedirectStandardError = $true
    $startInfo.WorkingDirectory = Split-Path $emulatorDll

    $process = [System.Diagnostics.Process]::Start($startInfo)
    # Both pipes are drained for the emulator's whole life; a full pipe would stall it.
    $stderr = $process.StandardError.ReadToEndAsync()
    $deadline = [DateTime]::UtcNow.AddSeconds(30)
    $baseUri = $null
    while (-not $baseUri) {
        $line = $process.StandardOutput.ReadLineAsync()
        $remaining = [TimeSpan]::FromTicks([Math]::Max(0, ($deadline - [DateTime]::UtcNow).Ticks))
        $problem = if (-not $line.Wait($remaining)) {
            'did not say where it listens within 30 seconds'
        }
        elseif ($null -eq $line.Result) {
            $ending = if ($process.WaitForExit(5000)) { "exited with code $($process.ExitCode)" } else { 'closed its output' }
            "$ending before it said where it listens"
        }
        if ($problem) {
            Stop-EmulatorProcess $process
            $null = $stderr.Wait([TimeSpan]::FromSeconds(5))
            $errorText = if ($stderr.IsCompleted) { $stderr.Result } else { '' }
            throw "The emulator $problem. Its stderr:$([Environment]::NewLine)$errorText"
        }
        if ($line.Result -match 'listening on (?<uri>http://\S+?)/?$') {
            $baseUri = $Matches.uri
        }
    }
    $null = $process.StandardOutput.ReadToEndAsync()

    $emulator = [pscustomobject]@{ BaseUri = $baseUri; Process = $process; IsDefault = [bool]$AsDefault; PreviousBaseUrl = $env:VERIFIK_BASE_URL; SignIns = @{} }
    if ($AsDefault) {
        $env:VERIFIK_BASE_URL = $baseUri
    }
    $emulator
}

function Stop-EmulatorProcess([System.Diagnostics.Process]$Process) {
    if (-not $Process.HasExited) {
        $Process.Kill($true)
        $null = $Process.WaitForExit(10000)
    }
    $Process.Dispose()
}

<#
.SYNOPSIS
Stops an emulator started by Start-TestEmulator: kills its process tree and releases the process, and puts back the
$env:VERIFIK_BASE_URL that -AsDefault replaced.
#>
function Stop-TestEmulator {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)]
        [pscustomobject]$Emulator
    )

    if ($Emulator.IsDefault) {
        $env:VERIFIK_BASE_URL = $Emulator.PreviousBaseUrl
    }
    Stop-EmulatorProcess $Emulator.Process
    foreach ($saved in $Emulator.SignIns.Values) {
        Remove-Item -LiteralPath $saved.Folder -Recurse -Force -ErrorAction Ignore
    }
}

<#
.SYNOPSIS
Gives -ConfigHome (an XDG_CONFIG_HOME) the saved sign-in of a token of the emulator, as Connect-Verifik -Scope
CurrentUser writes it, and returns the token. Saved once per emulator and lifetime by a fresh pwsh, then copied with
its modes: for tests that only need a saved sign-in before they start, not one saved by the shell under test.
Unix only (cp -a); the emulator's reset leaves its tokens valid.
#>
function Copy-TestSignIn {
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory)][pscustomobject]$Emulator, [Parameter(Mandatory)][string]$ConfigHome, [int]$LifetimeSeconds = 2592000)

    $saved = $Emulator.SignIns[$LifetimeSeconds]
    if (-not $saved) {
        $folder = (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "verifik-signin-$([guid]::NewGuid().ToString('N'))")).FullName
        $jwt = New-TestToken -Emulator $Emulator -LifetimeSeconds $LifetimeSeconds
        $saving = Invoke-FreshPwsh -Environment @{ XDG_CONFIG_HOME = $folder; VERIFIK_BASE_URL = $Emulator.BaseUri; VERIFIK_ACCESS_TOKEN = $null } `
            -Command "Import-Module '$(Get-VerifikModulePath)'; Connect-Verifik -AccessToken '$jwt' -Scope CurrentUser"
        if ($saving.ExitCode -ne 0 -or $saving.StdErr) {
            Remove-Item -LiteralPath $folder -Recurse -Force
            throw "Connect-Verifik -Scope CurrentUser failed (exit code $($saving.ExitCode)): $($saving.StdErr)"
        }
        $saved = $Emulator.SignIns[$LifetimeSeconds] = [pscustomobject]@{ Folder = $folder; Token = $jwt }
    }
    $null = New-Item -ItemType Directory -Path $ConfigHome -Force
    & cp -a (Join-Path $saved.Folder 'verifik') $ConfigHome
    if ($LASTEXITCODE -ne 0) {
        throw "cp -a of the saved sign-in into $ConfigHome failed with exit code $LASTEXITCODE."
    }
    $saved.Token
}

<#
.SYNOPSIS
Calls the emulator with Invoke-RestMethod and writes a JSON array's items one by one; -Body is sent as JSON.
#>
function Invoke-TestEmulator {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)]
        [pscustomobject]$Emulator,

        # A string, not [Microsoft.PowerShell.Commands.WebRequestMethod]: that type is there only once something has
        # loaded Microsoft.PowerShell.Utility, which a fresh pwsh that has only used Verifik has not.
        [string]$Method = 'Get',

        [Parameter(Mandatory)]
        [string]$Path,

        [hashtable]$Body
    )

    $request = @{
        Uri    = $Emulator.BaseUri + $Path
        Method = $Method
    }
    if ($PSBoundParameters.ContainsKey('Body')) {
        $request.Body = ConvertTo-Json -InputObject $Body -Depth 10 -Compress
        $request.ContentType = 'application/json'
    }
    # Invoke-RestMethod writes a JSON array as one object; unrolled, @(...).Count counts its items as a test expects.
    Invoke-RestMethod @request | ForEach-Object { $_ }
}

<#
.SYNOPSIS
Returns the newest one-time code that the emulator sent to an address (from its outbox); throws if none was sent.
#>
function Get-TestOtp {
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)]
        [pscustomobject]$Emulator,

        [Parameter(Mandatory)]
        [string]$To
    )

    $messages = @(Invoke-TestEmulator -Emulator $Emulator -Path "/_emulator/outbox?to=$([Uri]::EscapeDataString($To))")
    if ($messages.Count -eq 0) {
        throw "The emulator has sent no code to '$To'."
    }
    [string]$messages[-1].code
}

<#
.SYNOPSIS
Mints a token for an account of the emulator (POST /_emulator/tokens) and returns the JWT.
#>
function New-TestToken {
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)]
        [pscustomobject]$Emulator,

        [string]$Email = 'ana@example.com',

        [int]$LifetimeSeconds = 2592000
    )

    (Invoke-TestEmulator -Emulator $Emulator -Method POST -Path '/_emulator/tokens' -Body @{ email = $Email; lifetimeSeconds = $LifetimeSeconds }).accessToken
}

<#
.SYNOPSIS
Resets the emulator (POST /_emulator/reset) so that a test starts from its initial state.
#>
function Reset-TestEmulator {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)]
        [pscustomobject]$Emulator
    )

    $null = Invoke-TestEmulator -Emulator $Emulator -Method Post -Path '/_emulator/reset'
}

<#
.SYNOPSIS
Switches the emulator's behaviours (POST /_emulator/behaviour), such as @{ wrongOtp = 'otp_does_not_match' } or
@{ cooldownSeconds = 0 }; Reset-TestEmulator puts the startup ones back. Returns nothing.
#>
function Set-TestEmulatorBehaviour {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)]
        [pscustomobject]$Emulator,

        [Parameter(Mandatory)]
        [hashtable]$Behaviour
    )

    $null = Invoke-TestEmulator -Emulator $Emulator -Method Post -Path '/_emulator/behaviour' -Body $Behaviour
}

<#
.SYNOPSIS
Returns NuGet's global packages folder, as NuGet itself reports it (NUGET_PACKAGES or a NuGet.Config may move it).
#>
function Get-NuGetPackageFolder {
    [CmdletBinding()]
    [OutputType([string])]
    param()

    $localsLine = & (Get-DotnetPath) nuget locals global-packages --list
    if ($LASTEXITCODE -ne 0 -or "$localsLine" -notmatch '^global-packages:\s*(?<path>.+?)\s*$') {
        throw "Cannot find NuGet's global packages folder: 'dotnet nuget locals global-packages --list' said '$localsLine'."
    }
    $Matches.path
}

$IsolationVariables = @(
    'HOME', 'XDG_CONFIG_HOME', 'LOCALAPPDATA', 'NUGET_PACKAGES', 'DOTNET_CLI_HOME',
    'VERIFIK_TEST_HOME', 'VERIFIK_TEST_REAL_HOME', 'VERIFIK_TEST_REAL_XDG_CONFIG_HOME', 'VERIFIK_TEST_REAL_LOCALAPPDATA'
)

<#
.SYNOPSIS
Points HOME, XDG_CONFIG_HOME and LOCALAPPDATA of this process, and so of every process it starts, at a fresh temporary
folder, so that no test reads or writes the real user's saved sign-in whatever the code under test does.
.DESCRIPTION
Called once by each harness (Verifik.build.ps1's Suites task, tools/Invoke-PesterSuite.ps1); Exit-IsolatedHome undoes it. A
process that is already isolated keeps its folder, so a harness started by another one shares it. The real values are
kept in VERIFIK_TEST_REAL_HOME, VERIFIK_TEST_REAL_XDG_CONFIG_HOME and VERIFIK_TEST_REAL_LOCALAPPDATA for the test
that proves the real home untouched. NuGet's package folder and the dotnet CLI's home stay where they were: they hold
tools, not the user's sign-in, and moving them would download every package again.
#>
function Enter-IsolatedHome {
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param()

    $previous = @{}
    foreach ($name in $IsolationVariables) {
        $previous[$name] = [Environment]::GetEnvironmentVariable($name)
    }
    $isolation = [pscustomobject]@{ Folder = $env:VERIFIK_TEST_HOME; Previous = $previous; IsNested = $true }
    if ($env:VERIFIK_TEST_HOME -and $env:HOME -eq $env:VERIFIK_TEST_HOME) {
        return $isolation
    }

    if (-not $env:NUGET_PACKAGES) {
        $env:NUGET_PACKAGES = Get-NuGetPackageFolder
    }
    if (-not $env:DOTNET_CLI_HOME) {
        $env:DOTNET_CLI_HOME = [Environment]::GetFolderPath('UserProfile')
    }
    $env:VERIFIK_TEST_REAL_HOME = [Environment]::GetFolderPath('UserProfile')
    $env:VERIFIK_TEST_REAL_XDG_CONFIG_HOME = $env:XDG_CONFIG_HOME
    $env:VERIFIK_TEST_REAL_LOCALAPPDATA = [Environment]::GetFolderPath('LocalApplicationData')

    $folder = Join-Path ([IO.Path]::GetTempPath()) "verifik-home-$([guid]::NewGuid().ToString('N'))"
    $env:HOME = $folder
    $env:XDG_CONFIG_HOME = Join-Path $folder '.config'
    $env:LOCALAPPDATA = Join-Path $folder 'AppData/Local'
    $null = New-Item -ItemType Directory -Path $env:XDG_CONFIG_HOME, $env:LOCALAPPDATA
    $env:VERIFIK_TEST_HOME = $folder
    $isolation.Folder = $folder
    $isolation.IsNested = $false
    $isolation
}

<#
.SYNOPSIS
Puts back the variables that Enter-IsolatedHome changed and removes its folder (unless it was already isolated).
#>
function Exit-IsolatedHome {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)]
        [pscustomobject]$Isolation
    )

    if ($Isolation.IsNested) {
        return
    }
    foreach ($name in $Isolation.Previous.Keys) {
        [Environment]::SetEnvironmentVariable($name, $Isolation.Previous[$name])
    }
    Remove-Item -LiteralPath $Isolation.Folder -Recurse -Force -ErrorAction Ignore
}

<#
.SYNOPSIS
Runs a script (-Command) or a script file (-File) in a new pwsh process (-NoProfile -NonInteractive) and returns
its ExitCode, StdOut and StdErr. -Environment adds variables to the child's environment; a $null value removes one.
#>
function Invoke-FreshPwsh {
    [CmdletBinding(DefaultParameterSetName = 'Command')]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory, ParameterSetName = 'Command')]
        [string]$Command,

        [Parameter(Mandatory, ParameterSetName = 'File')]
        [string]$File,

        [hashtable]$Environment = @{},

        [string]$WorkingDirectory = (Get-VerifikRepoRoot),

        [ValidateRange(1, 3600)]
        [int]$TimeoutSeconds = 300
    )

    $pwsh = Get-PwshCommand
    $startInfo = [System.Diagnostics.ProcessStartInfo]::new($pwsh.FilePath)
    $script = if ($File) { @('-File', $File) } else { @('-Command', $Command) }
    foreach ($argument in @($pwsh.ArgumentList) + @('-NoProfile', '-NonInteractive') + $script) {
        $startInfo.ArgumentList.Add($argument)
    }
    foreach ($name in $Environment.Keys) {
        if ($null -eq $Environment[$name]) {
            $null = $startInfo.Environment.Remove($name)
        }
        else {
            $startInfo.Environment[$name] = [string]$Environment[$name]
        }
    }
    $startInfo.UseShellExecute = $false
    $startInfo.RedirectStandardInput = $true
    $startInfo.RedirectStandardOutput = $true
    $startInfo.RedirectStandardError = $true
    $startInfo.StandardOutputEncoding = [System.Text.Encoding]::UTF8
    $startInfo.StandardErrorEncoding = [System.Text.Encoding]::UTF8
    $startInfo.WorkingDirectory = $WorkingDirectory

    $process = [System.Diagnostics.Process]::Start($startInfo)
    try {
        $process.StandardInput.Close()
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit($TimeoutSeconds * 1000)) {
            $process.Kill($true)
            throw "The child pwsh did not finish within $TimeoutSeconds seconds: $script"
        }
        $process.WaitForExit()
        [pscustomobject]@{
            ExitCode = $process.ExitCode
            StdOut   = $stdout.GetAwaiter().GetResult()
            StdErr   = $stderr.GetAwaiter().GetResult()
        }
    }
    finally {
        $process.Dispose()
    }
}

<#
.SYNOPSIS
What a test that must cover every cmdlet has left out: each cmdlet the module exports is either covered by the
table or named in -Exceptions with the reason it needs no case; a name in neither (a new cmdlet) or a name the module
does not export (a renamed one) is returned. The cmdlets come from the assembled module itself (Get-Command), so a
new cmdlet fails each such table until someone classifies it there.
#>
function Get-UnclassifiedCmdlet {
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)][AllowEmptyCollection()][string[]]$Covered,
        [Parameter(Mandatory)][hashtable]$Exceptions
    )

    # Global and without -Force: a -Force import from inside this module would take the module's commands away from
    # the test that called it.
    $module = Import-Module (Get-VerifikModulePath) -PassThru -Global
    $exported = @($module.ExportedCmdlets.Keys)
    $classified = @($Covered) + @($Exceptions.Keys) | Sort-Object -Unique
    foreach ($name in $exported | Where-Object { $_ -notin $classified }) { "$name is neither covered nor an exception" }
    foreach ($name in $classified | Where-Object { $_ -notin $exported }) { "$name is not a cmdlet of the module" }
    foreach ($name in $Exceptions.Keys | Where-Object { [string]::IsNullOrWhiteSpace($Exceptions[$_]) }) { "$name is an exception without a reason" }
}

Export-ModuleMember -Function @(
    'Get-UnclassifiedCmdlet'
    'Get-VerifikRepoRoot'
    'Get-VerifikModulePath'
    'Get-PwshCommand'
    'Get-DotnetPath'
    'Start-TestEmulator'
    'Stop-TestEmulator'
    'Invoke-TestEmulator'
    'Get-TestOtp'
    'New-TestToken'
    'Reset-TestEmulator'
    'Set-TestEmulatorBehaviour'
    'Invoke-FreshPwsh'
    'Copy-TestSignIn'
    'Get-NuGetPackageFolder'
    'Enter-IsolatedHome'
    'Exit-IsolatedHome'
)
