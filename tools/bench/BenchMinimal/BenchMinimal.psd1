@{
    RootModule           = 'BenchMinimal.dll'
    ModuleVersion        = '1.0.0'
    GUID                 = '0c6f3a8e-5d27-4b61-9e0a-2f48d1c7b935'
    Author               = 'Verifik for PowerShell contributors'
    Description          = 'The minimal binary module that the Verifik benchmarks compare against; never shipped.'
    CompatiblePSEditions = @('Desktop', 'Core')
    PowerShellVersion    = '5.1'
    CmdletsToExport      = @('Invoke-BenchNoOp', 'Send-BenchRequest')
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
}
