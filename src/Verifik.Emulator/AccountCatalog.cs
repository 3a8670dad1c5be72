using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace Verifik.Emulator;

/// <summary>The accounts the emulator starts with: built in, or read from a JSON file.</summary>
internal static class AccountCatalog
{
    public static IReadOnlyList<Account> Defaults() =>
    [
        Create("ana@example.com", "Ana Example", "+57", "3001234567", false, null, 100m, null),
        Create("bob+ops@example.com", "Bob Ops", null, null, false, null, 0m, null),
        Create("two@example.com", "Two Factor", "+1", "5550100123", true, "JBSWY3DPEHPK3PXP", 0m, null),
        // Unicode, '&' and '\'' all need URL encoding; a client that forgets finds no account.
        Create("zoë.o'brien&co@example.com", "Zoe OBrien", null, null, false, null, 0m, null),
    ];

    public static IReadOnlyList<Account> Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{path}: expected a JSON array of accounts.");
        }

        var accounts = new List<Account>();
        foreach (var item in document.RootElement.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{path}: every account must be a JSON object.");
            }

            var email = Text(item, "email");
            var phone = Text(item, "phone");
            if (email is null && phone is null)
            {
                throw new InvalidDataException($"{path}: every account needs an email or a phone.");
            }

            accounts.Add(Create(
                email,
                Text(item, "name"),
                Text(item, "countryCode"),
                phone,
                item.TryGetProperty("requires2FA", out var twoFactor) && twoFactor.ValueKind == JsonValueKind.True,
                Text(item, "authenticatorSecret"),
                item.TryGetProperty("credits", out var credits) && credits.ValueKind == JsonValueKind.Number ? credits.GetDecimal() : 0m,
                Text(item, "clientId")));
        }

        return accounts;
    }

    private static Account Create(
        string? email,
        string? name,
        string? countryCode,
        string? phone,
        bool requires2FA,
        string? authenticatorSecret,
        decimal credits,
        string? clientId)
    {
        var normalizedCountryCode = countryCode is null ? null : PhoneNumbers.NormalizeCountryCode(countryCode);
        var normalizedPhone = phone is null ? null : PhoneNumbers.Digits(phone);
        var identity = email?.ToLowerInvariant() ?? normalizedCountryCode + normalizedPhone;
        return new Account(
            clientId ?? Ids.Derive("client", identity),
            email,
            name ?? email ?? identity,
            normalizedCountryCode,
            normalizedPhone,
            requires2FA,
            authenticatorSecret,
            credits);
    }

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
        && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!.Trim()
            : null;
}
