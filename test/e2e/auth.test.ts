/**
 * @module test/e2e/auth
 * SigV4 at the wire (rules R158, R192): raw HTTP signed by @smithy/signature-v4, so that every byte is
 * under the test's control, and the error envelopes read exactly as AWS writes them:
 *
 *   EC2         unknown key AuthFailure 401, wrong secret SignatureDoesNotMatch 403, in <Response><Errors>
 *   ELBv2, STS  InvalidClientTokenId / SignatureDoesNotMatch 403, in <ErrorResponse><Error><Type>Sender
 *   all         no signature MissingAuthenticationToken, signed 20 minutes ago RequestExpired
 *
 * Presigned URLs (smithy's presign and boto3's generate_presigned_url) work; a body or query changed
 * after signing does not.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { ACCOUNT_A, ACCOUNT_B, API_VERSIONS, jsonOf, startPostern, type Postern, type SigningService, type TestAccount } from './harness.js';
import { at, errorOf, parseXml } from './xml.js';

let postern: Postern;
before(async () => { postern = await startPostern(); });
after(async () => { await postern?.cleanup(); });

const UNKNOWN: TestAccount = { ...ACCOUNT_A, accessKeyId: 'AKIAUNKNOWNKEY000000' };
const ACTIONS: Record<SigningService, string> = { ec2: 'DescribeVpcs', elasticloadbalancing: 'DescribeLoadBalancers', sts: 'GetCallerIdentity' };
const NAMESPACES = {
  elasticloadbalancing: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
} as const;
const AUTH_FAILURE = 'AWS was not able to validate the provided access credentials';
const SIGNATURE_MISMATCH = 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

function signer(account: TestAccount, service: SigningService, opts: { applyChecksum?: boolean } = {}) {
  return new SignatureV4({
    service, region: 'us-east-1', sha256: Sha256, applyChecksum: opts.applyChecksum ?? true,
    credentials: { accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey },
  });
}

function hostOf(url: string) {
  const { hostname, port } = new URL(url);
  return { hostname, port: Number(port), host: `${hostname}:${port}` };
}

/** Asserts an error in the envelope of the service (EC2, or awsQuery with Type Sender and the namespace). */
function assertError(service: SigningService, res: { status: number; text: string }, status: number, code: string, message?: string | RegExp) {
  const err = errorOf(res.text);
  assert.equal(res.status, status, res.text);
  assert.equal(err.code, code, res.text);
  if (typeof message === 'string') assert.equal(err.message, message);
  else if (message) assert.match(err.message, message);
  if (service === 'ec2') {
    assert.equal(err.envelope, 'ec2', res.text);
  } else {
    assert.equal(err.envelope, 'query', res.text);
    assert.equal(err.type, 'Sender');
    assert.equal(err.namespace, NAMESPACES[service]);
  }
}

