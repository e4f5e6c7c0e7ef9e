/**
 * @module api/auth/sigv4.test
 * The verifier against signatures made by @smithy/signature-v4 (the signer of SDK v3): the Authorization
 * header form with and without x-amz-content-sha256, the presigned query form, a path other than `/`,
 * a request as SDK v3 itself signs it; and rejection when a signed header, the body or the query changed
 * after signing, or when the time is outside AWS's window.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { EC2Client, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { checkRequestTime, readSignature, signatureMatches, type HttpRequestParts } from './sigv4.js';
import type { AwsError } from '../../control/errors.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const KEY = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const NOW = new Date('2024-05-06T07:08:09Z');
const HOST = 'postern.test:4580';

interface SmithyRequest {
  method: string; path: string; query?: Record<string, string | string[] | null>; headers: Record<string, string>; body?: string;
}

function signer(applyChecksum = true, service = 'ec2') {
  return new SignatureV4({ service, region: 'us-east-1', sha256: Sha256, credentials: KEY, applyChecksum });
}

function smithyRequest(r: Partial<SmithyRequest> = {}) {
  return {
    method: r.method ?? 'POST', protocol: 'http:', hostname: 'postern.test', port: 4580, path: r.path ?? '/',
    query: r.query ?? {}, headers: { host: HOST, ...(r.headers ?? {}) }, body: r.body,
  };
}

/** What the server hands the verifier: lower-case headers, the path as received, decoded query pairs, the raw body. */
function received(signed: SmithyRequest): HttpRequestParts {
  const query: [string, string][] = [];
  for (const [k, v] of Object.entries(signed.query ?? {})) {
    for (const value of Array.isArray(v) ? v : [v ?? '']) query.push([k, value]);
  }
  return {
    method: signed.method,
    path: signed.path,
    query,
    headers: Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v])),
    body: Buffer.from(signed.body ?? ''),
  };
}

function verifies(req: HttpRequestParts, secret = KEY.secretAccessKey, now = NOW): boolean {
  const info = readSignature(req);
  assert.ok(info, 'no signature found');
  checkRequestTime(info, now);
  return signatureMatches(req, info, secret);
}

const BODY = 'Action=DescribeVpcs&Version=2016-11-15&Filter.1.Name=tag%3AName&Filter.1.Value.1=a%20b';
const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

test('header signatures, with and without x-amz-content-sha256', async () => {
  for (const applyChecksum of [true, false]) {
    const signed = await signer(applyChecksum).sign(smithyRequest({ headers: FORM, body: BODY }), { signingDate: NOW }) as SmithyRequest;
    assert.equal('x-amz-content-sha256' in signed.headers, applyChecksum);
    const req = received(signed);
    const info = readSignature(req)!;
    assert.deepEqual(
      { accessKeyId: info.accessKeyId, region: info.region, service: info.service, shortDate: info.shortDate, presigned: info.presigned },
      { accessKeyId: KEY.accessKeyId, region: 'us-east-1', service: 'ec2', shortDate: '20240506', presigned: false },
    );
    assert.equal(verifies(req), true);
    assert.equal(verifies(req, `${KEY.secretAccessKey}x`), false, 'another secret verified');
  }
});

test('a path other than /, with characters to encode, and a query string', async () => {
  const signed = await signer(true, 'elasticloadbalancing').sign(smithyRequest({
    method: 'GET', path: '/some%20dir/caf%C3%A9/x', query: { Action: 'DescribeLoadBalancers', Version: '2015-12-01', 'Names.member.1': 'a b/c' },
  }), { signingDate: NOW }) as SmithyRequest;
  const req = received(signed);
  assert.equal(verifies(req), true);
  assert.equal(verifies({ ...req, path: '/some%20dir/cafe/x' }), false, 'a changed path verified');
});

