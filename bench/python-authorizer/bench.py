"""The Python peer of the authorizer, for comparison: PyJWT HS256, same event, same policy.

Run with the system Python (Debian's python3-jwt): /usr/bin/python3 bench/python-authorizer/bench.py
Prints the median of 15 timeit repeats, in microseconds per call.
"""
import json
import pathlib
import statistics
import time
import timeit

import jwt

SECRET = "test-secret-that-is-32-bytes-long!!"
ROOT = pathlib.Path(__file__).resolve().parents[2]


def authorize(payload: bytes) -> bytes:
    event = json.loads(payload)
    token = (event.get("queryStringParameters") or {}).get("token")
    if not token:
        raise ValueError("Unauthorized")
    claims = jwt.decode(token, SECRET, algorithms=["HS256"], leeway=60, options={"require": ["exp"]})
    now = int(time.time())
    response = {
        "principalId": claims["sub"],
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [{"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": event["methodArn"]}],
        },
        "context": {"userId": claims["sub"], "tokenExpiresAt": str(claims.get("exp", now))},
    }
    return json.dumps(response, separators=(",", ":")).encode()


def main() -> None:
    now = int(time.time())
    token = jwt.encode({"sub": "user-123", "iat": now, "exp": now + 6 * 3600}, SECRET, algorithm="HS256")
    template = (ROOT / "events" / "authorizer.json").read_text()
    payload = template.replace("REPLACE_WITH_TOKEN", token).encode()
    assert b'"Allow"' in authorize(payload)
    number = 20000
    runs = timeit.repeat(lambda: authorize(payload), number=number, repeat=15)
    per_call = sorted(run / number * 1e6 for run in runs)
    print(f"python {jwt.__name__} {jwt.__version__} authorizer HS256: median {statistics.median(per_call):.2f} us/call, "
          f"min {per_call[0]:.2f}, max {per_call[-1]:.2f} (15 x {number} calls)")


if __name__ == "__main__":
    main()
