/**
 * @module control/vpc/vpc
 * VPCs: CreateVpc, DescribeVpcs, DeleteVpc, ModifyVpcAttribute, DescribeVpcAttribute. Every VPC is born
 * with a main route table and a default security group, as on AWS; every account-region has a default
 * VPC (172.31.0.0/16) with a default /20 subnet per Availability Zone.
 */
import type { Caller, ControlDeps } from '../context.js';
import type { Scope, StoreReader, StoreWriter, Tag } from '../../store/store.js';
import { formatCidr, parseCidr } from '../cidr.js';
import { filterAndPage, selectResources, type Filter } from '../describe.js';
import { AwsError, DependencyViolation, InvalidParameterCombination, InvalidParameterValue, MissingParameter, notFound } from '../errors.js';
import { availabilityZones } from '../regions/regions.js';
import { tagsFromSpecifications, type TagSpecification } from '../tags/tags.js';
import { newRouteTable, ROUTE_TABLE, type RouteTable } from '../route-table/records.js';
import { newDefaultSecurityGroup, SECURITY_GROUP, SECURITY_GROUP_RULE, type SecurityGroup } from '../security-group/records.js';
import { newSubnet, SUBNET } from '../subnet/records.js';
import { VPC_ENDPOINT } from '../endpoint/records.js';

export interface Vpc {
  VpcId: string;
  CidrBlock: string;
  State: 'pending' | 'available';
  DhcpOptionsId: string;
  InstanceTenancy: 'default' | 'dedicated' | 'host';
  IsDefault: boolean;
  OwnerId: string;
  CidrBlockAssociationSet: { AssociationId: string; CidrBlock: string; CidrBlockState: { State: 'associated' } }[];
  BlockPublicAccessStates: { InternetGatewayBlockMode: 'off' };
  EnableDnsSupport: boolean;
  EnableDnsHostnames: boolean;
}

export const VPC = 'vpc';
const DEFAULT_VPC_CIDR = '172.31.0.0/16';

export interface VpcWithTags {
  vpc: Vpc;
  tags: Tag[];
}

export interface CreateVpcInput {
  CidrBlock?: string;
  InstanceTenancy?: 'default' | 'dedicated' | 'host';
  Ipv4IpamPoolId?: string;
  AmazonProvidedIpv6CidrBlock?: boolean;
  TagSpecifications?: TagSpecification[];
}

export interface DescribeVpcsInput {
  VpcIds?: string[];
  Filters?: Filter[];
  MaxResults?: number;
  NextToken?: string;
}

const ATTRIBUTES = { enableDnsSupport: 'EnableDnsSupport', enableDnsHostnames: 'EnableDnsHostnames' } as const;
type VpcAttributeName = keyof typeof ATTRIBUTES;

export async function getVpc(tx: StoreReader, scope: Scope, vpcId: string): Promise<Vpc> {
  const r = await tx.getResource<Vpc>(scope, vpcId);
  if (!r || r.type !== VPC) throw notFound(VPC, vpcId);
  return r.data;
}

/** Writes a VPC with its main route table and default security group. */
async function insertVpc(deps: ControlDeps, tx: StoreWriter, scope: Scope, cidr: string, isDefault: boolean, tenancy: Vpc['InstanceTenancy']): Promise<Vpc> {
  const vpcId = deps.ids.resourceId('vpc');
  const vpc: Vpc = {
    VpcId: vpcId,
    CidrBlock: cidr,
    State: 'available',
    DhcpOptionsId: `dopt-${deps.ids.hex(17)}`,
    InstanceTenancy: tenancy,
    IsDefault: isDefault,
    OwnerId: scope.accountId,
    CidrBlockAssociationSet: [{ AssociationId: deps.ids.resourceId('vpc-cidr-assoc'), CidrBlock: cidr, CidrBlockState: { State: 'associated' } }],
    BlockPublicAccessStates: { InternetGatewayBlockMode: 'off' },
    EnableDnsSupport: true,
    // DNS hostnames are on only in default VPCs (AWS VPC User Guide, "DNS attributes for your VPC").
    EnableDnsHostnames: isDefault,
  };
  await tx.insertResource(scope, { id: vpcId, type: VPC, data: vpc });
  const rtb = newRouteTable(deps, scope.accountId, vpcId, cidr, true);
  await tx.insertResource(scope, { id: rtb.RouteTableId, type: ROUTE_TABLE, parentId: vpcId, data: rtb });
  const sg = newDefaultSecurityGroup(deps, scope.region, scope.accountId, vpcId);
  await tx.insertResource(scope, { id: sg.group.GroupId, type: SECURITY_GROUP, parentId: vpcId, data: sg.group });
  for (const rule of sg.rules) await tx.insertResource(scope, { id: rule.SecurityGroupRuleId, type: SECURITY_GROUP_RULE, parentId: sg.group.GroupId, data: rule });
  return vpc;
}

