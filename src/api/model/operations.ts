/**
 * @module api/model/operations
 * The operations whose shapes are kept in the trimmed models (scripts/trim-models.ts). An operation
 * listed here but without a handler answers AWS's InvalidAction, as AWS does for actions it does not serve.
 */
export const SERVED_OPERATIONS = {
  ec2: [
    // PrivateLink
    'CreateVpcEndpoint', 'ModifyVpcEndpoint', 'DeleteVpcEndpoints', 'DescribeVpcEndpoints',
    'CreateVpcEndpointServiceConfiguration', 'ModifyVpcEndpointServiceConfiguration',
    'DeleteVpcEndpointServiceConfigurations', 'DescribeVpcEndpointServiceConfigurations', 'DescribeVpcEndpointServices',
    'DescribeVpcEndpointServicePermissions', 'ModifyVpcEndpointServicePermissions', 'DescribeVpcEndpointConnections',
    'AcceptVpcEndpointConnections', 'RejectVpcEndpointConnections', 'CreateVpcEndpointConnectionNotification',
    'ModifyVpcEndpointConnectionNotification', 'DeleteVpcEndpointConnectionNotifications',
    'DescribeVpcEndpointConnectionNotifications', 'StartVpcEndpointServicePrivateDnsVerification',
    'ModifyVpcEndpointServicePayerResponsibility', 'DescribeVpcEndpointAssociations',
    // substrate
    'CreateVpc', 'DeleteVpc', 'DescribeVpcs', 'ModifyVpcAttribute', 'DescribeVpcAttribute',
    'CreateSubnet', 'DeleteSubnet', 'DescribeSubnets',
    'CreateSecurityGroup', 'DeleteSecurityGroup', 'DescribeSecurityGroups', 'AuthorizeSecurityGroupIngress',
    'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress', 'DescribeSecurityGroupRules',
    'CreateRouteTable', 'DeleteRouteTable', 'DescribeRouteTables', 'AssociateRouteTable', 'DisassociateRouteTable',
    'CreateRoute', 'DeleteRoute', 'ReplaceRoute',
    'DescribeNetworkInterfaces', 'DescribePrefixLists', 'DescribeManagedPrefixLists', 'GetManagedPrefixListEntries',
    'DescribeAvailabilityZones', 'DescribeRegions', 'DescribeAccountAttributes', 'CreateTags', 'DeleteTags', 'DescribeTags',
  ],
  elbv2: [
    'CreateLoadBalancer', 'DeleteLoadBalancer', 'DescribeLoadBalancers', 'ModifyLoadBalancerAttributes',
    'DescribeLoadBalancerAttributes', 'CreateTargetGroup', 'DeleteTargetGroup', 'DescribeTargetGroups', 'ModifyTargetGroup',
    'ModifyTargetGroupAttributes', 'DescribeTargetGroupAttributes', 'RegisterTargets', 'DeregisterTargets',
    'DescribeTargetHealth', 'CreateListener', 'DeleteListener', 'DescribeListeners', 'AddTags', 'RemoveTags', 'DescribeTags',
  ],
  sts: ['GetCallerIdentity'],
} as const;
