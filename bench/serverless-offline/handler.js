'use strict';
// The same work as Notifier's handlers, in Node: HS256 JWT check in the REQUEST authorizer, connect and
// disconnect (an in-memory connection map, as the local gateway's in-memory store), pong to ping on $default.
const crypto = require('node:crypto');

const secret = process.env.NOTIFIER_JWT_SECRET || '';
const connections = new Map();

function verify(token) {
  const parts = typeof token === 'string' ? token.split('.') : [];
  if (parts.length !== 3) return null;
  const [header, payload, signature] = parts;
  let parsedHeader;
  let claims;
  try {
    parsedHeader = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (parsedHeader.alg !== 'HS256') return null;
  const expected = crypto.createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  const now = Math.floor(Date.now() / 1000);
  const skew = 300;
  if (typeof claims.exp !== 'number' || claims.exp + skew < now) return null;
  if (typeof claims.nbf === 'number' && claims.nbf - skew > now) return null;
  return typeof claims.sub === 'string' && claims.sub ? claims : null;
}

exports.authorizer = async (event) => {
  const claims = verify(event.queryStringParameters && event.queryStringParameters.token);
  if (!claims) throw new Error('Unauthorized');
  return {
    principalId: claims.sub,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }],
    },
    context: { userId: claims.sub },
  };
};

exports.connect = async (event) => {
  const ctx = event.requestContext;
  connections.set(ctx.connectionId, { userId: ctx.authorizer && ctx.authorizer.principalId, connectedAt: ctx.connectedAt });
  return { statusCode: 200 };
};

exports.disconnect = async (event) => {
  connections.delete(event.requestContext.connectionId);
  return { statusCode: 200 };
};

exports.defaultRoute = async (event) => {
  let action;
  try {
    action = JSON.parse(event.body).action;
  } catch {
    action = undefined;
  }
  return action === 'ping'
    ? { statusCode: 200, body: JSON.stringify({ type: 'pong' }) }
    : { statusCode: 200 };
};
