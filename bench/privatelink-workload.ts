/**
 * @module bench/privatelink-workload
 * What the PrivateLink part of the bench asks of each server, identical for Postern and moto_server:
 * interface endpoints to an AWS service, each with one subnet of the account-region's default VPC, and the
 * checks their responses must pass.
 *
 * Why interface endpoints to `com.amazonaws.<region>.sqs`: it is the kind of endpoint PrivateLink is about
 * (a requester-managed network interface per subnet, DNS entries, security groups), and both servers
 * create it fully (moto_server 5.x makes the network interface and a DNS entry; it does not check the
 * service name). Private DNS is turned off: AWS lets only one endpoint of a VPC hold a service's private
 * DNS name, and the listing puts thousands of endpoints to the same service in one VPC.
 */
import { ec2Body, type Call, type PhaseSpec, type Target } from './load.js';
import { count, SetupError, values, type AccountRegion, type Limits } from './workload.js';

export const endpointService = (region: string): string => `com.amazonaws.${region}.sqs`;

/** The default VPC of an account-region and its default subnets, in Availability Zone order. */
export interface EndpointSite extends AccountRegion {
  vpcId: string;
  subnetIds: string[];
}

export interface CreatedEndpoint extends AccountRegion {
  vpcEndpointId: string;
}

const filter = (name: string, value: string) => ({ 'Filter.1.Name': name, 'Filter.1.Value.1': value });

/**
 * DescribeSubnets default-for-az=true in each account-region: the default VPC and its subnets, one per AZ.
 * It is also the account-region's first call, which sets it up (default VPC) before anything is measured.
 */
export function findSites(name: string, scopes: readonly AccountRegion[], sites: EndpointSite[], limits: Limits): PhaseSpec {
  return {
    name, ...limits, maxCalls: Math.min(limits.maxCalls, scopes.length),
    call: (i) => ({ ...scopes[i]!, body: ec2Body('DescribeSubnets', filter('default-for-az', 'true')) }),
    check: (i, body) => {
      const subnets = values(body, 'subnetId');
      const zones = values(body, 'availabilityZone');
      const vpcs = new Set(values(body, 'vpcId'));
      if (subnets.length === 0 || zones.length !== subnets.length || vpcs.size !== 1) return 'not the default subnets of one VPC';
      const byZone = subnets.map((id, k) => ({ id, zone: zones[k]! })).sort((a, b) => a.zone.localeCompare(b.zone));
      sites[i] = { ...scopes[i]!, vpcId: [...vpcs][0]!, subnetIds: byZone.map((s) => s.id) };
      return undefined;
    },
  };
}

/**
 * CreateVpcEndpoint (Interface, one subnet, private DNS off), round the sites: call k goes to site k mod n,
 * into the next of its default subnets in turn, until each site has `perSite`. The phase's calls are
 * numbered from `first` (the endpoints made before it), and `created[k]` is filled for each call k.
 */
export function createEndpoints(name: string, sites: readonly EndpointSite[], perSite: number, created: CreatedEndpoint[], first: number, limits: Limits): PhaseSpec {
  const where = (i: number) => {
    const k = first + i;
    const site = sites[k % sites.length]!;
    return { k, site, subnetId: site.subnetIds[Math.floor(k / sites.length) % site.subnetIds.length]! };
  };
  return {
    name, ...limits, maxCalls: Math.max(0, Math.min(limits.maxCalls, sites.length * perSite - first)),
    call: (i) => {
      const { site, subnetId } = where(i);
      return {
        account: site.account, region: site.region,
        body: ec2Body('CreateVpcEndpoint', {
          VpcEndpointType: 'Interface', VpcId: site.vpcId, ServiceName: endpointService(site.region), 'SubnetId.1': subnetId, PrivateDnsEnabled: false,
        }),
      };
    },
    check: (i, body) => {
      const { k, site, subnetId } = where(i);
      const id = values(body, 'vpcEndpointId')[0];
      const state = values(body, 'state')[0];
      const ok = id?.startsWith('vpce-') && values(body, 'vpcId')[0] === site.vpcId && values(body, 'serviceName')[0] === endpointService(site.region)
        && body.includes(`<subnetIdSet><item>${subnetId}</item></subnetIdSet>`) && /<networkInterfaceIdSet><item>eni-[0-9a-f]+<\/item><\/networkInterfaceIdSet>/.test(body)
        && (state === 'pending' || state === 'available');
      if (!ok) return `not an interface endpoint of ${site.vpcId} in ${subnetId} with one network interface`;
      created[k] = { account: site.account, region: site.region, vpcEndpointId: id! };
      return undefined;
    },
  };
}

