/**
 * @module control/store-declarations
 * What the control plane tells the store about how it reads, so that the store keeps what makes those
 * reads fast (StoreDeclarations). Reads outside these declarations still work, more slowly.
 */
import type { SharedTypes, SiblingFields, StoreDeclarations } from '../store/store.js';
import { VPC_ENDPOINT } from './endpoint/records.js';
import { NETWORK_INTERFACE } from './network-interface/network-interfaces.js';
import { SECURITY_GROUP, SECURITY_GROUP_RULE } from './security-group/records.js';
import { VPC_ENDPOINT_SERVICE } from './service/records.js';
import { SUBNET } from './subnet/records.js';

/**
 * The fields that checks across siblings read on every create (tx.listChildFields), per resource type:
 * the store keeps them beside each document so that those checks never read whole documents. A check
 * reading a field not listed here reads every sibling's document.
 */
export const SIBLING_FIELDS: SiblingFields = {
  // a new subnet must not overlap the VPC's others; without a zone it goes where the VPC has fewest
  [SUBNET]: ['CidrBlock', 'AvailabilityZoneId'],
  // endpoint quotas per VPC, private DNS names and S3 gateway checks (endpoint/endpoints.ts); fields that
  // never change, so that a change of state leaves the index alone (a deleted endpoint leaves its VPC)
  [VPC_ENDPOINT]: ['VpcEndpointId', 'VpcEndpointType', 'ServiceName'],
  // the lowest free address of a subnet
  [NETWORK_INTERFACE]: ['PrivateIpAddress'],
  // the VPC's default group, which interface endpoints get when none is named
  [SECURITY_GROUP]: ['GroupId', 'GroupName'],
};

/**
 * The rows listed across accounts (tx.listResourcesOfAllAccounts), and what by: the endpoints connected to
 * a provider's services by the provider's account (an endpoint to an AWS service has no provider to list
 * it), the services a consumer may see all together, the rules referencing a group by the group's account.
 * Only these rows are indexed across accounts; every other row is spared that index entry on write.
 */
export const SHARED_TYPES: SharedTypes = {
  // 'amazon': the Owner of AWS services (service/lookup.ts)
  [VPC_ENDPOINT]: { by: 'ServiceOwner', unless: { field: 'ServiceOwner', is: 'amazon' } },
  [VPC_ENDPOINT_SERVICE]: true,
  [SECURITY_GROUP_RULE]: { by: 'ReferencedGroupInfo.UserId' },
};

export const STORE_DECLARATIONS: StoreDeclarations = { siblingFields: SIBLING_FIELDS, sharedTypes: SHARED_TYPES };