/** The default VPC of a new account-region: 172.31.0.0/16 and a default /20 subnet in each AZ. */
export async function insertDefaultVpc(deps: ControlDeps, tx: StoreWriter, scope: Scope): Promise<Vpc> {
  const vpc = await insertVpc(deps, tx, scope, DEFAULT_VPC_CIDR, true, 'default');
  let third = 0;
  for (const zone of availabilityZones(scope.accountId, scope.region)) {
    const subnet = newSubnet(deps, scope.region, scope.accountId, vpc.VpcId, `172.31.${third}.0/20`, zone, true);
    third += 16;
    await tx.insertResource(scope, { id: subnet.SubnetId, type: SUBNET, parentId: vpc.VpcId, data: subnet });
  }
  return vpc;
}

export function vpcService(deps: ControlDeps) {
  return {
    async create(caller: Caller, input: CreateVpcInput): Promise<VpcWithTags> {
      if (input.Ipv4IpamPoolId !== undefined) {
        throw new InvalidParameterValue('IPAM pools are not supported by Postern; specify CidrBlock.');
      }
      if (input.CidrBlock === undefined) throw new MissingParameter('CidrBlock');
      const cidr = parseCidr(input.CidrBlock);
      if (!cidr) throw new InvalidParameterValue(`Value (${input.CidrBlock}) for parameter cidrBlock is invalid. This is not a valid CIDR block.`);
      if (cidr.prefix < 16 || cidr.prefix > 28) throw new AwsError('InvalidVpc.Range', `The CIDR '${input.CidrBlock}' is invalid.`);
      const tags = tagsFromSpecifications(input.TagSpecifications, VPC);
      return deps.store.write(async (tx) => {
        const existing = await tx.listResources<Vpc>(caller, VPC);
        if (existing.length >= deps.settings.quotas.vpcsPerRegion) {
          throw new AwsError('VpcLimitExceeded', 'The maximum number of VPCs has been reached.');
        }
        const vpc = await insertVpc(deps, tx, caller, formatCidr(cidr), false, input.InstanceTenancy ?? 'default');
        await tx.putTags(caller, vpc.VpcId, tags);
        // The create response shows the VPC still `pending`; it is `available` from the next read (API reference sample).
        return { vpc: { ...vpc, State: 'pending' as const }, tags };
      });
    },

    async describe(caller: Caller, input: DescribeVpcsInput): Promise<{ vpcs: VpcWithTags[]; nextToken?: string }> {
      return deps.store.read(async (tx) => {
        const vpcs = await selectResources<Vpc>(tx, caller, VPC, input.VpcIds);
        const page = await filterAndPage(tx, caller, vpcs, (v) => v.VpcId, input, {
          'cidr': (v) => v.CidrBlock,
          'cidr-block-association.cidr-block': (v) => v.CidrBlockAssociationSet.map((a) => a.CidrBlock),
          'cidr-block-association.association-id': (v) => v.CidrBlockAssociationSet.map((a) => a.AssociationId),
          'cidr-block-association.state': (v) => v.CidrBlockAssociationSet.map((a) => a.CidrBlockState.State),
          'dhcp-options-id': (v) => v.DhcpOptionsId,
          'ipv6-cidr-block-association.ipv6-cidr-block': () => [],
          'ipv6-cidr-block-association.ipv6-pool': () => [],
          'ipv6-cidr-block-association.association-id': () => [],
          'ipv6-cidr-block-association.state': () => [],
          'is-default': (v) => v.IsDefault,
          'owner-id': (v) => v.OwnerId,
          'state': (v) => v.State,
          'vpc-id': (v) => v.VpcId,
        });
        return { vpcs: page.items.map((t) => ({ vpc: t.item, tags: t.tags })), nextToken: page.nextToken };
      });
    },

    async delete(caller: Caller, input: { VpcId: string }): Promise<void> {
      await deps.store.write(async (tx) => {
        const vpc = await getVpc(tx, caller, input.VpcId);
        const groups = await tx.listResources<SecurityGroup>(caller, SECURITY_GROUP, vpc.VpcId);
        const tables = await tx.listResources<RouteTable>(caller, ROUTE_TABLE, vpc.VpcId);
        const dependents = [
          ...(await tx.listResources(caller, SUBNET, vpc.VpcId)),
          ...groups.filter((g) => g.data.GroupName !== 'default'),
          ...tables.filter((t) => !t.data.Associations.some((a) => a.Main)),
          // A `deleted` endpoint stays listed for a while (rules R36) but is no longer the VPC's child.
          ...(await tx.listResources(caller, VPC_ENDPOINT, vpc.VpcId)),
        ];
        if (dependents.length > 0) {
          throw new DependencyViolation(`The vpc '${vpc.VpcId}' has dependencies and cannot be deleted.`);
        }
        for (const g of groups) {
          for (const rule of await tx.listResources(caller, SECURITY_GROUP_RULE, g.id)) await tx.deleteResource(caller, rule.id);
          await tx.deleteResource(caller, g.id);
        }
        for (const t of tables) await tx.deleteResource(caller, t.id);
        await tx.deleteResource(caller, vpc.VpcId);
      });
    },

    async modifyAttribute(caller: Caller, input: { VpcId: string; EnableDnsSupport?: { Value?: boolean }; EnableDnsHostnames?: { Value?: boolean } }): Promise<void> {
      const changes = [input.EnableDnsSupport, input.EnableDnsHostnames].filter((c) => c !== undefined);
      // One attribute per request (API reference, ModifyVpcAttribute).
      if (changes.length === 0) throw new MissingParameter('EnableDnsSupport or EnableDnsHostnames');
      if (changes.length > 1) throw new InvalidParameterCombination('Fields for multiple attribute types specified: enableDnsSupport, enableDnsHostnames');
      await deps.store.write(async (tx) => {
        const vpc = await getVpc(tx, caller, input.VpcId);
        if (input.EnableDnsSupport?.Value !== undefined) {
          if (!input.EnableDnsSupport.Value && vpc.EnableDnsHostnames) {
            // Hostnames need DNS support; AWS refuses to turn support off under them.
            throw new InvalidParameterCombination('enableDnsHostnames requires enableDnsSupport to be true');
          }
          vpc.EnableDnsSupport = input.EnableDnsSupport.Value;
        }
        if (input.EnableDnsHostnames?.Value !== undefined) {
          if (input.EnableDnsHostnames.Value && !vpc.EnableDnsSupport) {
            throw new InvalidParameterCombination('Cannot enable DNS hostnames without DNS support on the VPC.');
          }
          vpc.EnableDnsHostnames = input.EnableDnsHostnames.Value;
        }
        await tx.updateResource(caller, { id: vpc.VpcId, type: VPC, data: vpc });
      });
    },

    async describeAttribute(caller: Caller, input: { VpcId: string; Attribute: string }): Promise<{ VpcId: string; EnableDnsSupport?: { Value: boolean }; EnableDnsHostnames?: { Value: boolean } }> {
      const field = ATTRIBUTES[input.Attribute as VpcAttributeName];
      if (!field) throw new InvalidParameterValue(`Value (${input.Attribute}) for parameter attribute is invalid. Unknown attribute.`);
      const vpc = await deps.store.read((tx) => getVpc(tx, caller, input.VpcId));
      return { VpcId: vpc.VpcId, [field]: { Value: vpc[field] } };
    },
  };
}
