<#
.SYNOPSIS
The build's tasks, run by Invoke-Build (build.ps1 restores it and names the task): `Invoke-Build ?` lists them.
#>
param(
    [string]$Configuration = 'Release',
    # NuGet's global packages folder and the versions of the restored tools (Directory.Packages.props), from build.ps1.
    [string]$PackageRoot,
    [string]$PesterVersion,
    [string]$CoverletVersion
)

Set-StrictMode -Version Latest
Import-Module (Join-Path $BuildRoot 'tools/Verifik.TestHelpers.psm1') -Force
Import-Module (Join-Path $BuildRoot 'tools/ChildPwsh.psm1') -Force

$OutputRoot = Join-Path $BuildRoot 'output'
$ModuleOutput = Join-Path $OutputRoot 'Verifik'
$EmulatorOutput = Join-Path $OutputRoot 'emulator'
$TestResults = Join-Path $OutputRoot 'test-results'
$Pwsh = Get-PwshCommand

function Reset-Folder([string]$Path) {
    Remove-Item -LiteralPath $Path -Recurse -Force -ErrorAction Ignore
    $null = New-Item -ItemType Directory -Path $Path
}

function Invoke-ChildPwsh([string]$File, [object[]]$Arguments) {
    # A child pwsh, so that the module's DLLs never load into the build.
    exec { & $Pwsh.FilePath @($Pwsh.ArgumentList) -NoProfile -NonInteractive -File $File @Arguments | Out-Host }
}

function New-SuiteResult([string]$Name, [int]$Passed = 0, [int]$Failed = 0, [int]$Skipped = 0) {
    [pscustomobject]@{ Name = $Name; Passed = $Passed; Failed = $Failed; Skipped = $Skipped }
}

# What Compile builds, in one `dotnet build` so that MSBuild compiles the projects side by side: the module, the
# emulator and the help compiler, or the whole solution once TestProjects has run.
$Projects = 'tools/Product.slnf'

# Synopsis: Have Compile build the xUnit suite too (the whole solution), in the same dotnet build as the module.
task TestProjects {
    $script:Projects = 'VerifikPs.sln'
}

# A task that runs the xUnit suite runs it as compiled now, never a stale build.
function Assert-TestProjects {
    assert ($Projects -eq 'VerifikPs.sln') 'The xUnit suite was not compiled: a task before this one compiled the product alone. Run it on its own.'
}

# Synopsis: Compile the module, the emulator and the help compiler (and the xUnit suite after TestProjects).
task Compile {
    exec { dotnet build (Join-Path $BuildRoot $Projects) -c $Configuration --nologo -v minimal }
}

