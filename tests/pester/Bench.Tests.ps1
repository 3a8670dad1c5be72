BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../tools/Verifik.TestHelpers.psm1') -Force
}

# The benchmark's numbers are not asserted here (timings on a shared machine would make a flaky test); this only
# keeps tools/bench/Invoke-Benchmark.ps1 from rotting, in its quickest mode.
Describe 'Invoke-Benchmark.ps1 -Quick' {
    BeforeAll {
        $script:outputPath = Join-Path ([System.IO.Path]::GetTempPath()) "verifik-bench-smoke-$([guid]::NewGuid().ToString('N')).md"
        $script:benchScript = Join-Path (Get-VerifikRepoRoot) 'tools/bench/Invoke-Benchmark.ps1'
        $script:run = Invoke-FreshPwsh -TimeoutSeconds 300 -Command "& '$benchScript' -Quick -OutputPath '$outputPath'"
        $script:rows = @{}
        if (Test-Path -LiteralPath $outputPath) {
            foreach ($line in Get-Content -LiteralPath $outputPath) {
                if ($line -match '^\| (?<row>\d[a-c]?) \|') {
                    # A '|' inside a cell is escaped as '\|'.
                    $rows[$Matches.row] = @($line.Trim('|') -split '(?<!\\)\|' | ForEach-Object Trim)
                }
            }
        }
    }

    AfterAll {
        Remove-Item -LiteralPath $outputPath -ErrorAction Ignore
    }

    It 'runs to the end and writes its table to -OutputPath, not to docs/benchmarks.md' {
        $run.ExitCode | Should -Be 0 -Because $run.StdErr
        $outputPath | Should -Exist
        $run.StdOut | Should -Match ([regex]::Escape("Written to $outputPath"))
    }

    It 'has row <Row> with a measured number and a verdict' -ForEach @(
        @{ Row = '1' }, @{ Row = '2a' }, @{ Row = '2b' }, @{ Row = '2c' }, @{ Row = '3' }, @{ Row = '4a' }, @{ Row = '4b' }, @{ Row = '5' }, @{ Row = '6' }
    ) {
        $rows.ContainsKey($Row) | Should -BeTrue -Because "the table should have row $Row"
        $cells = $rows[$Row]
        $cells.Count | Should -Be 7
        $cells[2] | Should -Match '^-?\d[\d,]*(\.\d+)? ' -Because 'the Verifik column starts with a number'
        $cells[6] | Should -BeIn @('met', '**MISSED**')
    }

    It 'says that its numbers come from quick mode' {
        Get-Content -LiteralPath $outputPath -Raw | Should -Match 'Quick mode'
    }
}
