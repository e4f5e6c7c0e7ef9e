/**
 * @module control/sibling-fields
 * The fields that checks across siblings read on every create (tx.listChildFields), per resource type:
 * the store keeps them beside each document so that those checks never read whole documents
 * (store/sqlite/sqlite-store.ts, SiblingFields). A check reading a field not listed here still works,
 * reading every sibling's document.
 */
import type { SiblingFields } from '../store/store.js';
import { VPC_ENDPOINT } from './endpoint/records.js';
import { NETWORK_INTERFACE } from './network-interface/network-interfaces.js';
import { SECURITY_GROUP } from './security-group/records.js';
import { SUBNET } from './subnet/records.js';

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
