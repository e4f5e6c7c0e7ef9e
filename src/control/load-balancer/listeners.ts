/**
 * @module control/load-balancer/listeners
 * Listeners of Network and Gateway Load Balancers: CreateListener, DeleteListener, DescribeListeners.
 * A listener's only action is `forward` to one target group of the load balancer's VPC whose protocol the
 * listener can carry (NLB guide, "Listeners" / "Target groups"):
 *
 *   listener TCP -> TCP, TCP_UDP      TLS -> TCP, TLS      UDP -> UDP, TCP_UDP      TCP_UDP -> TCP_UDP
 *   gateway load balancer: one listener, no port or protocol, forwarding to a GENEVE target group
 */
import type { Caller, ControlDeps } from '../context.js';
import type { Scope, StoreReader } from '../../store/store.js';
import { ValidationError } from '../errors.js';
import { getTargetGroup, type TargetGroup } from '../target-group/records.js';
import { elbArn, TYPE_SEGMENT } from './arns.js';
import {
  DuplicateListener, IncompatibleProtocols, InvalidConfigurationRequest, InvalidLoadBalancerAction, TargetGroupAssociationLimit,
  TooManyListeners, UnsupportedProtocol,
} from './errors.js';
import { pageByMarker } from './paging.js';
import { getListener, getLoadBalancer, LISTENER, listenersOf, loadBalancersOfTargetGroup, type LoadBalancer, type Listener, type ListenerAction } from './records.js';
import { requestTags } from './tags.js';

/** Listeners per Network Load Balancer (ELB quotas, default 50). */
const MAX_LISTENERS = 50;
/** The security policy of a TLS listener created without one (NLB guide, "Security policies"). */
const DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

const CARRIES: Record<NonNullable<Listener['Protocol']>, readonly string[]> = {
  TCP: ['TCP', 'TCP_UDP'], TLS: ['TCP', 'TLS'], UDP: ['UDP', 'TCP_UDP'], TCP_UDP: ['TCP_UDP'],
};

export interface CreateListenerInput {
  LoadBalancerArn: string;
  Protocol?: string;
  Port?: number;
  SslPolicy?: string;
  Certificates?: { CertificateArn?: string }[];
  DefaultActions: { Type?: string; TargetGroupArn?: string; Order?: number; ForwardConfig?: { TargetGroups?: { TargetGroupArn?: string; Weight?: number }[] } }[];
  AlpnPolicy?: string[];
  Tags?: { Key?: string; Value?: string }[];
}

export type ListenerView = Omit<Listener, 'Tags'>;

function listenerView(l: Listener): ListenerView {
  const { Tags: _t, ...rest } = l;
  return rest;
}

/** The listener's protocol and port: required on NLBs, absent on GWLBs. */
function checkProtocol(lb: LoadBalancer, input: CreateListenerInput): Pick<Listener, 'Protocol' | 'Port'> {
  if (lb.Type === 'gateway') {
    if (input.Protocol !== undefined || input.Port !== undefined) {
      throw new ValidationError('Protocol and port cannot be specified for listeners of Gateway Load Balancers');
    }
    return {};
  }
  if (input.Protocol === undefined) throw new ValidationError('A listener protocol must be specified for Network Load Balancers');
  if (!(input.Protocol in CARRIES)) throw new UnsupportedProtocol(`Protocol '${input.Protocol}' is not supported for Network Load Balancers`);
  if (input.Port === undefined) throw new ValidationError('A listener port must be specified for Network Load Balancers');
  return { Protocol: input.Protocol as Listener['Protocol'], Port: input.Port };
}

function checkTls(protocol: Listener['Protocol'], input: CreateListenerInput): Pick<Listener, 'Certificates' | 'SslPolicy' | 'AlpnPolicy'> {
  if (protocol !== 'TLS') {
    if (input.Certificates?.length || input.SslPolicy !== undefined || input.AlpnPolicy?.length) {
      throw new ValidationError('Certificates, SSL policies and ALPN policies can be specified only for TLS listeners');
    }
    return {};
  }
  const certificates = (input.Certificates ?? []).map((c) => ({ CertificateArn: c.CertificateArn ?? '' }));
  if (certificates.length !== 1) throw new ValidationError('A TLS listener needs exactly one default certificate');
  return { Certificates: certificates, SslPolicy: input.SslPolicy ?? DEFAULT_SSL_POLICY, AlpnPolicy: input.AlpnPolicy?.length ? input.AlpnPolicy : ['None'] };
}

/** The one target group a default action forwards to. */
function forwardTarget(lb: LoadBalancer, input: CreateListenerInput): string {
  if (input.DefaultActions.length !== 1) throw new ValidationError(`Listeners of ${lb.Type} load balancers take exactly one default action`);
  const action = input.DefaultActions[0]!;
  if (action.Type !== 'forward') throw new InvalidLoadBalancerAction(`The action type '${action.Type}' is not valid for ${lb.Type} load balancers`);
  const arns = new Set([action.TargetGroupArn, ...(action.ForwardConfig?.TargetGroups ?? []).map((t) => t.TargetGroupArn)].filter((a): a is string => !!a));
  if (arns.size !== 1) throw new ValidationError(`A forward action of a ${lb.Type} load balancer must name exactly one target group`);
  return [...arns][0]!;
}

