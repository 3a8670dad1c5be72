using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Xunit;

namespace Verifik.Tests.Emulator;

internal static class ResponseAssert
{
    /// <summary>Status, content type and the body byte for byte: clients match on these exact strings.</summary>
    public static async Task BodyAsync(HttpResponseMessage response, HttpStatusCode status, string expectedJson)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(expectedJson, await response.Content.ReadAsStringAsync());
    }
}