test('presigned query-string signatures, and their expiry', async () => {
  const presigned = await signer().presign(smithyRequest({
    method: 'GET', query: { Action: 'DescribeVpcs', Version: '2016-11-15', 'VpcId.1': 'vpc-0123456789abcdef0' },
  }), { signingDate: NOW, expiresIn: 300 }) as SmithyRequest;
  const req = received(presigned);
  const info = readSignature(req)!;
  assert.equal(info.presigned, true);
  assert.equal(info.expires, 300);
  assert.equal(verifies(req), true);
  assert.equal(verifies(req, KEY.secretAccessKey, new Date(NOW.getTime() + 299_000)), true);
  assert.throws(() => verifies(req, KEY.secretAccessKey, new Date(NOW.getTime() + 301_000)), (e: AwsError) => e.code === 'RequestExpired');
  const changed = { ...req, query: req.query.map(([k, v]): [string, string] => [k, k === 'VpcId.1' ? 'vpc-0fedcba9876543210' : v]) };
  assert.equal(verifies(changed), false, 'a changed query value verified');
  assert.equal(verifies({ ...req, query: [...req.query, ['VpcId.2', 'vpc-0fedcba9876543210']] }), false, 'an added query parameter verified');
});

test('a request exactly as SDK v3 signs it', async () => {
  let captured: SmithyRequest | undefined;
  const client = new EC2Client({
    region: 'eu-west-1', credentials: KEY, maxAttempts: 1, endpoint: 'http://postern.test:4580',
    requestHandler: { handle: async (r: SmithyRequest) => { captured = r; throw new Error('captured'); } },
  });
  await assert.rejects(client.send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:Name', Values: ['x y'] }] })), /captured/);
  const req = received(captured!);
  assert.equal(readSignature(req)!.region, 'eu-west-1');
  assert.equal(verifies(req, KEY.secretAccessKey, new Date()), true);
});

test('a header, the body or the query changed after signing is rejected', async () => {
  for (const applyChecksum of [true, false]) {
    const signed = await signer(applyChecksum).sign(smithyRequest({ headers: { ...FORM, 'x-custom': '  a   b  ' }, body: BODY }), { signingDate: NOW }) as SmithyRequest;
    const req = received(signed);
    assert.equal(verifies(req), true, 'the genuine request');
    assert.equal(verifies({ ...req, headers: { ...req.headers, 'x-custom': 'a  c' } }), false, 'a changed signed header verified');
    assert.equal(verifies({ ...req, headers: { ...req.headers, host: 'other.test:4580' } }), false, 'a changed host verified');
    assert.equal(verifies({ ...req, body: Buffer.from(BODY.replace('a%20b', 'a%20c')) }), false, 'a changed body verified');
    assert.equal(verifies({ ...req, query: [['Action', 'DeleteVpc']] }), false, 'an added query verified');
    // Headers that were not signed may change.
    assert.equal(verifies({ ...req, headers: { ...req.headers, 'user-agent': 'changed' } }), true);
  }
});

test('the 15-minute window and missing signatures', async () => {
  const signed = received(await signer().sign(smithyRequest({ headers: FORM, body: BODY }), { signingDate: NOW }) as SmithyRequest);
  const info = readSignature(signed)!;
  checkRequestTime(info, new Date(NOW.getTime() + 14 * 60_000));
  checkRequestTime(info, new Date(NOW.getTime() - 14 * 60_000));
  for (const offset of [16, -16]) {
    assert.throws(() => checkRequestTime(info, new Date(NOW.getTime() + offset * 60_000)), (e: AwsError) => e.code === 'RequestExpired');
  }
  assert.equal(readSignature({ method: 'GET', path: '/', query: [['Action', 'DescribeVpcs']], headers: {}, body: Buffer.alloc(0) }), undefined);
  assert.throws(() => readSignature({ method: 'POST', path: '/', query: [], headers: { authorization: 'AWS4-HMAC-SHA256 Credential=x' }, body: Buffer.alloc(0) }),
    (e: AwsError) => e.code === 'IncompleteSignature');
});
