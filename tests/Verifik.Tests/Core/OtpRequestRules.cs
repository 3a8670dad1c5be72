using System.Text;
using Xunit;

namespace Verifik.Tests.Core;

/// <summary>What a Verifik.OtpRequest says about where a code went and how, and how it reads as text.</summary>
public sealed class OtpRequestRules
{
    [Fact]
    public void An_email_code_went_to_the_address_by_Email_not_Verifik_s_validation_method()
    {
        var request = ResponseMapper.ToOtpRequest(Json(DocumentedBodies.EmailLoginSent), "POST /v2/projects/email-login");

        Assert.Equal("miguel@gmail.com", request.SentTo);
        Assert.Equal("Email", request.SentBy);
        Assert.Equal("Verifik code sent to miguel@gmail.com", request.ToString());
    }

    [Fact]
    public void A_phone_code_went_to_the_number_with_its_country_code_by_its_gateway_named_as_the_Gateway_parameter_names_it()
    {
        var request = ResponseMapper.ToOtpRequest(
            Json("""{"data":{"status":"sent","countryCode":"+57","phone":"3001234567","phoneGateway":"whatsapp","validationMethod":"verificationCode"}}"""),
            "POST /v2/projects/phone-login");

        Assert.Equal("+57 3001234567", request.SentTo);
        Assert.Equal("WhatsApp", request.SentBy);
        Assert.Equal("Verifik code sent to +57 3001234567", request.ToString());
    }

    [Fact]
    public void An_answer_without_a_status_reads_as_a_requested_code()
    {
        var request = new VerifikOtpRequest { Email = "ana@example.com" };

        Assert.Equal("Verifik code requested to ana@example.com", request.ToString());
    }

    [Fact]
    public void An_answer_without_address_or_number_went_to_no_one_known()
    {
        Assert.Null(new VerifikOtpRequest { CountryCode = "+57" }.SentTo);
    }

    [Fact]
    public void The_address_wins_over_a_number_when_an_answer_carries_both()
    {
        var request = new VerifikOtpRequest { Email = "ana@example.com", CountryCode = "+57", Phone = "3001234567" };

        Assert.Equal("ana@example.com", request.SentTo);
    }

    [Theory]
    [InlineData("sms", "Sms")]
    [InlineData("WHATSAPP", "WhatsApp")]
    [InlineData("telegram", "telegram")]
    public void A_gateway_is_shown_as_the_Gateway_parameter_names_it_and_an_unknown_one_as_Verifik_gave_it(string gateway, string shown)
    {
        Assert.Equal(shown, new VerifikOtpRequest { CountryCode = "+57", Phone = "3001234567", Gateway = gateway }.SentBy);
    }

    private static ApiResponse Json(string body) => new(200, null, "application/json", Encoding.UTF8.GetBytes(body));
}