/** DescribeVpcEndpoints with one VpcEndpointId, round the given endpoints. */
export function describeEndpointsById(name: string, endpoints: readonly CreatedEndpoint[], limits: Limits): PhaseSpec {
  return {
    name, ...limits, maxCalls: endpoints.length ? limits.maxCalls : 0,
    call: (i) => {
      const e = endpoints[i % endpoints.length]!;
      return { account: e.account, region: e.region, body: ec2Body('DescribeVpcEndpoints', { 'VpcEndpointId.1': e.vpcEndpointId }) };
    },
    check: (i, body) => {
      const ids = values(body, 'vpcEndpointId');
      const want = endpoints[i % endpoints.length]!.vpcEndpointId;
      return ids.length === 1 && ids[0] === want ? undefined : `not exactly ${want}: ${ids.join(',')}`;
    },
  };
}

/**
 * DescribeVpcEndpoints with no filter and no MaxResults in an account-region that holds exactly the given
 * endpoints, all available: one call lists them all. `seen.bytes` gets the size of the first response body.
 */
export function listEndpoints(name: string, scope: AccountRegion, ids: ReadonlySet<string>, limits: Limits, seen: { bytes?: number } = {}): PhaseSpec {
  return {
    name, ...limits,
    call: () => ({ ...scope, body: ec2Body('DescribeVpcEndpoints') }),
    check: (i, body) => {
      seen.bytes ??= Buffer.byteLength(body);
      const n = count(body, 'vpcEndpointId');
      if (n !== ids.size) return `${n} endpoints instead of ${ids.size}`;
      const available = body.split('<state>available</state>').length - 1;
      if (available !== ids.size) return `${available} of ${ids.size} endpoints available`;
      // The ids themselves on the first response of each worker; counting is enough after that.
      if (i < limits.concurrency && !values(body, 'vpcEndpointId').every((id) => ids.has(id))) return 'endpoints other than the ones created';
      return undefined;
    },
  };
}

/**
 * Waits until no endpoint of the account-region is pending any more: Postern makes its endpoints available
 * after the provisioning delay, moto_server at once. Bounded by `maxMs`.
 */
export async function settle(target: Target, scope: AccountRegion, maxMs: number): Promise<number> {
  const call: Call = { ...scope, body: ec2Body('DescribeVpcEndpoints', filter('vpc-endpoint-state', 'pending')) };
  const start = Date.now();
  for (;;) {
    const r = await target.send(call);
    if (r.status !== 200) throw new SetupError(`DescribeVpcEndpoints vpc-endpoint-state=pending: ${r.status} ${r.body.slice(0, 300)}`);
    const pending = count(r.body, 'vpcEndpointId');
    if (pending === 0) return Date.now() - start;
    if (Date.now() - start > maxMs) throw new SetupError(`${pending} endpoints still pending after ${maxMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * More VPCs for the listing's account-region, up to AWS's quota of 5 VPCs per Region with the default one:
 * VPC 10.<v>.0.0/16 with two /20 subnets, in Availability Zones a and b.
 */
export async function addVpcs(target: Target, scope: AccountRegion, count: number): Promise<EndpointSite[]> {
  const send = async (action: string, params: Record<string, string>): Promise<string> => {
    const r = await target.send({ ...scope, body: ec2Body(action, params) });
    if (r.status !== 200) throw new SetupError(`${action}: ${r.status} ${r.body.slice(0, 300)}`, /<Code>InvalidAction</.test(r.body));
    return r.body;
  };
  const sites: EndpointSite[] = [];
  for (let v = 1; v <= count; v++) {
    const vpcId = values(await send('CreateVpc', { CidrBlock: `10.${v}.0.0/16` }), 'vpcId')[0];
    if (!vpcId) throw new SetupError('CreateVpc returned no vpcId');
    const subnetIds: string[] = [];
    for (const [k, zone] of ['a', 'b'].entries()) {
      const id = values(await send('CreateSubnet', { VpcId: vpcId, CidrBlock: `10.${v}.${16 * k}.0/20`, AvailabilityZone: `${scope.region}${zone}` }), 'subnetId')[0];
      if (!id) throw new SetupError('CreateSubnet returned no subnetId');
      subnetIds.push(id);
    }
    sites.push({ ...scope, vpcId, subnetIds });
  }
  return sites;
}
