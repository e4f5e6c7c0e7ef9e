/**
 * @module api/ec2
 * The EC2 operation table: each resource's handlers. An operation of the model with no handler here
 * answers InvalidAction.
 */
import type { HandlerTable } from '../handler.js';
import { regionHandlers } from './regions.js';
import { tagHandlers } from './tags.js';
import { vpcHandlers } from './vpcs.js';
import { subnetHandlers } from './subnets.js';
import { routeTableHandlers } from './route-tables.js';
import { networkInterfaceHandlers } from './network-interfaces.js';
import { securityGroupHandlers } from './security-groups.js';
import { prefixListHandlers } from './prefix-lists.js';
import { endpointServiceHandlers } from './endpoint-services.js';
import { connectionNotificationHandlers } from './connection-notifications.js';
import { vpcEndpointHandlers } from './vpc-endpoints.js';
import { endpointConnectionHandlers } from './endpoint-connections.js';

export const EC2_HANDLERS: HandlerTable = {
  ...regionHandlers,
  ...tagHandlers,
  ...vpcHandlers,
  ...subnetHandlers,
  ...routeTableHandlers,
  ...networkInterfaceHandlers,
  ...securityGroupHandlers,
  ...prefixListHandlers,
  ...endpointServiceHandlers,
  ...connectionNotificationHandlers,
  ...vpcEndpointHandlers,
  ...endpointConnectionHandlers,
};
