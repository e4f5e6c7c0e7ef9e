/**
 * @module test/e2e/sdk-errors
 * Asserting the AWS errors SDK v3 raises, for the end-to-end tests that drive Postern with it.
 */
import assert from 'node:assert/strict';

/** Awaits an SDK call that must fail with an AWS error code (HTTP 400) and, when given, AWS's message. */
export async function failsWith(call: Promise<unknown>, code: string, message?: string | RegExp): Promise<void> {
  await assert.rejects(call, (err: Error & { Code?: string; $metadata?: { httpStatusCode?: number } }) => {
    // SDK v3 names ELBv2's modelled errors after their shapes (ListenerNotFoundException) and keeps the
    // wire code in `Code`; EC2's errors are named by their code.
    assert.equal(err.Code ?? err.name, code, `${err.name}: ${err.message}`);
    if (typeof message === 'string') assert.equal(err.message, message);
    else if (message) assert.match(err.message, message);
    assert.equal(err.$metadata?.httpStatusCode, 400);
    return true;
  });
}
