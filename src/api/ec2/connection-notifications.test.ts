import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MODELS } from '../model/index.js';
import { serializeResponse } from '../protocol/xml-serializer.js';
import { callerOf, controlFixture } from '../../control/testing/control-fixture.js';
import { insertEndpoint } from '../../control/testing/watched-records.js';
import type { ControlPlane } from '../../control/plane.js';
import { EC2_HANDLERS } from './index.js';

const EXAMPLES = new URL('../../../../shared/reference/wire-examples/', import.meta.url);
const CALLER = callerOf('123456789012');
/** The endpoint of the AWS samples. */
const ENDPOINT_ID = 'vpce-1234151a02f327123';

/** An XML document reduced to what the wire must match: no declaration, comments or indentation; ids as tokens. */
function skeleton(xml: string): string {
  return xml.replace(/<\?xml[^>]*\?>/, '').replace(/<!--[\s\S]*?-->/g, '').replace(/>\s+</g, '><').trim()
    .replace(/<requestId>[^<]*<\/requestId>/, '<requestId/>')
    .replace(/vpce-nfn-[0-9a-f]{17}/g, '<nfn-id>');
}

async function call(control: ControlPlane, operation: string, input: object): Promise<string> {
  const output = await EC2_HANDLERS[operation]!({ caller: CALLER, control, requestId: 'r' }, input);
  return skeleton(serializeResponse(MODELS.ec2, operation, output ?? undefined, 'r'));
}

async function withEndpoint(fn: (control: ControlPlane) => Promise<void>) {
  const { control, close } = await controlFixture();
  await insertEndpoint(control, CALLER, { id: ENDPOINT_ID });
  try {
    await fn(control);
  } finally {
    await close();
  }
}

test('R71 R72 CreateVpcEndpointConnectionNotification answers as the AWS sample', () => withEndpoint(async (control) => {
  const actual = await call(control, 'CreateVpcEndpointConnectionNotification', {
    VpcEndpointId: ENDPOINT_ID, ConnectionNotificationArn: 'arn:aws:sns:us-east-1:123456789012:endpointtopic', ConnectionEvents: ['Reject', 'Delete'],
  });
  assert.equal(actual, skeleton(readFileSync(new URL('ec2-CreateVpcEndpointConnectionNotification-endpoint.xml', EXAMPLES), 'utf8')));
}));

test('R75 DescribeVpcEndpointConnectionNotifications answers as the AWS sample', () => withEndpoint(async (control) => {
  await call(control, 'CreateVpcEndpointConnectionNotification', {
    VpcEndpointId: ENDPOINT_ID, ConnectionNotificationArn: 'arn:aws:sns:us-east-1:123456789012:EndpointNotification',
    ConnectionEvents: ['Connect', 'Accept', 'Delete', 'Reject'],
  });
  const actual = await call(control, 'DescribeVpcEndpointConnectionNotifications', {});
  assert.equal(actual, skeleton(readFileSync(new URL('ec2-DescribeVpcEndpointConnectionNotifications.xml', EXAMPLES), 'utf8')));
}));

test('R74 R66 Modify answers <return>true</return>; Delete answers an unsuccessful list', () => withEndpoint(async (control) => {
  const created = await call(control, 'CreateVpcEndpointConnectionNotification', {
    VpcEndpointId: ENDPOINT_ID, ConnectionNotificationArn: 'arn:aws:sns:us-east-1:123456789012:t', ConnectionEvents: ['Accept'], ClientToken: 'tok',
  });
  assert.match(created, /<clientToken>tok<\/clientToken>/);
  const { notifications } = await control.connectionNotifications.describe(CALLER, {});
  const id = notifications[0]!.ConnectionNotificationId;
  assert.match(await call(control, 'ModifyVpcEndpointConnectionNotification', { ConnectionNotificationId: id, ConnectionEvents: ['Connect'] }),
    /<requestId\/><return>true<\/return><\/ModifyVpcEndpointConnectionNotificationResponse>$/);
  assert.match(await call(control, 'DeleteVpcEndpointConnectionNotifications', { ConnectionNotificationIds: [id, 'vpce-nfn-0123456789abcdef0'] }),
    /<unsuccessful><item><error><code>InvalidConnectionNotification<\/code><message>.+?<\/message><\/error><resourceId><nfn-id><\/resourceId><\/item><\/unsuccessful>/);
  assert.match(await call(control, 'DeleteVpcEndpointConnectionNotifications', { ConnectionNotificationIds: [] }), /<unsuccessful\/>/);
}));
