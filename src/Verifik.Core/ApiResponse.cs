namespace Verifik;

/// <summary>An HTTP answer, read whole (and capped) before anything interprets it.</summary>
internal sealed class ApiResponse
{
    public ApiResponse(int statusCode, string? reasonPhrase, string? mediaType, byte[] body)
    {
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
        MediaType = mediaType;
        Body = body;
    }

    public int StatusCode { get; }

    public string? ReasonPhrase { get; }

    public string? MediaType { get; }

    public byte[] Body { get; }

    public bool IsSuccess => StatusCode is >= 200 and < 300;
}