test('R158 R192 an unknown access key: AuthFailure 401 on EC2, InvalidClientTokenId 403 on ELBv2 and STS', async () => {
  for (const service of ['ec2', 'elasticloadbalancing', 'sts'] as const) {
    const res = await postern.raw({ service, account: UNKNOWN, params: { Action: ACTIONS[service] } });
    if (service === 'ec2') assertError(service, res, 401, 'AuthFailure', AUTH_FAILURE);
    else assertError(service, res, 403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
  }
  // The CLI reports the same code.
  const cli = await postern.cli(['ec2', 'describe-vpcs'], { account: UNKNOWN });
  assert.notEqual(cli.code, 0);
  assert.match(cli.stderr, /\(AuthFailure\)/);
});

test('R192 a wrong secret: SignatureDoesNotMatch 403 in each service\'s envelope', async () => {
  for (const service of ['ec2', 'elasticloadbalancing', 'sts'] as const) {
    const res = await postern.raw({ service, secretAccessKey: `${ACCOUNT_A.secretAccessKey}x`, params: { Action: ACTIONS[service] } });
    assertError(service, res, 403, 'SignatureDoesNotMatch', SIGNATURE_MISMATCH);
  }
  // Account B's secret with account A's key is a wrong secret too.
  const res = await postern.raw({ service: 'ec2', secretAccessKey: ACCOUNT_B.secretAccessKey, params: { Action: 'DescribeVpcs' } });
  assertError('ec2', res, 403, 'SignatureDoesNotMatch', SIGNATURE_MISMATCH);
  // SDK v3 parses it as the same error.
  const sdk = postern.ec2({ account: { ...ACCOUNT_A, secretAccessKey: 'not-the-secret' } });
  await assert.rejects(sdk.send(new DescribeVpcsCommand({})), (e: Error & { $metadata?: { httpStatusCode?: number } }) =>
    e.name === 'SignatureDoesNotMatch' && e.$metadata?.httpStatusCode === 403);
});

test('R192 no signature at all: MissingAuthenticationToken', async () => {
  for (const service of ['ec2', 'elasticloadbalancing', 'sts'] as const) {
    const body = new URLSearchParams({ Action: ACTIONS[service], Version: API_VERSIONS[service] }).toString();
    const post = await fetch(`${postern.url}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    assertError(service, { status: post.status, text: await post.text() }, 403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
    const get = await fetch(`${postern.url}/?${body}`);
    assertError(service, { status: get.status, text: await get.text() }, 403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
  }
});

test('R192 a request signed 20 minutes ago: RequestExpired', async () => {
  const signingDate = new Date(Date.now() - 20 * 60 * 1000);
  for (const service of ['ec2', 'sts'] as const) {
    const res = await postern.raw({ service, signingDate, params: { Action: ACTIONS[service] } });
    assertError(service, res, 400, 'RequestExpired', /^Request has expired/);
  }
  // Inside the 15-minute window it is accepted.
  const recent = await postern.raw({ service: 'ec2', signingDate: new Date(Date.now() - 10 * 60 * 1000), params: { Action: 'DescribeVpcs' } });
  assert.equal(recent.status, 200, recent.text);
});

async function presignedUrl(service: SigningService, query: Record<string, string>, opts: { expiresIn?: number; signingDate?: Date } = {}) {
  const { hostname, port, host } = hostOf(postern.url);
  const presigned = await signer(ACCOUNT_A, service).presign({
    method: 'GET', protocol: 'http:', hostname, port, path: '/', headers: { host },
    query: { ...query, Version: API_VERSIONS[service] },
  }, { expiresIn: opts.expiresIn ?? 300, signingDate: opts.signingDate });
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(presigned.query ?? {})) qs.append(k, String(v));
  return `${postern.url}/?${qs.toString()}`;
}

test('a GET presigned by @smithy/signature-v4 works; expired or altered it does not', async () => {
  const url = await presignedUrl('ec2', { Action: 'DescribeVpcs', 'Filter.1.Name': 'is-default', 'Filter.1.Value.1': 'true' });
  assert.match(url, /X-Amz-Signature=[0-9a-f]{64}/);
  const ok = await fetch(url);
  const text = await ok.text();
  assert.equal(ok.status, 200, text);
  const root = parseXml(text);
  assert.equal(root.name, 'DescribeVpcsResponse');
  assert.equal(at(root, 'vpcSet').children.length, 1);
  assert.equal(at(root, 'vpcSet/item/isDefault').text, 'true');
  assert.equal(at(root, 'vpcSet/item/ownerId').text, ACCOUNT_A.accountId);

  const sts = await fetch(await presignedUrl('sts', { Action: 'GetCallerIdentity' }));
  const stsText = await sts.text();
  assert.equal(sts.status, 200, stsText);
  assert.equal(at(parseXml(stsText), 'GetCallerIdentityResult/Account').text, ACCOUNT_A.accountId);

  const altered = url.replace('Filter.1.Value.1=true', 'Filter.1.Value.1=false');
  assert.notEqual(altered, url);
  const bad = await fetch(altered);
  assertError('ec2', { status: bad.status, text: await bad.text() }, 403, 'SignatureDoesNotMatch', SIGNATURE_MISMATCH);

  const added = await fetch(`${url}&Filter.2.Name=state&Filter.2.Value.1=available`);
  assertError('ec2', { status: added.status, text: await added.text() }, 403, 'SignatureDoesNotMatch', SIGNATURE_MISMATCH);

  const expired = await fetch(await presignedUrl('ec2', { Action: 'DescribeVpcs' }, { expiresIn: 60, signingDate: new Date(Date.now() - 5 * 60 * 1000) }));
  assertError('ec2', { status: expired.status, text: await expired.text() }, 400, 'RequestExpired');
});

test('a URL presigned by boto3 (generate_presigned_url) works', async () => {
  // botocore signs a presigned URL with the operation's HTTP method, POST for the Query protocols, unless
  // HttpMethod says otherwise; both forms are checked, each used with the method it was signed for.
  const script = `
import boto3, json, os, urllib.request
ec2 = boto3.client('ec2', endpoint_url=os.environ['POSTERN_URL'])
sts = boto3.client('sts', endpoint_url=os.environ['POSTERN_URL'])
out = {}
def call(name, url, method):
    req = urllib.request.Request(url, method=method, data=b'' if method == 'POST' else None)
    with urllib.request.urlopen(req) as r:
        out[name] = {'url': url, 'status': r.status, 'body': r.read().decode()}
call('ec2', ec2.generate_presigned_url('describe_vpcs', Params={'Filters': [{'Name': 'is-default', 'Values': ['true']}]}, ExpiresIn=300, HttpMethod='GET'), 'GET')
call('sts', sts.generate_presigned_url('get_caller_identity', ExpiresIn=300, HttpMethod='GET'), 'GET')
call('sts-post', sts.generate_presigned_url('get_caller_identity', ExpiresIn=300), 'POST')
print(json.dumps(out))
`;
  const out = jsonOf<Record<'ec2' | 'sts' | 'sts-post', { url: string; status: number; body: string }>>(await postern.python(script));
  assert.match(out.ec2.url, /X-Amz-SignedHeaders=host&/);
  assert.match(out.ec2.url, /Filter\.1\.Name=is-default/);
  assert.equal(out.ec2.status, 200);
  assert.equal(at(parseXml(out.ec2.body), 'vpcSet/item/isDefault').text, 'true');
  for (const name of ['sts', 'sts-post'] as const) {
    assert.equal(out[name].status, 200);
    assert.equal(at(parseXml(out[name].body), 'GetCallerIdentityResult/Account').text, ACCOUNT_A.accountId);
  }
});

test('a body changed after signing is rejected, with or without x-amz-content-sha256', async () => {
  const { hostname, port, host } = hostOf(postern.url);
  const body = 'Action=DescribeVpcs&Version=2016-11-15&Filter.1.Name=is-default&Filter.1.Value.1=true';
  const tampered = body.replace('Value.1=true', 'Value.1=fals');
  assert.equal(tampered.length, body.length);
  for (const applyChecksum of [true, false]) {
    const signed = await signer(ACCOUNT_A, 'ec2', { applyChecksum }).sign({
      method: 'POST', protocol: 'http:', hostname, port, path: '/', query: {},
      headers: { host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body,
    });
    assert.equal('x-amz-content-sha256' in signed.headers, applyChecksum);
    const genuine = await fetch(`${postern.url}/`, { method: 'POST', headers: signed.headers, body });
    assert.equal(genuine.status, 200, await genuine.text());
    const res = await fetch(`${postern.url}/`, { method: 'POST', headers: signed.headers, body: tampered });
    assertError('ec2', { status: res.status, text: await res.text() }, 403, 'SignatureDoesNotMatch', SIGNATURE_MISMATCH);
  }
});
