@{
    # The minimal module again, plus one format view: shows what loading any format file costs on import.
    RootModule           = 'BenchMinimal.dll'
    ModuleVersion        = '1.0.0'
    GUID                 = '7e2b9d14-6a3f-4c58-b0e1-93d5f2a8c640'
    Author               = 'Verifik for PowerShell contributors'
    Description          = 'The minimal binary module with one format view, for the Verifik benchmarks; never shipped.'
    CompatiblePSEditions = @('Desktop', 'Core')
    PowerShellVersion    = '5.1'
    FormatsToProcess     = @('BenchMinimal.Format.ps1xml')
    CmdletsToExport      = @('Invoke-BenchNoOp', 'Send-BenchRequest')
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
}
