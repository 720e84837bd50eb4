namespace Notifier.Local.Cli;

internal static class Usage
{
    public const string Text = """
        Notifier local tools

        Usage:
          notifier invoke <function> --event FILE [--token JWT]
              Runs one Lambda function on an API Gateway event file and prints its JSON response.
              Functions: authorizer, connect, disconnect, default. Settings come from the same
              environment variables as in Lambda (see the README); without NOTIFIER_TABLE_NAME the
              connection store is in memory. --token replaces the event's token query parameter.
              A function error (e.g. the authorizer's Unauthorized) prints {"errorType","errorMessage"}
              and exits with 1.

          notifier token --user ID [--ttl 1h] [--claim name=value ...]
              Prints an HS256 token signed with NOTIFIER_JWT_SECRET that the authorizer accepts
              (issuer and audience from NOTIFIER_JWT_ISSUER / NOTIFIER_JWT_AUDIENCE when set).
              --ttl takes s, m, h or d (default 1h).

          notifier help
        """;
}
