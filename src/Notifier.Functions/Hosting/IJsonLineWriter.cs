namespace Notifier.Functions.Hosting;

/// <summary>Where a component writes a line that is already JSON (a metrics document), serialised with the log lines.</summary>
internal interface IJsonLineWriter
{
    /// <summary>Writes <paramref name="utf8Json"/> and a newline as one line, never interleaved with another.</summary>
    void WriteLine(ReadOnlySpan<byte> utf8Json);
}
