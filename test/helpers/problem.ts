// What the gateway suites share about callers and problem+json answers.
import type { Response } from 'supertest';
import { expect } from 'vitest';

/** The header presenting a caller key as a bearer token. */
export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/**
 * An assertion that a response is a problem+json answer with this status and code, carrying its
 * request id, and with the Houston key `secret()` names nowhere in its body or headers.
 */
export function problemAsserter(secret: () => string): (res: Response, status: number, code: string) => void {
  return (res, status, code) => {
    expect(res.status, res.text).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, code, title: expect.any(String), type: expect.any(String) });
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
    expect(res.text + JSON.stringify(res.headers)).not.toContain(secret());
  };
}
