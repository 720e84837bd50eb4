using System.Text;

namespace Notifier.Testing.Dynalite;

/// <summary>The last lines dynalite wrote, kept to explain a failed start.</summary>
internal sealed class DynaliteOutput
{
    private const int MaxLines = 50;
    private readonly Queue<string> _lines = new();
    private readonly Lock _gate = new();

    public void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _lines.Enqueue(line);
            while (_lines.Count > MaxLines)
            {
                _lines.Dequeue();
            }
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            return new StringBuilder().AppendJoin('\n', _lines).ToString();
        }
    }
}
