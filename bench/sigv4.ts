/**
 * @module bench/sigv4
 * Signs the load generator's requests with AWS Signature Version 4 (Authorization header form,
 * docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html).
 *
 * The load generator signs tens of thousands of requests while it measures, on the same machine as the
 * servers, so signing must cost microseconds: this signer uses node:crypto and caches each derived signing
 * key. `checkAgainstSmithy` proves it equal to @smithy/signature-v4 (the signer of the AWS SDK v3) before
 * the bench trusts it.
 */
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded; charset=utf-8';
const SIGNED_HEADERS = 'content-type;host;x-amz-date';

const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex');
const hmac = (key: Buffer | string, s: string) => createHmac('sha256', key).update(s).digest();

/** yyyymmddThhmmssZ */
function amzDate(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export class Signer {
  private readonly keys = new Map<string, Buffer>();

  /** Headers (Host, Content-Type, X-Amz-Date, Authorization) for a form-encoded POST to `/`. */
  sign(creds: Credentials, region: string, service: string, host: string, body: string, now = new Date()): Record<string, string> {
    const date = amzDate(now);
    const day = date.slice(0, 8);
    const scope = `${day}/${region}/${service}/aws4_request`;
    const canonical = `POST\n/\n\ncontent-type:${FORM_CONTENT_TYPE}\nhost:${host}\nx-amz-date:${date}\n\n${SIGNED_HEADERS}\n${sha256Hex(body)}`;
    const stringToSign = `AWS4-HMAC-SHA256\n${date}\n${scope}\n${sha256Hex(canonical)}`;
    const signature = createHmac('sha256', this.signingKey(creds.secretAccessKey, day, region, service)).update(stringToSign).digest('hex');
    return {
      'Host': host,
      'Content-Type': FORM_CONTENT_TYPE,
      'X-Amz-Date': date,
      'Authorization': `AWS4-HMAC-SHA256 Credential=${creds.accessKeyId}/${scope}, SignedHeaders=${SIGNED_HEADERS}, Signature=${signature}`,
    };
  }

  private signingKey(secret: string, day: string, region: string, service: string): Buffer {
    const id = `${secret}/${day}/${region}/${service}`;
    let key = this.keys.get(id);
    if (!key) {
      key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), service), 'aws4_request');
      this.keys.set(id, key);
    }
    return key;
  }
}

/** Throws unless this signer and @smithy/signature-v4 produce the same Authorization header. */
export async function checkAgainstSmithy(): Promise<void> {
  const creds = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
  const now = new Date('2025-01-02T03:04:05Z');
  const host = '127.0.0.1:4580';
  const body = 'Action=DescribeVpcs&Version=2016-11-15&VpcId.1=vpc-0123456789abcdef0';
  const ours = new Signer().sign(creds, 'eu-west-1', 'ec2', host, body, now);
  const smithy = new SignatureV4({ credentials: creds, region: 'eu-west-1', service: 'ec2', sha256: Sha256, applyChecksum: false });
  const signed = await smithy.sign({
    method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: 4580, path: '/', query: {},
    headers: { 'host': host, 'content-type': FORM_CONTENT_TYPE }, body,
  }, { signingDate: now });
  if (signed.headers.authorization !== ours.Authorization) {
    throw new Error(`the bench signer disagrees with @smithy/signature-v4:\n  ours   ${ours.Authorization}\n  smithy ${String(signed.headers.authorization)}`);
  }
}
