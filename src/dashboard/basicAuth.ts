import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { SweepflowError } from '../sweepflowError.js';

export interface BasicAuthCredentials {
  readonly user: string;
  readonly password: string;
}

/**
 * Credentials from DASHBOARD_USER and DASHBOARD_PASSWORD, or undefined when both are unset or empty.
 * Only one of them set is refused: serving without auth then would be a silent surprise.
 */
export function credentialsFromEnv(env: NodeJS.ProcessEnv = process.env): BasicAuthCredentials | undefined {
  const user = env.DASHBOARD_USER;
  const password = env.DASHBOARD_PASSWORD;
  if (user && password) return { user, password };
  if (user || password) {
    const [set, unset] = user ? ['DASHBOARD_USER', 'DASHBOARD_PASSWORD'] : ['DASHBOARD_PASSWORD', 'DASHBOARD_USER'];
    throw new SweepflowError(`${set} is set but ${unset} is not: set both for basic auth, or neither`);
  }
  return undefined;
}

/**
 * HTTP basic authentication on every request: 401 with a challenge unless the credentials
 * match. Both parts are compared in constant time (as fixed-length digests, so neither
 * their content nor their length leaks through timing).
 */
export function basicAuth(credentials: BasicAuthCredentials): RequestHandler {
  const expectedUser = digest(credentials.user);
  const expectedPassword = digest(credentials.password);
  return (request, response, next) => {
    const given = parseBasicAuth(request.headers.authorization);
    // Evaluate both comparisons whatever the first one says.
    const userMatches = timingSafeEqual(digest(given?.user ?? ''), expectedUser);
    const passwordMatches = timingSafeEqual(digest(given?.password ?? ''), expectedPassword);
    if (given !== undefined && userMatches && passwordMatches) return next();
    response
      .status(401)
      .set('WWW-Authenticate', 'Basic realm="sweepflow dashboard", charset="UTF-8"')
      .type('text/plain')
      .send('authentication required\n');
  };
}

export function parseBasicAuth(header: string | undefined): BasicAuthCredentials | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (match === null) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
