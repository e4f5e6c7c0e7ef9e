/**
 * @module control/context
 * What every control-plane module is given: the store, the clock, the id generator and the settings;
 * and who is calling.
 */
import type { Store } from '../store/store.js';
import type { IdGenerator } from './ids.js';
import type { EventBus } from './events.js';

export interface Caller {
  accountId: string;
  region: string;
  /** arn:aws:iam::<account>:root, or a user or role of that account */
  principalArn: string;
}

export interface Quotas {
  /** VPCs per Region (AWS default 5) */
  vpcsPerRegion: number;
  /** subnets per VPC (AWS default 200) */
  subnetsPerVpc: number;
  /** security groups per VPC (AWS default 2500) */
  securityGroupsPerVpc: number;
  /** inbound or outbound rules per security group (AWS default 60) */
  rulesPerSecurityGroup: number;
  /** route tables per VPC (AWS default 200) */
  routeTablesPerVpc: number;
  /** non-propagated routes per route table (AWS default 50) */
  routesPerRouteTable: number;
  /** interface and Gateway Load Balancer endpoints per VPC, combined (rules R134: 50) */
  interfaceEndpointsPerVpc: number;
  /** gateway endpoints per Region (rules R135: 20) */
  gatewayEndpointsPerRegion: number;
  /** gateway endpoints per VPC (rules R135: hard maximum 255) */
  gatewayEndpointsPerVpc: number;
}

export interface ControlSettings {
  /** how long a new load balancer stays `provisioning` before it is `active`, in ms */
  loadBalancerProvisioningMs: number;
  /** how long an endpoint stays `pending` (and `deleting`) while it is realized, in ms; AWS takes minutes */
  endpointProvisioningMs: number;
  /** how long a deleted endpoint stays listed as `deleted` (rules R36), in ms */
  deletedEndpointRetentionMs: number;
  /** how long private DNS verification keeps retrying before it is `failed` (rules R93), in ms */
  privateDnsVerificationWindowMs: number;
  quotas: Quotas;
}

export interface ControlDeps {
  store: Store;
  clock: () => Date;
  ids: IdGenerator;
  settings: ControlSettings;
  events: EventBus;
}

export const DEFAULT_SETTINGS: ControlSettings = {
  loadBalancerProvisioningMs: 500,
  endpointProvisioningMs: 300,
  deletedEndpointRetentionMs: 60_000,
  privateDnsVerificationWindowMs: 30_000,
  quotas: {
    vpcsPerRegion: 5, subnetsPerVpc: 200, securityGroupsPerVpc: 2500, rulesPerSecurityGroup: 60, routeTablesPerVpc: 200,
    routesPerRouteTable: 50, interfaceEndpointsPerVpc: 50, gatewayEndpointsPerRegion: 20, gatewayEndpointsPerVpc: 255,
  },
};
