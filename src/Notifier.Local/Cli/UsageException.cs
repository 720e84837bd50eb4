namespace Notifier.Local.Cli;

/// <summary>The command line is wrong; the message says how, and the usage text follows it.</summary>
internal sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException()
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
