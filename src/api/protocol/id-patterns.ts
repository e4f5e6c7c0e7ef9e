/**
 * @module api/protocol/id-patterns
 * EC2 id shapes of the model and the `.Malformed` error AWS gives for a value that is not an id of that
 * kind (rules R12). Keyed by model shape name, so every member typed with one of these shapes, in every
 * operation, is checked by the parser.
 */
import { MalformedId } from '../../control/errors.js';

export interface IdKind { prefix: string; code: string; subject?: string }

export const ID_SHAPES: Readonly<Record<string, IdKind>> = {
  VpcId: { prefix: 'vpc', code: 'InvalidVpcID.Malformed' },
  SubnetId: { prefix: 'subnet', code: 'InvalidSubnetId.Malformed', subject: 'Subnet Id' },
  SecurityGroupId: { prefix: 'sg', code: 'InvalidGroupId.Malformed' },
  SecurityGroupRuleId: { prefix: 'sgr', code: 'InvalidSecurityGroupRuleId.Malformed' },
  RouteTableId: { prefix: 'rtb', code: 'InvalidRouteTableId.Malformed' },
  RouteTableAssociationId: { prefix: 'rtbassoc', code: 'InvalidAssociationID.Malformed' },
  NetworkInterfaceId: { prefix: 'eni', code: 'InvalidNetworkInterfaceId.Malformed' },
  PrefixListResourceId: { prefix: 'pl', code: 'InvalidPrefixListId.Malformed' },
  VpcEndpointId: { prefix: 'vpce', code: 'InvalidVpcEndpointId.Malformed' },
  VpcEndpointServiceId: { prefix: 'vpce-svc', code: 'InvalidVpcEndpointServiceId.Malformed' },
  ConnectionNotificationId: { prefix: 'vpce-nfn', code: 'InvalidConnectionNotification.Malformed' },
};

/** AWS ids are a prefix, a dash and 8 (older) or 17 lowercase hex digits. */
const patterns = new Map(Object.entries(ID_SHAPES).map(([shape, kind]) =>
  [shape, { kind, re: new RegExp(`^${kind.prefix}-([0-9a-f]{8}|[0-9a-f]{17})$`) }]));

export function checkIdShape(shapeName: string, value: string): void {
  const p = patterns.get(shapeName);
  if (p && !p.re.test(value)) throw new MalformedId(p.kind.code, p.kind.subject ?? 'Id', value, p.kind.prefix);
}