# Synopsis: Assemble output/Verifik: the module's DLLs, manifest, views, notices and compiled help.
task Module Compile, {
    $publishFolder = Join-Path $OutputRoot 'publish/Verifik'
    Reset-Folder $publishFolder
    exec { dotnet publish (Join-Path $BuildRoot 'src/Verifik') -c $Configuration --no-build --nologo -o $publishFolder }

    # The dependency DLLs are for Windows PowerShell 5.1; PowerShell provides System.Management.Automation itself.
    Reset-Folder $ModuleOutput
    Get-ChildItem -LiteralPath $publishFolder -Filter '*.dll' | Where-Object Name -NE 'System.Management.Automation.dll' |
        Copy-Item -Destination $ModuleOutput
    # The import-time check of the floors, built for .NET Framework 4.6.2 so that it loads where Verifik.dll cannot.
    Copy-Item -LiteralPath (Join-Path $BuildRoot "src/Verifik.Requirements/bin/$Configuration/net462/Verifik.Requirements.dll") -Destination $ModuleOutput
    foreach ($file in 'Verifik.psd1', 'Verifik.Format.ps1xml', 'LICENSE') {
        Copy-Item -LiteralPath (Join-Path $BuildRoot $file) -Destination $ModuleOutput
    }
    & (Join-Path $BuildRoot 'tools/Set-ReleaseNotes.ps1') -ManifestPath (Join-Path $ModuleOutput 'Verifik.psd1') `
        -ChangelogPath (Join-Path $BuildRoot 'CHANGELOG.md')
    & (Join-Path $BuildRoot 'tools/New-ThirdPartyNotices.ps1') -ModulePath $ModuleOutput `
        -DepsJsonPath (Join-Path $publishFolder 'Verifik.deps.json') -PackagesFolder $PackageRoot

    # Syntax, types and binding facts come from the cmdlets as PowerShell sees them, read in a child pwsh.
    $metadata = Join-Path $OutputRoot 'help-metadata.json'
    Invoke-ChildPwsh (Join-Path $BuildRoot 'tools/HelpCompiler/Export-CommandMetadata.ps1') @('-ModulePath', $ModuleOutput, '-Path', $metadata)
    exec {
        dotnet (Join-Path $BuildRoot "tools/HelpCompiler/bin/$Configuration/HelpCompiler.dll") --metadata $metadata --docs (Join-Path $BuildRoot 'docs/en-US') `
            --module Verifik --out (Join-Path $ModuleOutput 'en-US')
    }
}

# Synopsis: Publish the emulator to output/emulator.
task Emulator Compile, {
    Reset-Folder $EmulatorOutput
    exec { dotnet publish (Join-Path $BuildRoot 'src/Verifik.Emulator') -c $Configuration --no-build --nologo -o $EmulatorOutput }
}

# Synopsis: Build everything: output/Verifik, output/emulator and the test projects.
task Build TestProjects, Module, Emulator

# Synopsis: Sign in to a local emulator with the built module, step by step, then say how to try it by hand.
task Demo Module, Emulator, {
    $emulator = Start-TestEmulator -AsDefault
    try {
        Write-Build Cyan "The emulator listens on $($emulator.BaseUri); the module is pointed at it with VERIFIK_BASE_URL."
        Invoke-ChildPwsh (Join-Path $BuildRoot 'tools/demo.ps1')
    }
    finally {
        Stop-TestEmulator -Emulator $emulator
    }
    # The README's block is the one source of these lines.
    $readme = Get-Content -LiteralPath (Join-Path $BuildRoot 'README.md') -Raw
    if ($readme -notmatch '(?s)<!-- try-it-by-hand -->\s*```powershell\s*(?<block>.+?)\s*```\s*<!-- /try-it-by-hand -->') {
        throw 'README.md has no try-it-by-hand block.'
    }
    Write-Host ''
    Write-Build Yellow "Try it by hand (README.md, 'Try it by hand'):"
    Write-Host $Matches.block
}

$TestPwshHome = Join-Path $OutputRoot 'test-pwsh'

# Synopsis: Start copying the pinned pwsh to output/test-pwsh with its assemblies compiled ahead of time (Suites waits).
task StartTestPwsh {
    $null = New-Item -ItemType Directory -Force -Path $OutputRoot
    $script:TestPwshChild = Start-ChildPwsh -Name 'Test pwsh' -File (Join-Path $BuildRoot 'tools/New-TestPwsh.ps1') `
        -LogPath (Join-Path $OutputRoot 'test-pwsh.log') -ArgumentList @('-Source', $PSHOME, '-Destination', $TestPwshHome)
}

# A build that stopped half way leaves no child of it running.
Exit-Build {
    foreach ($child in @(Get-Variable -Name TestPwshChild -Scope Script -ValueOnly -ErrorAction Ignore)) {
        if (-not $child.Process.HasExited) { $child.Process.Kill($true) }
    }
}

# Synopsis: Run the xUnit, Mono and Pester suites once, with line and branch coverage measured on that run.
task Suites StartTestPwsh, Build, {
    # The Pester runs start in the compiled copy, and so does every pwsh they start (Get-PwshCommand follows $PSHOME);
    # New-TestPwsh.ps1 leaves none when it cannot make one, and they start in this pwsh.
    Assert-TestProjects
    if ((Wait-ChildPwsh $TestPwshChild) -ne 0) { Write-Warning 'tools/New-TestPwsh.ps1 failed (its output is above): the tests run in the pinned pwsh.' }
    $script:TestPwsh = Get-PwshCommand -PwshHome $(if (Test-Path -LiteralPath (Join-Path $TestPwshHome 'test-pwsh.stamp')) { $TestPwshHome } else { $PSHOME })
    Reset-Folder $TestResults
    # Every suite, and every process it starts, sees a temporary home: no test touches the real user's sign-in.
    $isolation = Enter-IsolatedHome
    try {
        # Side by side, since each leaves a core idle much of the time: the Mono suites and the unmeasured Pester
        # files all along, xUnit, then the measured Pester run. It instruments output/Verifik in place, so the other
        # two get a copy of the module as built.
        $asBuilt = Join-Path $OutputRoot 'as-built/Verifik'
        Reset-Folder $asBuilt
        Copy-Item -Path (Join-Path $ModuleOutput '*') -Destination $asBuilt -Recurse
        $mono = Start-ChildPwsh -Name 'Mono suites' -File (Join-Path $BuildRoot 'tools/mono/Invoke-MonoSuites.ps1') `
            -LogPath (Join-Path $TestResults 'mono.log') -ArgumentList @('-ModulePath', $asBuilt, '-OutputPath', (Join-Path $OutputRoot 'mono'),
            '-Configuration', $Configuration, '-ResultPath', (Join-Path $TestResults 'mono.json'))
        $env:VERIFIK_TEST_MODULE_PATH = $asBuilt
        try {
            $unmeasured = Start-ChildPwsh -Name 'Pester, unmeasured' -Pwsh $TestPwsh -File (Join-Path $BuildRoot 'tools/Invoke-PesterSuite.ps1') `
                -LogPath (Join-Path $TestResults 'pester-unmeasured.log') -ArgumentList (Get-PesterArgument 'pester-unmeasured' $UnmeasuredPester)
        }
        finally {
            $env:VERIFIK_TEST_MODULE_PATH = $null
        }
        $xunit = Invoke-Suite 'xUnit' { Invoke-XunitSuite }
        $pester = Invoke-Suite 'Pester' { Invoke-PesterSuite }
        $unmeasuredResult = Invoke-Suite 'Pester, unmeasured' { $null = Wait-ChildPwsh $unmeasured; Read-PesterSummary 'Pester, unmeasured' 'pester-unmeasured' }
        $monoResults = Invoke-Suite 'Mono' { $null = Wait-ChildPwsh $mono; Get-Content -LiteralPath (Join-Path $TestResults 'mono.json') -Raw | ConvertFrom-Json }
        $suites = @($xunit) + @($monoResults) + @($pester) + @($unmeasuredResult)
    }
    finally {
        # Only when the task stopped half way: no child of this run outlives it.
        foreach ($child in @(Get-Variable -Name mono, unmeasured -ValueOnly -ErrorAction Ignore)) {
            if (-not $child.Process.HasExited) { $child.Process.Kill($true) }
        }
        Exit-IsolatedHome -Isolation $isolation
    }

    $merged = Join-Path $TestResults 'coverage.cobertura.xml'
    if (Test-Path -LiteralPath $merged) {
        $totals = ([xml](Get-Content -LiteralPath $merged -Raw)).coverage
        Write-Build Cyan ('Coverage of src/ by the xUnit and Pester suites together: {0:0.0}% of lines, {1:0.0}% of branches (no threshold).' -f `
            (100 * [double]$totals.'line-rate'), (100 * [double]$totals.'branch-rate'))
    }
    else {
        Write-Build Red 'Coverage: the run wrote no totals.'
    }
    foreach ($suite in $suites) {
        Write-Build Cyan "$($suite.Name): $($suite.Passed) passed, $($suite.Failed) failed, $($suite.Skipped) skipped"
    }
    # build.ps1 prints the closing line from this file, after Invoke-Build's own summary.
    [ordered]@{
        Passed  = [int]($suites | Measure-Object Passed -Sum).Sum
        Failed  = [int]($suites | Measure-Object Failed -Sum).Sum
        Skipped = [int]($suites | Measure-Object Skipped -Sum).Sum
    } | ConvertTo-Json | Set-Content -LiteralPath (Join-Path $TestResults 'summary.json') -Encoding utf8
}

function Invoke-XunitSuite {
    # The trx gives the counts; coverlet's collector measures the same run.
    $trxPath = Join-Path $TestResults 'xunit.trx'
    & dotnet test (Join-Path $BuildRoot 'tests/Verifik.Tests') -c $Configuration --no-build --nologo `
        --logger 'trx;LogFileName=xunit.trx' --results-directory $TestResults `
        --collect 'XPlat Code Coverage' --settings (Join-Path $BuildRoot 'tools/Coverage/xunit.runsettings') | Out-Host
    $exitCode = $LASTEXITCODE
    if (-not (Test-Path -LiteralPath $trxPath)) {
        Write-Build Red "xUnit: dotnet test exited with $exitCode and wrote no results."
        return New-SuiteResult 'xUnit' -Failed 1
    }
    $counters = ([xml](Get-Content -LiteralPath $trxPath -Raw)).TestRun.ResultSummary.Counters
    $failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
    if ($exitCode -ne 0 -and $failed -eq 0) {
        # The runner itself failed (a crashed test host, say) without a failed test to show for it.
        Write-Build Red "xUnit: dotnet test exited with $exitCode although no test failed."
        $failed = 1
    }
    # The trx logger leaves notExecuted at 0 for skipped xUnit tests: they are the ones not executed.
    New-SuiteResult 'xUnit' -Passed ([int]$counters.passed) -Failed $failed -Skipped ([int]$counters.total - [int]$counters.executed)
}

# Tests of the shipped files' bytes (coverlet rewrites the DLLs it instruments, and drops the embedded sources of files
# with no code) and of the benchmark (instrumented processes are slower): run on a copy of the DLLs as built.
$UnmeasuredPester = @('Distribution.Tests.ps1', 'Bench.Tests.ps1') | ForEach-Object { Join-Path $BuildRoot "tests/pester/$_" }

function Invoke-Suite([string]$Name, [scriptblock]$Run) {
    try {
        & $Run
    }
    catch {
        # A suite that could not run counts as failed: nothing that did not run looks green.
        Write-Build Red "$Name could not run: $_"
        New-SuiteResult $Name -Failed 1
    }
}

# Invoke-PesterSuite.ps1's arguments for a run named $Name: its NUnit reports in test-results/$Name, its counts beside.
function Get-PesterArgument([string]$Name, [string[]]$TestPath, [string[]]$ExcludePath = @(), [int]$Shards = 1) {
    '-PesterManifest', (Join-Path $PackageRoot "pester/$PesterVersion/tools/Pester.psd1"), '-TestPath', ($TestPath -join ','),
    '-ExcludePath', ($ExcludePath -join ','), '-Shards', $Shards,
    '-ResultPath', (Join-Path $TestResults $Name), '-SummaryPath', (Join-Path $TestResults "$Name-summary.json")
}

function Read-PesterSummary([string]$Name, [string]$RunName) {
    $summaryPath = Join-Path $TestResults "$RunName-summary.json"
    if (-not (Test-Path -LiteralPath $summaryPath)) {
        Write-Build Red "$Name`: the child pwsh wrote no summary."
        return New-SuiteResult $Name -Failed 1
    }
    $summary = Get-Content -LiteralPath $summaryPath -Raw | ConvertFrom-Json
    New-SuiteResult $Name -Passed $summary.Passed -Failed ($summary.Failed + $summary.FailedBlocks + $summary.FailedContainers) `
        -Skipped ($summary.Skipped + $summary.NotRun)
}

function Invoke-PesterSuite {
    # The measured Pester run: two workers, each a child pwsh, with output/Verifik's DLLs instrumented by coverlet.msbuild's
    # tasks (each process that loads them adds its hits) and the result merged with the xUnit run's.
    $measured = @($TestPwsh.FilePath) + @($TestPwsh.ArgumentList) + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $BuildRoot 'tools/Invoke-PesterSuite.ps1')) +
        @(Get-PesterArgument 'pester' (Join-Path $BuildRoot 'tests/pester') $UnmeasuredPester -Shards 2)
    $xunitCoverage = Get-ChildItem -LiteralPath $TestResults -Recurse -Filter 'coverage.json' | Select-Object -First 1
    # Quoted for the shell that MSBuild's Exec starts, then escaped for MSBuild, which splits a property at ';' and ','.
    $command = ($measured | ForEach-Object { "'" + ("$_" -replace "'", "'\''") + "'" }) -join ' '
    $command = $command.Replace('%', '%25').Replace(';', '%3B').Replace(',', '%2C')
    & dotnet msbuild (Join-Path $BuildRoot 'tools/Coverage/Coverage.proj') -t:Measure -nologo -v:m `
        "-p:CoverletToolsPath=$(Join-Path $PackageRoot "coverlet.msbuild/$CoverletVersion/tasks/net10.0/")" `
        "-p:ModulePath=$(Join-Path $ModuleOutput 'Verifik.dll')" "-p:MergeWith=$(if ($xunitCoverage) { $xunitCoverage.FullName })" `
        "-p:CoverageOutput=$(Join-Path $TestResults 'coverage')" "-p:Command=$command" | Out-Host
    Read-PesterSummary 'Pester' 'pester'
}

# Synopsis: Every suite once; fails when a test failed or none ran (build.ps1 prints the closing count).
task Test Suites, {
    $summary = Get-Content -LiteralPath (Join-Path $TestResults 'summary.json') -Raw | ConvertFrom-Json
    assert ($summary.Failed -eq 0 -and $summary.Passed -gt 0) "$($summary.Failed) failed, $($summary.Passed) passed."
}

# Synopsis: Every suite once, and their coverage written to docs/quality.md (a failing test still leaves coverage).
task Coverage Suites, {
    & (Join-Path $BuildRoot 'tools/New-QualityReport.ps1') -CoverageReport (Join-Path $TestResults 'coverage.cobertura.xml') `
        -Path (Join-Path $BuildRoot 'docs/quality.md') -CommandLine 'dotnet pwsh ./build.ps1 -Task Coverage' -RepoRoot $BuildRoot
}

# Synopsis: Pack output/Verifik into output/Verifik.<version>.nupkg with PSResourceGet.
task Package Module, {
    Invoke-ChildPwsh (Join-Path $BuildRoot 'tools/New-ModulePackage.ps1') @('-ModulePath', $ModuleOutput, '-DestinationPath', $OutputRoot)
}

# Synopsis: Benchmark the module side by side with the alternatives, into docs/benchmarks.md.
task Bench Module, Emulator, {
    & (Join-Path $BuildRoot 'tools/bench/Invoke-Benchmark.ps1') -Configuration $Configuration `
        -OutputPath (Join-Path $BuildRoot 'docs/benchmarks.md') -CommandLine 'dotnet pwsh ./build.ps1 -Task Bench'
}

# Synopsis: Try every fault and bad input, and write what the user saw to docs/reliability.md.
task Reliability Build, {
    Assert-TestProjects
    $rows = Join-Path $OutputRoot 'reliability-rows.tsv'
    Remove-Item -LiteralPath $rows -ErrorAction Ignore
    $env:VERIFIK_RELIABILITY_REPORT = $rows
    try {
        exec { dotnet test (Join-Path $BuildRoot 'tests/Verifik.Tests') -c $Configuration --no-build --nologo --filter 'FullyQualifiedName~FaultMatrix|FullyQualifiedName~InputValidation' }
    }
    finally {
        Remove-Item Env:VERIFIK_RELIABILITY_REPORT
    }
    & (Join-Path $BuildRoot 'tools/New-ReliabilityReport.ps1') -RowsPath $rows -OutputPath (Join-Path $BuildRoot 'docs/reliability.md') `
        -CommandLine 'dotnet pwsh ./build.ps1 -Task Reliability'
}

# Synopsis: Mutate src/Verifik.Core and src/Verifik with Stryker.NET against the xUnit suite, into docs/quality.md (slow).
task Mutation {
    # Stryker builds (Debug) and mutates on its own; each settings file names the project it mutates. It is pinned
    # in a tool manifest of its own beside them, so the root manifest (and so the demo) restores PowerShell alone.
    Push-Location (Join-Path $BuildRoot 'tools/stryker')
    try {
        exec { dotnet tool restore | Out-Host }
        $reports = foreach ($target in 'core', 'cmdlets') {
            $output = Join-Path $OutputRoot "mutation/$target"
            Reset-Folder $output
            exec { dotnet stryker --config-file "$target.json" --output $output --skip-version-check | Out-Host }
            Join-Path $output 'reports/mutation-report.json'
        }
    }
    finally {
        Pop-Location
    }
    & (Join-Path $BuildRoot 'tools/New-QualityReport.ps1') -MutationReport $reports -Path (Join-Path $BuildRoot 'docs/quality.md') `
        -CommandLine 'dotnet pwsh ./build.ps1 -Task Mutation' -RepoRoot $BuildRoot
}
