<#
.SYNOPSIS
The warm-process half of the benchmarks (rows 4, 5 and 6), run by Invoke-Benchmark.ps1 in a fresh pwsh of its own.
.DESCRIPTION
Imports the module and the minimal module, then times, in this one warm process:
  4. Request-VerifikOtp and Confirm-VerifikOtp against the same requests made with one reused
     System.Net.Http.HttpClient called from a compiled cmdlet (the minimal module's Send-BenchRequest), and, for
     information, from PowerShell script and with Invoke-RestMethod (with and without -WebSession);
  5. Get-VerifikToken -AsHeader against the minimal module's no-op cmdlet;
  6. many calls in a row, counting the TCP connections the emulator accepted and the managed memory kept.
Each trial times a batch of calls of one alternative; the alternatives take turns within a trial, in an order that
rotates from trial to trial, so that noise falls on all of them alike. Writes the raw numbers to -ResultPath as JSON.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string]$BaseUri,

    [Parameter(Mandatory)]
    [string]$ModulePath,

    [Parameter(Mandatory)]
    [string]$MinimalModulePath,

    [Parameter(Mandatory)]
    [string]$ResultPath,

    [ValidateRange(1, 1000)]
    [int]$Trials = 15,

    [ValidateRange(1, 10000)]
    [int]$CallsPerTrial = 20,

    [ValidateRange(1, 1000000)]
    [int]$HotCallsPerTrial = 2000,

    [ValidateRange(1, 1000000)]
    [int]$SteadyCalls = 10000
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$Email = 'ana@example.com'
$env:VERIFIK_BASE_URL = $BaseUri
Import-Module $ModulePath
Import-Module $MinimalModulePath

# Control calls (outbox, faults, stats) go through their own client, each on a new connection that is closed after
# the answer: the emulator then counts exactly one connection per control call, which row 6 subtracts.
$control = [System.Net.Http.HttpClient]::new()

function Invoke-Control([System.Net.Http.HttpMethod]$Method, [string]$Path, [string]$Json) {
    $message = [System.Net.Http.HttpRequestMessage]::new($Method, "$BaseUri$Path")
    $message.Headers.ConnectionClose = $true
    if ($Json) {
        $message.Content = [System.Net.Http.StringContent]::new($Json, [System.Text.Encoding]::UTF8, 'application/json')
    }
    $response = $control.SendAsync($message).GetAwaiter().GetResult()
    $text = $response.Content.ReadAsStringAsync().GetAwaiter().GetResult()
    if (-not $response.IsSuccessStatusCode) {
        throw "$Method $Path answered $([int]$response.StatusCode): $text"
    }
    $text | ConvertFrom-Json
}

function Get-WarmUpCount([int]$Count) { [Math]::Min($Count, 5) }

function Measure-Batch([scriptblock]$Batch, [int]$Count) {
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    & $Batch $Count
    $clock.Stop()
    $clock.Elapsed.TotalMilliseconds / $Count
}

<#
Runs every alternative $Trials times, $Count calls a batch, in a rotating order; returns, per alternative, the
milliseconds per call of each trial. One untimed batch each first pays for JIT compilation and connection set-up.
#>
function Measure-Interleaved([System.Collections.Specialized.OrderedDictionary]$Alternatives, [int]$Count) {
    $names = @($Alternatives.Keys)
    $results = [ordered]@{}
    foreach ($name in $names) {
        $null = Measure-Batch $Alternatives[$name] (Get-WarmUpCount $Count)
        $results[$name] = [System.Collections.Generic.List[double]]::new()
    }
    for ($trial = 0; $trial -lt $Trials; $trial++) {
        for ($turn = 0; $turn -lt $names.Count; $turn++) {
            $name = $names[($trial + $turn) % $names.Count]
            $results[$name].Add((Measure-Batch $Alternatives[$name] $Count))
        }
    }
    $results
}

# --- 4. Sign-in calls -------------------------------------------------------------------------------------------
$requestUri = "$BaseUri/v2/projects/email-login?email=$([Uri]::EscapeDataString($Email))"
$confirmUri = "$BaseUri/v2/projects/email-login/confirm"
$confirmJson = ConvertTo-Json -Compress -InputObject @{ email = $Email; otp = '123456' }
$webSession = [Microsoft.PowerShell.Commands.WebRequestSession]::new()
$client = [System.Net.Http.HttpClient]::new()

