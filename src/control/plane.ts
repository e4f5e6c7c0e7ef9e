/**
 * @module control/plane
 * The control plane: one service per resource, all sharing the same dependencies.
 */
import type { ControlDeps } from './context.js';
import { accountService } from './accounts/accounts.js';
import { tagService } from './tags/tags.js';
import { vpcService } from './vpc/vpc.js';
import { regionService } from './regions/region-service.js';

export function createControlPlane(deps: ControlDeps) {
  return {
    deps,
    accounts: accountService(deps),
    regions: regionService(deps),
    tags: tagService(deps),
    vpcs: vpcService(deps),
  };
}

export type ControlPlane = ReturnType<typeof createControlPlane>;
