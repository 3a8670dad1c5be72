using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Verifik.Tests.Cmdlets;

/// <summary>How answers become PowerShell objects and PowerShell values become request bodies.</summary>
public sealed class JsonConversionRules
{
    [Fact]
    public void Numbers_become_the_smallest_exact_type_that_holds_them()
    {
        var values = Read("""[1, 3000000000, 79228162514264337593543950335, 1e300, 1.5]""");

        Assert.IsType<int>(values[0]);
        Assert.Equal(3000000000L, values[1]);
        Assert.Equal(decimal.MaxValue, values[2]);
        Assert.IsType<double>(values[3]);
        Assert.Equal(1.5m, values[4]);
    }

    [Fact]
    public void Objects_become_objects_with_note_properties_in_order_and_scalars_their_PowerShell_equivalents()
    {
        var root = (PSObject)JsonConversion.ToPowerShell(Parse("""{"b":true,"a":false,"n":null,"s":"x","list":[{"c":1}]}"""))!;

        Assert.Equal(new[] { "b", "a", "n", "s", "list" }, NamesOf(root));
        Assert.Equal(true, root.Properties["b"].Value);
        Assert.Equal(false, root.Properties["a"].Value);
        Assert.Null(root.Properties["n"].Value);
        Assert.Equal("x", root.Properties["s"].Value);
        Assert.Equal(1, ((PSObject)((object?[])root.Properties["list"].Value)[0]!).Properties["c"].Value);
    }

    [Fact]
    public void Scalars_are_written_as_JSON_types_and_dates_enums_guids_and_uris_as_strings()
    {
        var body = Write(new Hashtable
        {
            ["int"] = 7,
            ["long"] = 8L,
            ["byte"] = (byte)9,
            ["double"] = 1.5,
            ["decimal"] = 2.25m,
            ["flag"] = true,
            ["switch"] = new SwitchParameter(true),
            ["none"] = null,
            ["when"] = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            ["day"] = new DateTime(2026, 1, 2, 0, 0, 0, DateTimeKind.Utc),
            ["kind"] = DayOfWeek.Monday,
            ["id"] = Guid.Empty,
            ["uri"] = new Uri("https://api.verifik.co/"),
        });

        Assert.Equal(7, body.GetProperty("int").GetInt32());
        Assert.Equal(8, body.GetProperty("long").GetInt32());
        Assert.Equal(9, body.GetProperty("byte").GetInt32());
        Assert.Equal(1.5, body.GetProperty("double").GetDouble());
        Assert.Equal(2.25, body.GetProperty("decimal").GetDouble());
        Assert.True(body.GetProperty("flag").GetBoolean());
        Assert.True(body.GetProperty("switch").GetBoolean());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("none").ValueKind);
        Assert.Equal("2026-01-02T03:04:05.0000000+00:00", body.GetProperty("when").GetString());
        Assert.Equal("2026-01-02T00:00:00.0000000Z", body.GetProperty("day").GetString());
        Assert.Equal("Monday", body.GetProperty("kind").GetString());
        Assert.Equal(Guid.Empty.ToString(), body.GetProperty("id").GetString());
        Assert.Equal("https://api.verifik.co/", body.GetProperty("uri").GetString());
    }

    [Fact]
    public void Lists_become_arrays_and_objects_their_readable_properties_unwrapped_from_PSObject()
    {
        var custom = new PSObject();
        custom.Properties.Add(new PSNoteProperty("name", "ana"));
        custom.Properties.Add(new PSScriptProperty("computed", ScriptBlock.Create("'not sent'")));

        var body = Write(new object[] { PSObject.AsPSObject("text"), custom, new List<int> { 1, 2 } });

        Assert.Equal("text", body[0].GetString());
        Assert.Equal("""{"name":"ana"}""", body[1].GetRawText());
        Assert.Equal("[1,2]", body[2].GetRawText());
    }

    [Fact]
    public void A_body_nested_deeper_than_64_levels_is_refused_and_64_are_written()
    {
        Assert.Equal(JsonValueKind.Array, Write(Nested(64)).ValueKind);
        var refused = Assert.Throws<ArgumentException>(() => JsonConversion.ToJson(Nested(65)));

        Assert.Contains("64 levels", refused.Message);
    }

    private static object Nested(int levels)
    {
        object value = "bottom";
        for (var level = 0; level < levels; level++)
        {
            value = new object[] { value };
        }

        return value;
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static object?[] Read(string json) => (object?[])JsonConversion.ToPowerShell(Parse(json))!;

    private static JsonElement Write(object value) => Parse(Encoding.UTF8.GetString(JsonConversion.ToJson(value)));

    private static List<string> NamesOf(PSObject value)
    {
        var names = new List<string>();
        foreach (var property in value.Properties)
        {
            names.Add(property.Name);
        }

        return names;
    }
}
