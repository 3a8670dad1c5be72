# Windows PowerShell 5.1 users copy from the README, the help and the examples: whatever uses a PowerShell 7 feature
# there must say so and give the 5.1 form, and examples that cannot run on 5.1 must say #Requires -Version 7.
BeforeDiscovery {
    $repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $documents = @(Join-Path $repoRoot 'README.md') + @(Get-ChildItem (Join-Path $repoRoot 'docs/en-US') -Filter '*.md').FullName |
        ForEach-Object { @{ Path = $_; Name = [System.IO.Path]::GetFileName($_) } }
    $examples = Get-ChildItem (Join-Path $repoRoot 'examples') -Filter '*.ps1' | ForEach-Object { @{ Path = $_.FullName; Name = $_.Name } }
}

BeforeAll {
    # Parameters that Windows PowerShell 5.1's commands do not have.
    $sevenOnly = @{
        'ForEach-Object'           = 'Parallel', 'ThrottleLimit'
        'Invoke-RestMethod'        = 'Authentication', 'Token'
        'Invoke-WebRequest'        = 'Authentication', 'Token'
        'ConvertFrom-SecureString' = 'AsPlainText'
    }

    function Get-SevenOnlyUse([string]$Code) {
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($Code, [ref]$null, [ref]$null)
        $ast.FindAll({ param($node)
                ($node -is [System.Management.Automation.Language.CommandAst] -and $sevenOnly.ContainsKey([string]$node.GetCommandName()) -and
                @($node.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] -and $_.ParameterName -in $sevenOnly[$node.GetCommandName()] }).Count -gt 0) -or
                $node -is [System.Management.Automation.Language.TernaryExpressionAst] -or
                $node -is [System.Management.Automation.Language.PipelineChainAst] -or
                ($node -is [System.Management.Automation.Language.BinaryExpressionAst] -and $node.Operator -eq 'QuestionQuestion')
            }, $true) | ForEach-Object { $_.Extent.Text }
    }
}

Describe 'Windows PowerShell 5.1 forms in <Name>' -ForEach $documents {
    It 'marks each PowerShell 7-only code block "7 only" and gives the 5.1 form' {
        $text = Get-Content -LiteralPath $Path -Raw
        foreach ($block in [regex]::Matches($text, '(?ms)^```powershell\r?\n(?<code>.*?)^```')) {
            $uses = @(Get-SevenOnlyUse $block.Groups['code'].Value)
            if ($uses.Count -eq 0) { continue }
            # The block itself or the paragraph after it says so.
            $after = $text.Substring($block.Index, [Math]::Min($text.Length - $block.Index, $block.Length + 400))
            $after | Should -Match '7 only' -Because "it uses $($uses -join '; ')"
            $after | Should -Match '-Headers \(Get-VerifikToken -AsHeader\)|5\.1' -Because 'the 5.1 form belongs beside it'
        }
    }
}

Describe 'Example <Name>' -ForEach $examples {
    It 'runs on Windows PowerShell 5.1, or says #Requires -Version 7' {
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref]$null, [ref]$null)
        $needsSeven = $ast.ScriptRequirements.RequiredPSVersion -ge [version]'7.0'
        if (-not $needsSeven) {
            @(Get-SevenOnlyUse (Get-Content -LiteralPath $Path -Raw)) | Should -BeNullOrEmpty
            # Help examples are comments, which the parser skips: check them as code too.
            foreach ($example in [regex]::Matches($ast.Extent.Text, '(?ms)^\.EXAMPLE\r?\n(?<code>.*?)(?=^\.[A-Z]+|^#>)')) {
                @(Get-SevenOnlyUse $example.Groups['code'].Value) | Should -BeNullOrEmpty
            }
        }
    }
}