function Send-WithHttpClient([string]$Uri, [string]$Json) {
    $message = [System.Net.Http.HttpRequestMessage]::new([System.Net.Http.HttpMethod]::Post, $Uri)
    $message.Headers.Accept.ParseAdd('application/json')
    if ($Json) {
        $message.Content = [System.Net.Http.StringContent]::new($Json, [System.Text.Encoding]::UTF8, 'application/json')
    }
    $response = $client.SendAsync($message).GetAwaiter().GetResult()
    $text = $response.Content.ReadAsStringAsync().GetAwaiter().GetResult()
    $succeeded = $response.IsSuccessStatusCode
    $response.Dispose()
    $message.Dispose()
    if (-not $succeeded) {
        throw "HttpClient: POST $Uri failed: $text"
    }
    $text
}

$requestAlternatives = [ordered]@{
    Module       = { param($n) for ($i = 0; $i -lt $n; $i++) { $null = Request-VerifikOtp -Email $Email } }
    Irm          = { param($n) for ($i = 0; $i -lt $n; $i++) { $null = Invoke-RestMethod -Method Post -Uri $requestUri } }
    IrmSession   = { param($n) for ($i = 0; $i -lt $n; $i++) { $null = Invoke-RestMethod -Method Post -Uri $requestUri -WebSession $webSession } }
    HttpClient   = { param($n) for ($i = 0; $i -lt $n; $i++) { $null = Send-WithHttpClient $requestUri $null } }
    Compiled     = { param($n) for ($i = 0; $i -lt $n; $i++) { $null = Send-BenchRequest $requestUri } }
}
$confirmAlternatives = [ordered]@{
    Module       = { param($n) for ($i = 0; $i -lt $n; $i++) { $null = Confirm-VerifikOtp -Email $Email -Otp 123456 } }
    Irm          = { param($n) for ($i = 0; $i -lt $n; $i++) { $null = Invoke-RestMethod -Method Post -Uri $confirmUri -Body $confirmJson -ContentType 'application/json' } }
    IrmSession   = { param($n) for ($i = 0; $i -lt $n; $i++) { $null = Invoke-RestMethod -Method Post -Uri $confirmUri -Body $confirmJson -ContentType 'application/json' -WebSession $webSession } }
    HttpClient   = { param($n) for ($i = 0; $i -lt $n; $i++) { $null = Send-WithHttpClient $confirmUri $confirmJson } }
    Compiled     = { param($n) for ($i = 0; $i -lt $n; $i++) { $null = Send-BenchRequest $confirmUri -Json $confirmJson } }
}

# The timed loops ask for many codes for one address: Verifik's cooldown between codes would refuse all but the first.
$null = Invoke-Control Post '/_emulator/behaviour' '{"cooldownSeconds":0}'

# Every alternative must get the answer it is timed for, or the numbers mean nothing.
$requested = Request-VerifikOtp -Email $Email
if ($requested.Email -ne $Email) { throw "Request-VerifikOtp answered for '$($requested.Email)'." }
if ((Invoke-RestMethod -Method Post -Uri $requestUri -WebSession $webSession).data.status -ne 'sent') { throw 'Invoke-RestMethod: the code was not sent.' }
if ((Send-WithHttpClient $requestUri $null | ConvertFrom-Json).data.status -ne 'sent') { throw 'HttpClient: the code was not sent.' }
if ((Send-BenchRequest $requestUri | ConvertFrom-Json).data.status -ne 'sent') { throw 'Send-BenchRequest: the code was not sent.' }

$requestTimes = Measure-Interleaved $requestAlternatives $CallsPerTrial

# Each confirm needs a pending code. Rather than read one from the outbox inside the timed loop, the emulator is
# told to answer every confirm with one prepared token, so all alternatives send and receive the same bytes.
$accessToken = (Invoke-Control Post '/_emulator/tokens' (ConvertTo-Json -Compress @{ email = $Email })).accessToken
$tokenBody = ConvertTo-Json -Compress -InputObject @{ data = @{ accessToken = $accessToken; tokenType = 'bearer' } }
$confirmCount = $confirmAlternatives.Count + $confirmAlternatives.Count * ((Get-WarmUpCount $CallsPerTrial) + $Trials * $CallsPerTrial)
$null = Invoke-Control Post '/_emulator/faults' (ConvertTo-Json -Compress @{
        path = '/v2/projects/email-login/confirm'; method = 'POST'; status = 200; body = $tokenBody; times = $confirmCount
    })
