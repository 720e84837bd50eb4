namespace Notifier.Core.History;

/// <summary>How far a resume brought one stream, as the <c>resumed</c> frame reports it.</summary>
/// <param name="Stream">The stream.</param>
/// <param name="Last">The number the client now stands at: the stream's last number when the resume began, or the last one sent when the resume stopped early.</param>
/// <param name="Complete">False when messages after the given number were no longer stored, or the resume stopped before the stream's end.</param>
public sealed record ResumedStream(string Stream, long Last, bool Complete);
