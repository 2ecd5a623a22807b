namespace Fixlify.Api;

/// <summary>Whether a route reads a JSON object body (<see cref="ApiRequest"/>).</summary>
internal enum RequestBody
{
    /// <summary>The route reads no body.</summary>
    None,

    /// <summary>An empty body reads as <c>{}</c>.</summary>
    Optional,

    /// <summary>An empty body is a 400.</summary>
    Required,
}