async function checkTargetGroup(tx: StoreReader, scope: Scope, lb: LoadBalancer, protocol: Listener['Protocol'], tg: TargetGroup): Promise<void> {
  if (tg.VpcId !== lb.VpcId) {
    throw new InvalidConfigurationRequest(`Target group '${tg.TargetGroupArn}' is in VPC '${tg.VpcId}', not in the load balancer's VPC '${lb.VpcId}'`);
  }
  if (lb.Type === 'gateway' && tg.Protocol !== 'GENEVE') {
    throw new IncompatibleProtocols(`Gateway Load Balancer listeners are not supported with a target group with the protocol '${tg.Protocol}'`);
  }
  if (protocol) {
    if (tg.TargetType === 'alb' && protocol !== 'TCP') {
      throw new IncompatibleProtocols(`Listener protocol '${protocol}' is not supported with a target group with the target-type 'ALB'`);
    }
    if (!CARRIES[protocol].includes(tg.Protocol)) {
      throw new IncompatibleProtocols(`Listener protocol '${protocol}' is not supported with a target group with the protocol '${tg.Protocol}'`);
    }
  }
  // A Network or Gateway Load Balancer target group serves one load balancer.
  const others = (await loadBalancersOfTargetGroup(tx, scope, tg.TargetGroupArn)).filter((arn) => arn !== lb.LoadBalancerArn);
  if (others.length) throw new TargetGroupAssociationLimit(tg.TargetGroupArn);
}

export function listenerService(deps: ControlDeps) {
  return {
    async create(caller: Caller, input: CreateListenerInput): Promise<ListenerView> {
      const tags = requestTags(input.Tags);
      return deps.store.write(async (tx) => {
        const lb = await getLoadBalancer(tx, caller, input.LoadBalancerArn);
        const { Protocol, Port } = checkProtocol(lb, input);
        const tls = checkTls(Protocol, input);
        const tg = await getTargetGroup(tx, caller, forwardTarget(lb, input));
        await checkTargetGroup(tx, caller, lb, Protocol, tg);
        const action: ListenerAction = { Type: 'forward', TargetGroupArn: tg.TargetGroupArn, ForwardConfig: { TargetGroups: [{ TargetGroupArn: tg.TargetGroupArn }] } };

        const existing = await listenersOf(tx, caller, lb.LoadBalancerArn);
        const onPort = existing.find((l) => l.Port === Port);
        if (onPort) {
          // The same request twice returns the same listener (API reference: CreateListener is idempotent).
          if (onPort.Protocol === Protocol && onPort.DefaultActions[0]?.TargetGroupArn === tg.TargetGroupArn) return listenerView(onPort);
          throw new DuplicateListener(lb.LoadBalancerArn);
        }
        if (existing.length >= MAX_LISTENERS) throw new TooManyListeners();

        const [, , name, id] = lb.LoadBalancerArn.split(':')[5]!.split('/');
        const listener: Listener = {
          ListenerArn: elbArn(caller.region, caller.accountId, `listener/${TYPE_SEGMENT[lb.Type]}/${name}/${id}/${deps.ids.hex(16)}`),
          LoadBalancerArn: lb.LoadBalancerArn,
          Port,
          Protocol,
          ...tls,
          DefaultActions: [action],
          Tags: tags,
        };
        await tx.insertResource(caller, { id: listener.ListenerArn, type: LISTENER, parentId: lb.LoadBalancerArn, data: listener });
        return listenerView(listener);
      });
    },

    async delete(caller: Caller, input: { ListenerArn: string }): Promise<void> {
      await deps.store.write(async (tx) => {
        const listener = await getListener(tx, caller, input.ListenerArn);
        await tx.deleteResource(caller, listener.ListenerArn);
      });
    },

    async describe(caller: Caller, input: { LoadBalancerArn?: string; ListenerArns?: string[]; Marker?: string; PageSize?: number }): Promise<{ Listeners: ListenerView[]; NextMarker?: string }> {
      if (input.LoadBalancerArn !== undefined && input.ListenerArns?.length) {
        throw new ValidationError('Listener ARNs and a load balancer ARN cannot be specified at the same time');
      }
      if (input.LoadBalancerArn === undefined && !input.ListenerArns?.length) {
        throw new ValidationError('You must specify either listener ARNs or a load balancer ARN');
      }
      const listeners = await deps.store.read(async (tx) => {
        if (input.LoadBalancerArn !== undefined) {
          const lb = await getLoadBalancer(tx, caller, input.LoadBalancerArn);
          return listenersOf(tx, caller, lb.LoadBalancerArn);
        }
        const found: Listener[] = [];
        for (const arn of input.ListenerArns!) found.push(await getListener(tx, caller, arn));
        return found;
      });
      const page = pageByMarker(listeners, input.PageSize, input.Marker);
      return { Listeners: page.items.map(listenerView), NextMarker: page.NextMarker };
    },
  };
}
