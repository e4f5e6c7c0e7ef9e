/**
 * @module notify/aws-query
 * One AWS Query-protocol call (form-encoded `Action=...` POSTed to an endpoint), signed with SigV4
 * (@smithy/signature-v4), and its answer: the status and, for an error, the `<Code>` and `<Message>` of the
 * `<ErrorResponse>` envelope that SNS and SQS write.
 */
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface QueryTarget {
  /** e.g. http://127.0.0.1:5000 (a path, when present, is kept) */
  endpoint: string;
  /** the SigV4 signing name: `sns`, `sqs` */
  service: string;
  region: string;
  credentials: Credentials;
}

export interface QueryAnswer {
  status: number;
  body: string;
  /** the error code, when the call failed with an AWS error envelope */
  code?: string;
  message?: string;
}

function element(xml: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return m?.[1];
}

/** POSTs the parameters, signed for `target`; network failures and timeouts reject. */
export async function queryCall(target: QueryTarget, params: Record<string, string>, signal?: AbortSignal): Promise<QueryAnswer> {
  const url = new URL(target.endpoint);
  const body = new URLSearchParams(params).toString();
  const signer = new SignatureV4({ service: target.service, region: target.region, credentials: target.credentials, sha256: Sha256 });
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: url.pathname || '/',
    query: {},
    headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body,
  });
  const res = await fetch(url, { method: 'POST', headers: signed.headers, body, signal });
  const text = await res.text();
  if (res.ok) return { status: res.status, body: text };
  return { status: res.status, body: text, code: element(text, 'Code'), message: element(text, 'Message') };
}
