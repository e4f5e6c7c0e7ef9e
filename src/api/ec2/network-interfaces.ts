/**
 * @module api/ec2/network-interfaces
 * DescribeNetworkInterfaces.
 */
import type { DescribeNetworkInterfacesRequest } from '@aws-sdk/client-ec2';
import type { Handler, HandlerTable } from '../handler.js';
import type { NetworkInterfaceWithTags } from '../../control/network-interface/network-interface-service.js';

// An interface carries tagSet even when empty (API reference, DescribeNetworkInterfaces sample).
const toWire = ({ networkInterface, tags }: NetworkInterfaceWithTags) => ({ ...networkInterface, TagSet: tags });

const describeNetworkInterfaces: Handler<DescribeNetworkInterfacesRequest> = async (ctx, input) => {
  const { networkInterfaces, nextToken } = await ctx.control.networkInterfaces.describe(ctx.caller, input);
  return { NetworkInterfaces: networkInterfaces.map(toWire), NextToken: nextToken };
};

export const networkInterfaceHandlers: HandlerTable = { DescribeNetworkInterfaces: describeNetworkInterfaces };
