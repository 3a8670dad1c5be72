using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;

namespace Verifik.Validation;

/// <summary>
/// Invoke-VerifikRequest -Headers: checked by the core's rules (RequestHeaders) while binding, so a refused header
/// stops the command before anything is sent, as a parameter error naming -Headers.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class RequestHeadersAttribute : ValidateArgumentsAttribute
{
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        if (arguments is null || PSObject.AsPSObject(arguments).BaseObject is not IDictionary headers)
        {
            return;
        }

        try
        {
            RequestHeaders.From(Pairs(headers));
        }
        catch (ArgumentException ex)
        {
            throw new ValidationMetadataException(ex.Message);
        }
    }

    /// <summary>
    /// The name and value pairs of a hashtable as PowerShell users write one: a value that is a list gives one pair per
    /// item (as Invoke-RestMethod does), $null an empty value.
    /// </summary>
    internal static IEnumerable<KeyValuePair<string, string>> Pairs(IDictionary headers)
    {
        foreach (DictionaryEntry entry in headers)
        {
            var name = Text(entry.Key);
            var value = PSObject.AsPSObject(entry.Value ?? string.Empty).BaseObject;
            var values = value is IEnumerable list and not string ? list.Cast<object?>() : [value];
            foreach (var item in values)
            {
                yield return new KeyValuePair<string, string>(name, Text(item));
            }
        }
    }

    private static string Text(object? value) =>
        value is null ? string.Empty : Convert.ToString(PSObject.AsPSObject(value).BaseObject, CultureInfo.InvariantCulture) ?? string.Empty;
}
