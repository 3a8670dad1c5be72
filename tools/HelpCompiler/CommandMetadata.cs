using System.Collections.Generic;

namespace HelpCompiler;

/// <summary>A cmdlet as PowerShell binds it, read from the JSON that Export-CommandMetadata.ps1 writes.</summary>
internal sealed record CommandMetadata(
    string Name,
    string Verb,
    string Noun,
    IReadOnlyList<string> OutputTypes,
    IReadOnlyList<ParameterSetMetadata> ParameterSets);

internal sealed record ParameterSetMetadata(string Name, bool IsDefault, IReadOnlyList<ParameterMetadata> Parameters);

internal sealed record ParameterMetadata(
    string Name,
    string TypeName,
    string TypeFullName,
    bool IsMandatory,
    int? Position,
    bool ValueFromPipeline,
    bool ValueFromPipelineByPropertyName,
    IReadOnlyList<string> Aliases,
    string? DefaultValue)
{
    public bool IsSwitch => TypeFullName == "System.Management.Automation.SwitchParameter";
}