try {
    $confirmed = Confirm-VerifikOtp -Email $Email -Otp 123456
    if ($confirmed.Email -ne $Email) { throw "Confirm-VerifikOtp answered for '$($confirmed.Email)'." }
    if ((Get-VerifikToken -AsPlainText) -ne $accessToken) { throw 'Confirm-VerifikOtp did not keep the prepared token.' }
    if ((Invoke-RestMethod -Method Post -Uri $confirmUri -Body $confirmJson -ContentType 'application/json').data.accessToken -ne $accessToken) { throw 'Invoke-RestMethod: not the prepared token.' }
    if ((Invoke-RestMethod -Method Post -Uri $confirmUri -Body $confirmJson -ContentType 'application/json' -WebSession $webSession).data.accessToken -ne $accessToken) { throw 'Invoke-RestMethod -WebSession: not the prepared token.' }
    if ((Send-WithHttpClient $confirmUri $confirmJson | ConvertFrom-Json).data.accessToken -ne $accessToken) { throw 'HttpClient: not the prepared token.' }
    if ((Send-BenchRequest $confirmUri -Json $confirmJson | ConvertFrom-Json).data.accessToken -ne $accessToken) { throw 'Send-BenchRequest: not the prepared token.' }

    $confirmTimes = Measure-Interleaved $confirmAlternatives $CallsPerTrial
}
finally {
    $null = Invoke-Control Delete '/_emulator/faults'
}

# --- 5. Hot path ------------------------------------------------------------------------------------------------
$hotAlternatives = [ordered]@{
    Module = { param($n) for ($i = 0; $i -lt $n; $i++) { $null = Get-VerifikToken -AsHeader } }
    NoOp   = { param($n) for ($i = 0; $i -lt $n; $i++) { $null = Invoke-BenchNoOp -AsHeader } }
}
if ((Get-VerifikToken -AsHeader).Authorization -ne "Bearer $accessToken") { throw 'Get-VerifikToken -AsHeader returned another header.' }
$hotTimes = Measure-Interleaved $hotAlternatives $HotCallsPerTrial

# --- 6. Steadiness ----------------------------------------------------------------------------------------------
if (Get-Command -Name Invoke-VerifikRequest -Module Verifik -ErrorAction Ignore) {
    $steadyCommand = "Invoke-VerifikRequest -Path '/v2/clients/me'"
    $steadyBatch = { param($n) for ($i = 0; $i -lt $n; $i++) { $null = Invoke-VerifikRequest -Path '/v2/clients/me' } }
}
else {
    $steadyCommand = "Request-VerifikOtp -Email $Email"
    $steadyBatch = { param($n) for ($i = 0; $i -lt $n; $i++) { $null = Request-VerifikOtp -Email $Email } }
}
& $steadyBatch ([Math]::Min($SteadyCalls, 100))

$connectionsBefore = [long](Invoke-Control Get '/_emulator/stats').connections
$memoryBefore = [GC]::GetTotalMemory($true)
$clock = [System.Diagnostics.Stopwatch]::StartNew()
& $steadyBatch $SteadyCalls
$clock.Stop()
$memoryAfter = [GC]::GetTotalMemory($true)
# The second stats call is itself one new connection (see Invoke-Control); the first was counted before it.
$connectionsOpened = [long](Invoke-Control Get '/_emulator/stats').connections - $connectionsBefore - 1

[ordered]@{
    Request = $requestTimes
    Confirm = $confirmTimes
    Hot     = $hotTimes
    Steady  = [ordered]@{
        Command           = $steadyCommand
        Calls             = $SteadyCalls
        Seconds           = $clock.Elapsed.TotalSeconds
        ConnectionsOpened = $connectionsOpened
        MemoryBefore      = $memoryBefore
        MemoryAfter       = $memoryAfter
    }
} | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $ResultPath -Encoding utf8
