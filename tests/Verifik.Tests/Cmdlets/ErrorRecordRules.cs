using System.Management.Automation;
using Xunit;

namespace Verifik.Tests.Cmdlets;

/// <summary>
/// Every failure becomes an ErrorRecord with the stable ErrorId of its kind, the PowerShell category a script would
/// filter on (-ErrorAction with $_.CategoryInfo.Category), the masked target, and the next step.
/// </summary>
public sealed class ErrorRecordRules
{
    [Theory]
    [InlineData(VerifikErrorKind.InvalidEmail, ErrorCategory.ObjectNotFound)]
    [InlineData(VerifikErrorKind.InvalidPhone, ErrorCategory.ObjectNotFound)]
    [InlineData(VerifikErrorKind.OtpNotFound, ErrorCategory.ObjectNotFound)]
    [InlineData(VerifikErrorKind.InvalidOtp, ErrorCategory.AuthenticationError)]
    [InlineData(VerifikErrorKind.InvalidAuthenticatorOtp, ErrorCategory.AuthenticationError)]
    [InlineData(VerifikErrorKind.OtpExpired, ErrorCategory.AuthenticationError)]
    [InlineData(VerifikErrorKind.AuthenticatorOtpRequired, ErrorCategory.AuthenticationError)]
    [InlineData(VerifikErrorKind.NotConnected, ErrorCategory.AuthenticationError)]
    [InlineData(VerifikErrorKind.TokenExpired, ErrorCategory.AuthenticationError)]
    [InlineData(VerifikErrorKind.TokenExpiring, ErrorCategory.AuthenticationError)]
    [InlineData(VerifikErrorKind.Unauthorized, ErrorCategory.AuthenticationError)]
    [InlineData(VerifikErrorKind.InteractionRequired, ErrorCategory.AuthenticationError)]
    [InlineData(VerifikErrorKind.MissingParameter, ErrorCategory.InvalidArgument)]
    [InlineData(VerifikErrorKind.InvalidToken, ErrorCategory.InvalidArgument)]
    [InlineData(VerifikErrorKind.InvalidBaseUri, ErrorCategory.InvalidArgument)]
    [InlineData(VerifikErrorKind.InvalidBody, ErrorCategory.InvalidArgument)]
    [InlineData(VerifikErrorKind.InvalidResponse, ErrorCategory.InvalidResult)]
    [InlineData(VerifikErrorKind.ConnectionFailed, ErrorCategory.ConnectionError)]
    [InlineData(VerifikErrorKind.Timeout, ErrorCategory.OperationTimeout)]
    [InlineData(VerifikErrorKind.InsecureBaseUri, ErrorCategory.SecurityError)]
    [InlineData(VerifikErrorKind.ForeignHost, ErrorCategory.SecurityError)]
    [InlineData(VerifikErrorKind.OtpRecentlySent, ErrorCategory.LimitsExceeded)]
    [InlineData(VerifikErrorKind.OtpNotSent, ErrorCategory.ResourceUnavailable)]
    [InlineData(VerifikErrorKind.InsufficientCredits, ErrorCategory.QuotaExceeded)]
    [InlineData(VerifikErrorKind.ApiError, ErrorCategory.InvalidOperation)]
    public void Each_kind_of_failure_has_its_ErrorId_category_target_and_next_step(VerifikErrorKind kind, ErrorCategory category)
    {
        var record = VerifikCmdlet.ToErrorRecord(new VerifikException(kind, "What happened."), "a***@example.com");

        Assert.Equal("Verifik." + kind, record.FullyQualifiedErrorId);
        Assert.Equal(category, record.CategoryInfo.Category);
        Assert.Equal("a***@example.com", record.TargetObject);
        Assert.Equal("What happened.", record.ErrorDetails.Message);
        Assert.Equal(RecommendedActions.For(kind), record.ErrorDetails.RecommendedAction);
    }
}
