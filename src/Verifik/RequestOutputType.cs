namespace Verifik;

/// <summary>What Invoke-VerifikRequest -OutputType returns, named as Invoke-MgGraphRequest names them.</summary>
public enum RequestOutputType
{
    /// <summary>PSCustomObjects, as Invoke-RestMethod and ConvertFrom-Json make them.</summary>
    PSObject,

    /// <summary>Hashtables (keys in any case), as ConvertFrom-Json -AsHashtable and Invoke-MgGraphRequest make them.</summary>
    HashTable,

    /// <summary>The JSON text, one string.</summary>
    Json,
}
