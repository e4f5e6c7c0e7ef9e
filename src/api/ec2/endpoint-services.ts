/**
 * @module api/ec2/endpoint-services
 * The provider's side of PrivateLink: endpoint service configurations, their permissions, private DNS name
 * verification and payer responsibility; and DescribeVpcEndpointServices, the consumer's catalogue.
 * Rules live in control/service; the serializer drops record fields the output shapes do not have.
 */
import type {
  CreateVpcEndpointServiceConfigurationRequest, DeleteVpcEndpointServiceConfigurationsRequest,
  DescribeVpcEndpointServiceConfigurationsRequest, DescribeVpcEndpointServicePermissionsRequest,
  DescribeVpcEndpointServicesRequest, ModifyVpcEndpointServiceConfigurationRequest,
  ModifyVpcEndpointServicePayerResponsibilityRequest, ModifyVpcEndpointServicePermissionsRequest,
  StartVpcEndpointServicePrivateDnsVerificationRequest,
} from '@aws-sdk/client-ec2';
import type { Handler, HandlerTable } from '../handler.js';
import type { ModifyServiceConfigurationInput } from '../../control/service/service-configurations.js';

const createVpcEndpointServiceConfiguration: Handler<CreateVpcEndpointServiceConfigurationRequest> = async (ctx, input) => {
  const { configuration, clientToken } = await ctx.control.serviceConfigurations.create(ctx.caller, input);
  return { ServiceConfiguration: configuration, ClientToken: clientToken };
};

const modifyVpcEndpointServiceConfiguration: Handler<ModifyVpcEndpointServiceConfigurationRequest> = async (ctx, input) => {
  await ctx.control.serviceConfigurations.modify(ctx.caller, input as ModifyServiceConfigurationInput);
  return { Return: true };
};

const deleteVpcEndpointServiceConfigurations: Handler<DeleteVpcEndpointServiceConfigurationsRequest> = async (ctx, input) =>
  ctx.control.serviceConfigurations.delete(ctx.caller, { ServiceIds: input.ServiceIds ?? [] });

const describeVpcEndpointServiceConfigurations: Handler<DescribeVpcEndpointServiceConfigurationsRequest> = async (ctx, input) => {
  const { configurations, nextToken } = await ctx.control.serviceConfigurations.describe(ctx.caller, input);
  return { ServiceConfigurations: configurations, NextToken: nextToken };
};

const describeVpcEndpointServices: Handler<DescribeVpcEndpointServicesRequest> = async (ctx, input) =>
  ctx.control.serviceConfigurations.describeServices(ctx.caller, input);

const describeVpcEndpointServicePermissions: Handler<DescribeVpcEndpointServicePermissionsRequest> = async (ctx, input) =>
  ctx.control.servicePermissions.describe(ctx.caller, { ...input, ServiceId: input.ServiceId! });

const modifyVpcEndpointServicePermissions: Handler<ModifyVpcEndpointServicePermissionsRequest> = async (ctx, input) => {
  const { AddedPrincipals } = await ctx.control.servicePermissions.modify(ctx.caller, { ...input, ServiceId: input.ServiceId! });
  return { AddedPrincipals, ReturnValue: true };
};

const startVpcEndpointServicePrivateDnsVerification: Handler<StartVpcEndpointServicePrivateDnsVerificationRequest> = async (ctx, input) => {
  await ctx.control.serviceConfigurations.startPrivateDnsVerification(ctx.caller, { ServiceId: input.ServiceId! });
  return { ReturnValue: true };
};

const modifyVpcEndpointServicePayerResponsibility: Handler<ModifyVpcEndpointServicePayerResponsibilityRequest> = async (ctx, input) => {
  await ctx.control.serviceConfigurations.modifyPayerResponsibility(ctx.caller, { ServiceId: input.ServiceId!, PayerResponsibility: input.PayerResponsibility! });
  return { ReturnValue: true };
};

export const endpointServiceHandlers: HandlerTable = {
  CreateVpcEndpointServiceConfiguration: createVpcEndpointServiceConfiguration,
  ModifyVpcEndpointServiceConfiguration: modifyVpcEndpointServiceConfiguration,
  DeleteVpcEndpointServiceConfigurations: deleteVpcEndpointServiceConfigurations,
  DescribeVpcEndpointServiceConfigurations: describeVpcEndpointServiceConfigurations,
  DescribeVpcEndpointServices: describeVpcEndpointServices,
  DescribeVpcEndpointServicePermissions: describeVpcEndpointServicePermissions,
  ModifyVpcEndpointServicePermissions: modifyVpcEndpointServicePermissions,
  StartVpcEndpointServicePrivateDnsVerification: startVpcEndpointServicePrivateDnsVerification,
  ModifyVpcEndpointServicePayerResponsibility: modifyVpcEndpointServicePayerResponsibility,
};
