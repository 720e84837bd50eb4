namespace Notifier.Functions.Json;

/// <summary>What the next step inside an object or array found.</summary>
internal enum JsonStep : byte
{
    /// <summary>Not well-formed JSON.</summary>
    Invalid,

    /// <summary>A member (after its name and colon) or an element: the scanner is at its value.</summary>
    Item,

    /// <summary>The closing brace or bracket, now consumed.</summary>
    End,
}
