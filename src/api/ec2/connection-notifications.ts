/**
 * @module api/ec2/connection-notifications
 * CreateVpcEndpointConnectionNotification, ModifyVpcEndpointConnectionNotification,
 * DeleteVpcEndpointConnectionNotifications, DescribeVpcEndpointConnectionNotifications.
 */
import type {
  CreateVpcEndpointConnectionNotificationRequest, DeleteVpcEndpointConnectionNotificationsRequest,
  DescribeVpcEndpointConnectionNotificationsRequest, ModifyVpcEndpointConnectionNotificationRequest,
} from '@aws-sdk/client-ec2';
import type { Handler, HandlerTable } from '../handler.js';
import type { ConnectionNotification } from '../../control/service/records.js';

/** The wire's ConnectionNotification: the record without Postern's bookkeeping (owner, client token). */
const toWire = (n: ConnectionNotification) => ({
  ConnectionNotificationId: n.ConnectionNotificationId,
  ServiceId: n.ServiceId,
  VpcEndpointId: n.VpcEndpointId,
  ConnectionNotificationType: n.ConnectionNotificationType,
  ConnectionNotificationArn: n.ConnectionNotificationArn,
  ConnectionEvents: n.ConnectionEvents,
  ConnectionNotificationState: n.ConnectionNotificationState,
});

const createVpcEndpointConnectionNotification: Handler<CreateVpcEndpointConnectionNotificationRequest> = async (ctx, input) => {
  const notification = await ctx.control.connectionNotifications.create(ctx.caller, {
    VpcEndpointId: input.VpcEndpointId,
    ServiceId: input.ServiceId,
    ConnectionNotificationArn: input.ConnectionNotificationArn!,
    ConnectionEvents: input.ConnectionEvents ?? [],
    ClientToken: input.ClientToken,
  });
  return { ConnectionNotification: toWire(notification), ClientToken: input.ClientToken };
};

const modifyVpcEndpointConnectionNotification: Handler<ModifyVpcEndpointConnectionNotificationRequest> = async (ctx, input) => {
  await ctx.control.connectionNotifications.modify(ctx.caller, {
    ConnectionNotificationId: input.ConnectionNotificationId!,
    ConnectionNotificationArn: input.ConnectionNotificationArn,
    ConnectionEvents: input.ConnectionEvents,
  });
  return { ReturnValue: true };
};

const deleteVpcEndpointConnectionNotifications: Handler<DeleteVpcEndpointConnectionNotificationsRequest> = async (ctx, input) =>
  ({ Unsuccessful: await ctx.control.connectionNotifications.delete(ctx.caller, input.ConnectionNotificationIds ?? []) });

const describeVpcEndpointConnectionNotifications: Handler<DescribeVpcEndpointConnectionNotificationsRequest> = async (ctx, input) => {
  const { notifications, nextToken } = await ctx.control.connectionNotifications.describe(ctx.caller, input);
  return { ConnectionNotificationSet: notifications.map(toWire), NextToken: nextToken };
};

export const connectionNotificationHandlers: HandlerTable = {
  CreateVpcEndpointConnectionNotification: createVpcEndpointConnectionNotification,
  ModifyVpcEndpointConnectionNotification: modifyVpcEndpointConnectionNotification,
  DeleteVpcEndpointConnectionNotifications: deleteVpcEndpointConnectionNotifications,
  DescribeVpcEndpointConnectionNotifications: describeVpcEndpointConnectionNotifications,
};
