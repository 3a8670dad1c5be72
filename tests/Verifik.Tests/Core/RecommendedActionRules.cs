using System;
using System.Linq;
using Xunit;

namespace Verifik.Tests.Core;

/// <summary>Each error kind comes with its own next step (ErrorDetails.RecommendedAction), naming what to run or give.</summary>
public sealed class RecommendedActionRules
{
    [Fact]
    public void Every_kind_has_a_sentence_of_its_own_and_none_falls_back_to_the_generic_one()
    {
        var kinds = Enum.GetValues(typeof(VerifikErrorKind)).Cast<VerifikErrorKind>().ToArray();
        var actions = kinds.Select(RecommendedActions.For).ToArray();

        Assert.All(actions, action => Assert.False(string.IsNullOrWhiteSpace(action)));
        Assert.DoesNotContain(RecommendedActions.Fallback, actions);
        Assert.Equal(kinds.Length, actions.Distinct().Count());
        Assert.Equal(RecommendedActions.Fallback, RecommendedActions.For((VerifikErrorKind)(-1)));
    }

    [Theory]
    [InlineData(VerifikErrorKind.InvalidEmail, "address")]
    [InlineData(VerifikErrorKind.InvalidPhone, "country code")]
    [InlineData(VerifikErrorKind.InvalidOtp, "Request-VerifikOtp")]
    [InlineData(VerifikErrorKind.OtpExpired, "Request-VerifikOtp")]
    [InlineData(VerifikErrorKind.OtpNotFound, "Request-VerifikOtp")]
    [InlineData(VerifikErrorKind.AuthenticatorOtpRequired, "-AuthenticatorOtp")]
    [InlineData(VerifikErrorKind.InvalidAuthenticatorOtp, "authenticator app")]
    [InlineData(VerifikErrorKind.MissingParameter, "Get-Help")]
    [InlineData(VerifikErrorKind.NotConnected, "Connect-Verifik")]
    [InlineData(VerifikErrorKind.NotConnected, "$env:VERIFIK_ACCESS_TOKEN")]
    [InlineData(VerifikErrorKind.NotConnected, "-Session $using:session")]
    [InlineData(VerifikErrorKind.TokenExpired, "Connect-Verifik")]
    [InlineData(VerifikErrorKind.TokenExpiring, "Update-VerifikToken")]
    [InlineData(VerifikErrorKind.InvalidToken, "Get-VerifikToken -AsPlainText")]
    [InlineData(VerifikErrorKind.Unauthorized, "Connect-Verifik")]
    [InlineData(VerifikErrorKind.ApiError, "ApiCode")]
    [InlineData(VerifikErrorKind.InvalidResponse, "$env:VERIFIK_BASE_URL")]
    [InlineData(VerifikErrorKind.ConnectionFailed, "proxy")]
    [InlineData(VerifikErrorKind.Timeout, "New-VerifikSession -TimeoutSec")]
    [InlineData(VerifikErrorKind.InsecureBaseUri, "-AllowUnencryptedAuthentication")]
    [InlineData(VerifikErrorKind.InvalidBaseUri, "https://api.verifik.co")]
    [InlineData(VerifikErrorKind.InteractionRequired, "Connect-Verifik -AccessToken")]
    [InlineData(VerifikErrorKind.InteractionRequired, "-Force")]
    [InlineData(VerifikErrorKind.InvalidBody, "-Body")]
    [InlineData(VerifikErrorKind.OtpRecentlySent, "Confirm-VerifikOtp")]
    [InlineData(VerifikErrorKind.OtpNotSent, "-Gateway WhatsApp")]
    [InlineData(VerifikErrorKind.InsufficientCredits, "https://app.verifik.co")]
    [InlineData(VerifikErrorKind.ForeignHost, "/v2/clients/me")]
    public void The_next_step_names_the_command_parameter_or_place_that_fixes_it(VerifikErrorKind kind, string named)
    {
        Assert.Contains(named, RecommendedActions.For(kind));
    }
}
