using System;
using Xunit;

namespace Verifik.Tests.Core;

/// <summary>
/// The core's rules for what may leave the machine, what server text may reach the user, and how addresses and query
/// values are masked where logs and -WhatIf show them.
/// </summary>
public sealed class SecurityRulesTests
{
    private static readonly Uri UnderPath = new("https://api.example.test/verifik/");

    [Theory]
    [InlineData("/../admin")]
    [InlineData("/v2/../../admin")]
    [InlineData("/%2e%2e/admin")]
    [InlineData("/%2E%2E/admin")]
    [InlineData("/%252e%252e/admin")]
    [InlineData("/.%2e/admin")]
    [InlineData("/./v2")]
    [InlineData("/..;x/admin")]
    [InlineData("/v2/%2e%2e%2f%2e%2e/admin")]
    [InlineData("/v2/%2e%2e%5cadmin")]
    // A raw backslash, which an http URI reads as a slash: '..' between backslashes is a dot segment too.
    [InlineData("/v2\\..\\..\\admin")]
    public void Endpoint_refuses_dot_segments_however_encoded(string path)
    {
        var error = Assert.Throws<VerifikException>(() => BaseUriResolver.Endpoint(UnderPath, path));

        Assert.Equal(VerifikErrorKind.InvalidBaseUri, error.Kind);
    }

    [Theory]
    [InlineData("/v2/clients/me", "/verifik/v2/clients/me")]
    [InlineData("/v2/a..b/c.d", "/verifik/v2/a..b/c.d")]
    [InlineData("/v2/...", "/verifik/v2/...")]
    public void Endpoint_keeps_ordinary_paths_under_the_base_path(string path, string expected)
    {
        Assert.Equal(expected, BaseUriResolver.Endpoint(UnderPath, path).AbsolutePath);
    }

    [Theory]
    [InlineData("\u001b[2K\u001b]52;c;ZXZpbA==\u0007Bad", "[2K]52;c;ZXZpbA==Bad")]
    [InlineData("a\u009b31mb\u0085c\u007f", "a31mbc")]
    [InlineData("line\r\nnext\u2028sep\u2029end", "line next sep end")]
    [InlineData("bidi \u202eevil\u202c done", "bidi evil done")]
    public void ServerText_strips_controls_separators_and_format_characters(string text, string expected)
    {
        Assert.Equal(expected, ServerText.Clean(text));
    }

    [Fact]
    public void ServerText_redacts_secrets_also_when_controls_split_them_and_anything_shaped_like_a_jwt()
    {
        var jwt = TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddDays(1));
        var other = TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddDays(2), "another");

        var cleaned = ServerText.Clean($"token {jwt.Insert(10, "\u001b")} code 6\u00071\u000b4440 renewed {other}", jwt, "614440");

        Assert.Equal("token *** code *** renewed ***", cleaned);
    }

    [Fact]
    public void ServerText_bounds_the_length()
    {
        var cleaned = ServerText.Clean(new string('x', 10_000));

        Assert.Equal(ServerText.MaxLength + 1, cleaned!.Length);
        Assert.EndsWith("…", cleaned);
    }

    [Theory]
    [InlineData("\r\nX-Injected: 1")]
    [InlineData(" X")]
    [InlineData("\u00a0")]
    [InlineData("=")]
    [InlineData("+")]
    public void A_token_is_only_base64url_dot_base64url_dot_base64url(string inserted)
    {
        var jwt = TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddDays(1));

        var error = Assert.Throws<VerifikException>(() => VerifikToken.FromJwt(jwt + inserted + "x", null, DateTimeOffset.UtcNow));

        Assert.Equal(VerifikErrorKind.InvalidToken, error.Kind);
    }

    [Fact]
    public void A_token_of_65536_characters_or_more_is_refused_with_a_clear_error()
    {
        var jwt = TestJwt.WithExpiresAt(DateTimeOffset.UtcNow.AddDays(1));

        var error = Assert.Throws<VerifikException>(() => VerifikToken.FromJwt(jwt + new string('A', VerifikToken.MaxLength), null, DateTimeOffset.UtcNow));

        Assert.Equal(VerifikErrorKind.InvalidToken, error.Kind);
        Assert.Contains("fewer than 65536", error.Message);
    }

    [Theory]
    [InlineData("ana@example.com", "a***@example.com")]
    [InlineData("@example.com", "***")]
    [InlineData("nobody", "***")]
    public void Masks_addresses_for_logs(string input, string expected)
    {
        Assert.Equal(expected, InputRules.MaskEmail(input));
    }

    [Theory]
    [InlineData("/v2/clients/me", "/v2/clients/me")]
    [InlineData("/v2/x?documentNumber=1234567890&apiKey=s3cr3t", "/v2/x?documentNumber=***&apiKey=***")]
    [InlineData("https://api.verifik.co/v2/x?s3cr3t&a=1#s3cr3t", "https://api.verifik.co/v2/x?***&a=***")]
    [InlineData("/v2/x?=s3cr3t&&b=", "/v2/x?***&b=***")]
    [InlineData("/v2/x#s3cr3t", "/v2/x")]
    [InlineData("https://user:s3cr3t@api.verifik.co/v2/x?a=1", "https://***@api.verifik.co/v2/x?a=***")]
    [InlineData("https://api.verifik.co/v2/x?next=a@b", "https://api.verifik.co/v2/x?next=***")]
    [InlineData(@"https:\\user:s3cr3t@api.verifik.co\v2", @"https:\\***@api.verifik.co\v2")]
    [InlineData("https://api.verifik.co/v2/lookup/ana@example.com", "https://api.verifik.co/v2/lookup/ana@example.com")]
    [InlineData("https://user:s3#cr3t@api.verifik.co/v2?a=1", "https://***@api.verifik.co/v2?a=***")]
    public void Masks_query_values_for_logs_and_keeps_their_names(string input, string expected)
    {
        Assert.Equal(expected, InputRules.MaskQuery(input));
    }

    [Theory]
    [InlineData("//user:s3cr3t@api.verifik.co/v2/x", "***@api.verifik.co/v2/x")]
    [InlineData("https://user:s3/cr3t@api.verifik.co/v2", "***@api.verifik.co/v2")]
    [InlineData("https://user:s3?cr3t@api.verifik.co/v2", "***@api.verifik.co/v2")]
    [InlineData("v2\\clients\\me", "v2\\clients\\me")]
    [InlineData("v2/x?email=a@b.com&apiKey=s3cr3t", "***@***&apiKey=***")]
    [InlineData("//h/x?e=a@b&k=s3cr3t#s3cr3t", "***@***&k=***")]
    [InlineData("v2/x?e=a@&k=s3cr3t", "***@k=***")]
    [InlineData("?e=a@&k=s3cr3t", "***@k=***")]
    [InlineData("@h/v2?k=s3cr3t", "***@h/v2?k=***")]
    public void A_refused_endpoint_shows_nothing_before_its_last_at_sign(string input, string expected)
    {
        Assert.Equal(expected, InputRules.MaskRefusedUrl(input));
    }
}
