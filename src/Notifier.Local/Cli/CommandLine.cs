namespace Notifier.Local.Cli;

/// <summary>A parsed command line: the command, its positional arguments and its <c>--options</c>.</summary>
/// <remarks>Options take one value (<c>--ttl 1h</c> or <c>--ttl=1h</c>) and may repeat (<c>--claim a=1 --claim b=2</c>).</remarks>
internal sealed class CommandLine
{
    private readonly Dictionary<string, List<string>> _options;

    private CommandLine(string? command, List<string> positional, Dictionary<string, List<string>> options)
    {
        Command = command;
        Positional = positional;
        _options = options;
    }

    public string? Command { get; }

    public IReadOnlyList<string> Positional { get; }

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var positional = new List<string>();
        var options = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                positional.Add(arg);
                continue;
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? arg[2..equals] : arg[2..];
            var value = equals > 0 ? arg[(equals + 1)..] : i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : string.Empty;
            if (!options.TryGetValue(name, out var values))
            {
                options[name] = values = [];
            }

            values.Add(value);
        }

        var command = positional.Count > 0 ? positional[0] : null;
        return new CommandLine(command, positional.Skip(1).ToList(), options);
    }

    public string? Option(string name) => _options.TryGetValue(name, out var values) ? values[^1] : null;

    public IReadOnlyList<string> Options(string name) => _options.TryGetValue(name, out var values) ? values : [];

    /// <summary>Whether <c>--name</c> was given, with or without a value (a switch such as <c>--json</c>).</summary>
    public bool Has(string name) => _options.ContainsKey(name);
}
