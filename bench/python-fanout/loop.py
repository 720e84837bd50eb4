"""The original design's fan-out, for comparison: boto3's post_to_connection, one connection at a time.

Started by bench/Notifier.FanOut (bench/fanout/run.sh) with the system Python and Debian's python3-boto3:
    /usr/bin/python3 bench/python-fanout/loop.py ENDPOINT_URL IDS_FILE
ENDPOINT_URL is the management API base (http://127.0.0.1:PORT/STAGE); IDS_FILE holds one connection id per
line. The client is made once, as in a warm Lambda. The script prints "ready", then for every line read from
stdin (a message's JSON text) posts it to each connection in turn and prints how many were delivered. Calls
are SigV4-signed with fixed credentials; the stub endpoint does not check them.
"""
import sys

import boto3
from botocore.config import Config


def main() -> int:
    endpoint_url, ids_file = sys.argv[1], sys.argv[2]
    with open(ids_file, encoding="utf-8") as lines:
        connection_ids = [line.strip() for line in lines if line.strip()]

    client = boto3.client(
        "apigatewaymanagementapi",
        endpoint_url=endpoint_url,
        region_name="us-east-1",
        aws_access_key_id="bench",
        aws_secret_access_key="bench",
        config=Config(retries={"max_attempts": 1}),
    )
    gone = client.exceptions.GoneException
    print("ready", flush=True)
    for message in sys.stdin:
        data = message.rstrip("\n").encode("utf-8")
        delivered = 0
        for connection_id in connection_ids:
            try:
                client.post_to_connection(ConnectionId=connection_id, Data=data)
                delivered += 1
            except gone:
                pass  # the original design deletes the record here; the stub never answers 410
        print(delivered, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
