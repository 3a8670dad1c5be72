using System;
using System.Collections;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Text.Json;

namespace Verifik;

/// <summary>
/// JSON to and from the objects PowerShell users handle: answers become PSCustomObjects (as with
/// Invoke-RestMethod) or hashtables, and hashtables, PSCustomObjects, arrays and scalars become request bodies.
/// </summary>
internal static class JsonConversion
{
    private const int MaxDepth = 64;

    /// <param name="asHashtable">Objects as case-insensitive hashtables, as PowerShell's own @{} are, instead of PSCustomObjects.</param>
    public static object? ToPowerShell(JsonElement element, bool asHashtable = false) => element.ValueKind switch
    {
        JsonValueKind.Object when asHashtable => ToHashtable(element),
        JsonValueKind.Object => ToObject(element),
        JsonValueKind.Array => ToArray(element, asHashtable),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number when element.TryGetInt32(out var small) => small,
        JsonValueKind.Number when element.TryGetInt64(out var large) => large,
        JsonValueKind.Number when element.TryGetDecimal(out var exact) => exact,
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    public static byte[] ToJson(object? value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Write(writer, value, 0);
        }

        return stream.ToArray();
    }

    private static PSObject ToObject(JsonElement element)
    {
        var result = new PSObject();
        foreach (var property in element.EnumerateObject())
        {
            result.Properties.Add(new PSNoteProperty(property.Name, ToPowerShell(property.Value)));
        }

        return result;
    }

    private static Hashtable ToHashtable(JsonElement element)
    {
        var result = new Hashtable(StringComparer.OrdinalIgnoreCase);
        foreach (var property in element.EnumerateObject())
        {
            result[property.Name] = ToPowerShell(property.Value, asHashtable: true);
        }

        return result;
    }

    private static object?[] ToArray(JsonElement element, bool asHashtable)
    {
        var items = new object?[element.GetArrayLength()];
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            items[index++] = ToPowerShell(item, asHashtable);
        }

        return items;
    }

    private static void Write(Utf8JsonWriter writer, object? value, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ArgumentException($"-Body is nested deeper than {MaxDepth} levels, or refers to itself.");
        }

        var unwrapped = value is PSObject wrapped ? wrapped.BaseObject : value;
        switch (unwrapped)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case SwitchParameter flag:
                writer.WriteBooleanValue(flag.IsPresent);
                break;
            case int or long or short or byte or sbyte or uint or ulong or ushort:
                writer.WriteNumberValue(Convert.ToDecimal(unwrapped, CultureInfo.InvariantCulture));
                break;
            case float or double or decimal:
                writer.WriteNumberValue(Convert.ToDouble(unwrapped, CultureInfo.InvariantCulture));
                break;
            case DateTime or DateTimeOffset:
                writer.WriteStringValue(((IFormattable)unwrapped).ToString("o", CultureInfo.InvariantCulture));
                break;
            case Enum or Guid or Uri:
                writer.WriteStringValue(unwrapped.ToString());
                break;
            case IDictionary dictionary:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    writer.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty);
                    Write(writer, entry.Value, depth + 1);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable sequence:
                writer.WriteStartArray();
                foreach (var item in sequence)
                {
                    Write(writer, item, depth + 1);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStartObject();
                foreach (var property in PSObject.AsPSObject(value!).Properties)
                {
                    if (property.IsGettable && property.MemberType is PSMemberTypes.NoteProperty or PSMemberTypes.Property)
                    {
                        writer.WritePropertyName(property.Name);
                        Write(writer, property.Value, depth + 1);
                    }
                }

                writer.WriteEndObject();
                break;
        }
    }
}
