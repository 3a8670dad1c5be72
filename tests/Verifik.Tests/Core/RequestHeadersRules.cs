using System;
using System.Collections.Generic;
using Xunit;

namespace Verifik.Tests.Core;

/// <summary>What Invoke-VerifikRequest -Headers may carry: anything but a credential, framing, or what breaks a header.</summary>
public sealed class RequestHeadersRules
{
    [Theory]
    [InlineData("Authorization")]
    [InlineData("authorization")]
    [InlineData("AUTHORIZATION")]
    [InlineData("Proxy-Authorization")]
    public void A_credential_header_in_any_case_is_refused_naming_the_session_as_the_way(string name)
    {
        var refused = Assert.Throws<ArgumentException>(() => Headers((name, "Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2ln")));

        Assert.Contains($"cannot set {name}", refused.Message);
        Assert.Contains("-Session", refused.Message);
        Assert.DoesNotContain("eyJ", refused.Message);
    }

    [Theory]
    [InlineData("Host")]
    [InlineData("content-length")]
    [InlineData("Transfer-Encoding")]
    [InlineData("Connection")]
    [InlineData("Expect")]
    [InlineData("Content-Type")]
    [InlineData("Content-Encoding")]
    public void A_header_the_HTTP_client_writes_from_the_URL_or_the_body_is_refused(string name)
    {
        var refused = Assert.Throws<ArgumentException>(() => Headers((name, "x")));

        Assert.Contains($"cannot set {name}", refused.Message);
    }

    [Theory]
    [InlineData("X-HTTP-Method-Override")]
    [InlineData("x-http-method")]
    [InlineData("X-Method-Override")]
    public void A_header_that_would_change_the_method_behind_WhatIf_s_back_is_refused(string name)
    {
        var refused = Assert.Throws<ArgumentException>(() => Headers((name, "DELETE")));

        Assert.Contains($"cannot set {name}", refused.Message);
        Assert.Contains("-Method", refused.Message);
    }

    [Theory]
    [InlineData("X-Key", "a\r\nX-Injected: 1")]
    [InlineData("X-Key", "a\nb")]
    [InlineData("X-Key", "a\0b")]
    [InlineData("X-Key", "café")]
    public void A_value_with_a_line_break_a_control_or_non_ASCII_is_refused_without_repeating_it(string name, string value)
    {
        var refused = Assert.Throws<ArgumentException>(() => Headers((name, value)));

        Assert.Contains("X-Key", refused.Message);
        Assert.DoesNotContain(value, refused.Message);
    }

    [Theory]
    [InlineData("X-Key\r\nX-Injected")]
    [InlineData("X Key")]
    [InlineData("X:Key")]
    [InlineData("")]
    public void A_name_that_is_not_an_HTTP_token_is_refused_with_its_controls_removed(string name)
    {
        var refused = Assert.Throws<ArgumentException>(() => Headers((name, "x")));

        Assert.Contains("not a header name", refused.Message);
        Assert.DoesNotContain("\n", refused.Message);
    }

    [Fact]
    public void Other_headers_pass_in_order_with_tabs_empty_values_and_repeated_names()
    {
        var headers = Headers(("X-Correlation-Id", "abc\t123"), ("Accept-Language", "es"), ("X-Tag", "a"), ("x-tag", ""), ("User-Agent", "runbook/1.0"));

        Assert.Equal(5, headers.All.Count);
        Assert.Equal(new KeyValuePair<string, string>("X-Correlation-Id", "abc\t123"), headers.All[0]);
        Assert.True(headers.Contains("USER-AGENT"));
        Assert.False(headers.Contains("Accept"));
    }

    private static RequestHeaders Headers(params (string Name, string Value)[] headers) =>
        RequestHeaders.From(Array.ConvertAll(headers, header => new KeyValuePair<string, string>(header.Name, header.Value)));
}
