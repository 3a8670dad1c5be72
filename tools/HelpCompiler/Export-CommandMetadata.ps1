<#
.SYNOPSIS
Writes the exported cmdlets' metadata as JSON for the help compiler: parameter sets, parameters (with their
defaults) and output types, exactly as PowerShell binds them.
.DESCRIPTION
build.ps1 runs this in a child pwsh so that the module's DLLs never load into the build. Common parameters are left
out (Get-Help adds [<CommonParameters>] itself); -WhatIf and -Confirm stay in, as in Get-Command's syntax.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string]$ModulePath,

    [Parameter(Mandatory)]
    [string]$Path
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$module = Import-Module -Name (Resolve-Path -LiteralPath $ModulePath).ProviderPath -PassThru
$commonParameters = [System.Management.Automation.Cmdlet]::CommonParameters

$commands = foreach ($command in Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name) {
    # A new instance holds every parameter's default, from the one place it is written: the property's initialiser.
    $fresh = [Activator]::CreateInstance($command.ImplementingType)
    [ordered]@{
        Name          = $command.Name
        Verb          = $command.Verb
        Noun          = $command.Noun
        OutputTypes   = @($command.OutputType | ForEach-Object Name | Select-Object -Unique)
        ParameterSets = @(foreach ($set in $command.ParameterSets) {
                [ordered]@{
                    Name       = $set.Name
                    IsDefault  = $set.IsDefault
                    Parameters = @(foreach ($parameter in $set.Parameters | Where-Object Name -NotIn $commonParameters) {
                            [ordered]@{
                                Name                            = $parameter.Name
                                TypeName                        = $parameter.ParameterType.Name
                                TypeFullName                    = $parameter.ParameterType.FullName
                                IsMandatory                     = $parameter.IsMandatory
                                Position                        = if ($parameter.Position -ge 0) { $parameter.Position } else { $null }
                                ValueFromPipeline               = $parameter.ValueFromPipeline
                                ValueFromPipelineByPropertyName = $parameter.ValueFromPipelineByPropertyName
                                Aliases                         = @($parameter.Aliases)
                                # -WhatIf and -Confirm are not properties of the cmdlet: switches, off unless given.
                                DefaultValue                    = if ($fresh.PSObject.Properties[$parameter.Name] -and $null -ne $fresh.($parameter.Name)) { [string]$fresh.($parameter.Name) } else { $null }
                            }
                        })
                }
            })
    }
}

ConvertTo-Json -InputObject @($commands) -Depth 8 | Set-Content -LiteralPath $Path -Encoding utf8
