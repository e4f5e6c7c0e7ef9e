/**
 * @module control/context
 * What every control-plane module is given: the store, the clock, the id generator and the settings;
 * and who is calling.
 */
import type { Store } from '../store/store.js';
import type { IdGenerator } from './ids.js';

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
}

export interface ControlSettings {
  /** how long a new load balancer stays `provisioning` before it is `active`, in ms */
  loadBalancerProvisioningMs: number;
  quotas: Quotas;
}

export interface ControlDeps {
  store: Store;
  clock: () => Date;
  ids: IdGenerator;
  settings: ControlSettings;
}

export const DEFAULT_SETTINGS: ControlSettings = {
  loadBalancerProvisioningMs: 500,
  quotas: { vpcsPerRegion: 5, subnetsPerVpc: 200, securityGroupsPerVpc: 2500, rulesPerSecurityGroup: 60, routeTablesPerVpc: 200, routesPerRouteTable: 50 },
};
