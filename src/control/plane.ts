/**
 * @module control/plane
 * The control plane: one service per resource, all sharing the same dependencies.
 */
import type { ControlDeps } from './context.js';
import { accountService } from './accounts/accounts.js';
import { tagService } from './tags/tags.js';
import { vpcService } from './vpc/vpc.js';
import { regionService } from './regions/region-service.js';
import { subnetService } from './subnet/subnet.js';
import { routeTableService } from './route-table/route-table.js';
import { networkInterfaceService } from './network-interface/network-interface-service.js';
import { securityGroupService } from './security-group/security-group.js';
import { prefixListService } from './prefix-list/prefix-list.js';
import { loadBalancerService } from './load-balancer/load-balancers.js';
import { listenerService } from './load-balancer/listeners.js';
import { elbTagService } from './load-balancer/tags.js';
import { targetGroupService } from './target-group/target-groups.js';
import { targetService } from './target-group/targets.js';
import { serviceConfigurationService } from './service/service-configurations.js';
import { servicePermissionService } from './service/permissions.js';
import { connectionNotificationService } from './service/notifications.js';
import { vpcEndpointService } from './endpoint/endpoints.js';
import { endpointConnectionService } from './endpoint/connections.js';

export function createControlPlane(deps: ControlDeps) {
  return {
    deps,
    accounts: accountService(deps),
    regions: regionService(deps),
    tags: tagService(deps),
    vpcs: vpcService(deps),
    subnets: subnetService(deps),
    routeTables: routeTableService(deps),
    networkInterfaces: networkInterfaceService(deps),
    securityGroups: securityGroupService(deps),
    prefixLists: prefixListService(),
    loadBalancers: loadBalancerService(deps),
    listeners: listenerService(deps),
    targetGroups: targetGroupService(deps),
    targets: targetService(deps),
    serviceConfigurations: serviceConfigurationService(deps),
    servicePermissions: servicePermissionService(deps),
    elbTags: elbTagService(deps),
    connectionNotifications: connectionNotificationService(deps),
    endpoints: vpcEndpointService(deps),
    endpointConnections: endpointConnectionService(deps),
  };
}

export type ControlPlane = ReturnType<typeof createControlPlane>;
