namespace Notifier.Deploy.Tests.Packaging;

/// <summary>How an external command ended: its exit code, its combined output and how long it ran.</summary>
internal sealed record CommandResult(string Command, int ExitCode, string Output, TimeSpan Elapsed)
{
    /// <summary>Throws with the command's output unless it exited with 0.</summary>
    public CommandResult EnsureSuccess()
    {
        if (ExitCode != 0)
        {
            throw new InvalidOperationException($"`{Command}` exited with {ExitCode} after {Elapsed.TotalSeconds:F0} s. Output:\n{Output}");
        }

        return this;
    }
}
