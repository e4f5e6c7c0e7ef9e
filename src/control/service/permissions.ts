/**
 * @module control/service/permissions
 * Who may discover and connect to an endpoint service: DescribeVpcEndpointServicePermissions and
 * ModifyVpcEndpointServicePermissions (rules R53-R59, R182). Each allowed principal is a taggable resource
 * `vpce-svc-perm-<17 hex>` (rules R7), child of its service, in the provider's account. lookup.ts reads them
 * to decide what a consumer sees.
 *
 *   *                                  -> All       (every principal of every account)
 *   arn:aws:iam::<account>:root        -> Account   (every principal of the account)
 *   arn:aws:iam::<account>:user/<name> -> User      arn:aws:iam::<account>:role/<name> -> Role   (no paths)
 *   <service>.amazonaws.com            -> Service
 */
import type { Caller, ControlDeps } from '../context.js';
import type { Tag } from '../../store/store.js';
import { applyFilters, paginate, type Filter } from '../describe.js';
import { AwsError } from '../errors.js';
import { clampMaxResults } from './service-configurations.js';
import { getServiceConfiguration, VPC_ENDPOINT_SERVICE_PERMISSION, type AllowedPrincipal } from './records.js';

type PrincipalType = AllowedPrincipal['PrincipalType'];

export interface AllowedPrincipalView extends AllowedPrincipal {
  Tags: Tag[];
}

export interface ModifyPermissionsInput {
  ServiceId: string;
  AddAllowedPrincipals?: string[];
  RemoveAllowedPrincipals?: string[];
}

export interface DescribePermissionsInput {
  ServiceId: string;
  Filters?: Filter[];
  MaxResults?: number;
  NextToken?: string;
}

/** AWS's answer to a principal it does not accept (hashicorp/terraform-provider-aws#16657, HTTP 400). */
export class InvalidPrincipal extends AwsError {
  constructor(principal: string) { super('InvalidPrincipal', `Invalid Principal: '${principal}'`); }
}

/** A filter value AWS refuses: the principal filter takes no `/` (rules R182). */
class UnsupportedFilterValue extends AwsError {
  constructor(value: string) { super('InvalidFilter', `The filter value ${value} contains unsupported characters`); }
}

const IAM_ARN = /^arn:aws(?:-[a-z]+)*:iam::(\d{12}):(root|user\/[\w+=,.@-]+|role\/[\w+=,.@-]+)$/;
const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com$/;

/** The PrincipalType of an allowed principal; ARNs with paths and anything else are refused (rules R54). */
export function principalTypeOf(principal: string): PrincipalType {
  if (principal === '*') return 'All';
  const m = IAM_ARN.exec(principal);
  if (m) return m[2] === 'root' ? 'Account' : m[2]!.startsWith('user/') ? 'User' : 'Role';
  if (SERVICE_PRINCIPAL.test(principal)) return 'Service';
  throw new InvalidPrincipal(principal);
}

export function servicePermissionService(deps: ControlDeps) {
  return {
    /**
     * Removes, then adds. Adding a principal that is already allowed keeps its permission (and id); removing
     * one cuts no existing connection (rules R57). AddedPrincipals lists what the request added, with ids
     * (Terraform's allowed_principal resource takes its id from there, rules R55).
     */
    async modify(caller: Caller, input: ModifyPermissionsInput): Promise<{ AddedPrincipals: AllowedPrincipal[] }> {
      const add = [...new Set(input.AddAllowedPrincipals ?? [])];
      const types = add.map(principalTypeOf);
      return deps.store.write(async (tx) => {
        const service = await getServiceConfiguration(tx, caller, input.ServiceId);
        const existing = (await tx.listResources<AllowedPrincipal>(caller, VPC_ENDPOINT_SERVICE_PERMISSION, service.ServiceId)).map((r) => r.data);
        const remove = new Set(input.RemoveAllowedPrincipals ?? []);
        for (const p of existing.filter((e) => remove.has(e.Principal))) await tx.deleteResource(caller, p.ServicePermissionId);
        const kept = existing.filter((e) => !remove.has(e.Principal));
        const added: AllowedPrincipal[] = [];
        for (const [i, principal] of add.entries()) {
          const same = kept.find((e) => e.Principal === principal);
          if (same) { added.push(same); continue; }
          const permission: AllowedPrincipal = {
            PrincipalType: types[i]!,
            Principal: principal,
            ServicePermissionId: deps.ids.resourceId('vpce-svc-perm'),
            ServiceId: service.ServiceId,
          };
          await tx.insertResource(caller, { id: permission.ServicePermissionId, type: VPC_ENDPOINT_SERVICE_PERMISSION, parentId: service.ServiceId, data: permission });
          added.push(permission);
        }
        return { AddedPrincipals: added };
      });
    },

    /** The permissions of one of the caller's services, filtered by `principal` and `principal-type`. */
    async describe(caller: Caller, input: DescribePermissionsInput): Promise<{ AllowedPrincipals: AllowedPrincipalView[]; NextToken?: string }> {
      for (const f of input.Filters ?? []) {
        const bad = f.Name === 'principal' ? f.Values?.find((v) => v.includes('/')) : undefined;
        if (bad !== undefined) throw new UnsupportedFilterValue(bad);
      }
      return deps.store.read(async (tx) => {
        const service = await getServiceConfiguration(tx, caller, input.ServiceId);
        const permissions = (await tx.listResources<AllowedPrincipal>(caller, VPC_ENDPOINT_SERVICE_PERMISSION, service.ServiceId)).map((r) => r.data);
        const tags = await tx.getTags(caller, permissions.map((p) => p.ServicePermissionId));
        const items = permissions.map((p) => {
          const t = tags.get(p.ServicePermissionId) ?? [];
          return { item: { ...p, Tags: t }, tags: t };
        });
        const filtered = applyFilters(items, input.Filters, {
          'principal': (p) => p.Principal,
          'principal-type': (p) => p.PrincipalType,
        });
        const page = paginate(filtered.map((t) => t.item), clampMaxResults(input.MaxResults), input.NextToken);
        return { AllowedPrincipals: page.items, NextToken: page.nextToken };
      });
    },
  };
}
