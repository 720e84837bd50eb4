namespace Notifier.Local.Cli;

internal static class Usage
{
    public const string Text = """
        Notifier local tools

        Usage:
          notifier [serve] [--port 8080] [--stage local] [--jwt-secret S] [--dynamodb-url URL] [--table NAME]
                   [--topics-table NAME] [--messages-table NAME] [--host 127.0.0.1] [--idle-timeout 10m]
                   [--max-duration 2h] [--aws-access-key-id ID --aws-secret-access-key SECRET]
              Starts the local gateway: API Gateway's WebSocket API at ws://127.0.0.1:PORT/STAGE?token=JWT,
              its management API at http://127.0.0.1:PORT/STAGE/@connections/{id}, the publish API at
              POST /notifications (with GET /users/{id}/presence and GET /topics/{topic}/members) and a
              dashboard at /. Without a secret (--jwt-secret or NOTIFIER_JWT_SECRET) one is generated and
              printed. The store and the message history are in memory unless --dynamodb-url is given (tables
              created if missing; the history then survives a restart). The banner ends with a curl command
              that publishes to the dev user at the gateway's own address.
              With --aws-access-key-id/--aws-secret-access-key, management API calls must be SigV4-signed
              with those keys (region us-east-1), as the AWS CLI and SDKs do.

          notifier send (--user ID | --connection ID | --topic T [--exclude-connection ID]) --message JSON
                        [--url http://127.0.0.1:8080] [--json]
              Publishes through a running gateway and prints a summary of the delivery report (how many
              connections got it, the message id and stream numbers, gone, throttled and failed, at most
              5 ids a list); a large send answered 202 says its shards and how to follow it. --json prints
              the answer as it came. --topic reaches every connection subscribed to T;
              --exclude-connection skips one of them (e.g. the sender's own).

          notifier invoke <function> --event FILE [--token JWT] [--remaining-ms N]
              Runs one Lambda function on an API Gateway or SQS event file and prints its JSON response.
              Functions: authorizer, connect, disconnect, default, publish. Settings come from the same
              environment variables as in Lambda (see the README); without NOTIFIER_TABLE_NAME the
              connection store is in memory. --token replaces the event's token query parameter.
              --remaining-ms gives the invocation a deadline N ms away; as in Lambda, its token fires
              500 ms before it (at once below that), so publish answers an SQS batch listing the records
              it did not finish in batchItemFailures.
              A function error (e.g. the authorizer's Unauthorized) prints {"errorType","errorMessage"}
              and exits with 1.

          notifier token --user ID [--ttl 1h] [--claim name=value ...] [--topic T ...]
              Prints an HS256 token signed with NOTIFIER_JWT_SECRET that the authorizer accepts
              (issuer and audience from NOTIFIER_JWT_ISSUER / NOTIFIER_JWT_AUDIENCE when set).
              --ttl takes s, m, h or d (default 1h). Each --topic adds an entry to the topics claim
              (NOTIFIER_TOPICS_CLAIM, default topics); an entry ending in * allows every topic with that prefix.

          notifier help
        """;
}
