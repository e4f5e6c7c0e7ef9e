"""Issue 3's end-to-end flow driven by boto3 (run by test/e2e/flow-boto3.test.ts).

VPC (tags, DNS hostnames) -> subnets in two AZs (by name, by zone id) -> security groups and rules
-> route table + association -> internal NLB across both subnets (waiter load_balancer_available)
-> TCP target group (proxy_protocol_v2) -> listener -> ip targets -> filters, boto3 paginators, tags
-> teardown in dependency order, each resource then answering its NotFound error.

The script records what it sees (ids, states, pages, tags, error codes and messages) in one JSON report
on stdout, which the node test checks against AWS's values and formats; an unexpected error or a call
that should have failed ends it with a traceback and a non-zero exit status. POSTERN_URL and the
account's keys come from the environment.
"""
import json
import os
import sys

import boto3
from boto3_errors import error_of

URL = os.environ["POSTERN_URL"]
REGION = os.environ.get("AWS_DEFAULT_REGION", "us-east-1")
ec2 = boto3.client("ec2", endpoint_url=URL, region_name=REGION)
elbv2 = boto3.client("elbv2", endpoint_url=URL, region_name=REGION)
report = {}


def tags_of(tags):
    return sorted(f"{t['Key']}={t['Value']}" for t in tags or [])


def ids(items, key):
    return sorted(item[key] for item in items)


# VPC with tags, DNS hostnames enabled
vpc = ec2.create_vpc(
    CidrBlock="10.2.0.0/16",
    TagSpecifications=[{"ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": "flow-boto3"}, {"Key": "flow", "Value": "boto3"}]}],
)["Vpc"]
vpc_id = vpc["VpcId"]
vpc_filter = {"Name": "vpc-id", "Values": [vpc_id]}
report["vpc"] = {"VpcId": vpc_id, "CidrBlock": vpc["CidrBlock"], "OwnerId": vpc["OwnerId"], "Tags": tags_of(vpc["Tags"])}
report["dnsHostnames"] = [ec2.describe_vpc_attribute(VpcId=vpc_id, Attribute="enableDnsHostnames")["EnableDnsHostnames"]["Value"]]
ec2.modify_vpc_attribute(VpcId=vpc_id, EnableDnsHostnames={"Value": True})
report["dnsHostnames"].append(ec2.describe_vpc_attribute(VpcId=vpc_id, Attribute="enableDnsHostnames")["EnableDnsHostnames"]["Value"])
report["vpcsByTagName"] = ids(ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["flow-boto3"]}])["Vpcs"], "VpcId")
report["vpcsByTagKey"] = ids(ec2.describe_vpcs(Filters=[{"Name": "tag-key", "Values": ["flow"]}])["Vpcs"], "VpcId")

# Subnets in two AZs: one by zone name, one by zone id
zones = sorted(ec2.describe_availability_zones()["AvailabilityZones"], key=lambda z: z["ZoneName"])
zone_a, zone_b = zones[0], zones[1]
report["zones"] = [{"ZoneName": z["ZoneName"], "ZoneId": z["ZoneId"]} for z in (zone_a, zone_b)]
subnet_a = ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.2.1.0/24", AvailabilityZone=zone_a["ZoneName"])["Subnet"]
subnet_b = ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.2.2.0/24", AvailabilityZoneId=zone_b["ZoneId"])["Subnet"]
subnet_ids = [subnet_a["SubnetId"], subnet_b["SubnetId"]]
report["subnets"] = [
    {k: s[k] for k in ("SubnetId", "VpcId", "CidrBlock", "AvailabilityZone", "AvailabilityZoneId", "AvailableIpAddressCount", "SubnetArn")}
    for s in (subnet_a, subnet_b)
]
report["subnetsInZoneB"] = ids(ec2.describe_subnets(Filters=[vpc_filter, {"Name": "availability-zone", "Values": [zone_b["ZoneName"]]}])["Subnets"], "SubnetId")
report["deleteVpcWithSubnets"] = error_of(ec2.delete_vpc, VpcId=vpc_id)

# Security groups: ingress from a CIDR and from a group, one egress rule
clients_sg = ec2.create_security_group(VpcId=vpc_id, GroupName="flow-clients", Description="clients of the service")["GroupId"]
web = ec2.create_security_group(
    VpcId=vpc_id, GroupName="flow-web", Description="the service behind the NLB",
    TagSpecifications=[{"ResourceType": "security-group", "Tags": [{"Key": "Name", "Value": "flow-web"}]}],
)
web_sg = web["GroupId"]
ingress = ec2.authorize_security_group_ingress(GroupId=web_sg, IpPermissions=[
    {"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "IpRanges": [{"CidrIp": "10.2.0.0/16"}]},
    {"IpProtocol": "tcp", "FromPort": 9090, "ToPort": 9090, "UserIdGroupPairs": [{"GroupId": clients_sg}]},
])
egress = ec2.authorize_security_group_egress(GroupId=web_sg, IpPermissions=[
    {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "IpRanges": [{"CidrIp": "10.2.2.0/24"}]},
])
report["securityGroups"] = {"clients": clients_sg, "web": web_sg, "webArn": web["SecurityGroupArn"]}
report["ruleIds"] = [r["SecurityGroupRuleId"] for r in ingress["SecurityGroupRules"] + egress["SecurityGroupRules"]]
report["duplicateIngress"] = error_of(ec2.authorize_security_group_ingress, GroupId=web_sg, IpPermissions=[
    {"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "IpRanges": [{"CidrIp": "10.2.0.0/16"}]},
])
found = ec2.describe_security_groups(Filters=[vpc_filter, {"Name": "group-name", "Values": ["flow-web"]}])["SecurityGroups"]
report["webByName"] = [{
    "GroupId": g["GroupId"],
    "Tags": tags_of(g.get("Tags")),
    "Ingress": sorted([p["IpProtocol"], p["FromPort"], [r["CidrIp"] for r in p["IpRanges"]], [u["GroupId"] for u in p["UserIdGroupPairs"]]] for p in g["IpPermissions"]),
    "Egress": sorted([p["IpProtocol"], [r["CidrIp"] for r in p["IpRanges"]]] for p in g["IpPermissionsEgress"]),
} for g in found]
report["groupsByTag"] = ids(ec2.describe_security_groups(Filters=[{"Name": "tag:Name", "Values": ["flow-web"]}])["SecurityGroups"], "GroupId")

# Route table associated with subnet A
rtb = ec2.create_route_table(VpcId=vpc_id)["RouteTable"]
rtb_id = rtb["RouteTableId"]
association = ec2.associate_route_table(RouteTableId=rtb_id, SubnetId=subnet_a["SubnetId"])
report["routeTable"] = {"RouteTableId": rtb_id, "Routes": rtb["Routes"], "AssociationId": association["AssociationId"],
                        "AssociationState": association["AssociationState"]["State"]}
report["routeTablesBySubnet"] = ids(ec2.describe_route_tables(Filters=[{"Name": "association.subnet-id", "Values": [subnet_a["SubnetId"]]}])["RouteTables"], "RouteTableId")

# Internal NLB across both subnets, waited for with the load_balancer_available waiter
lb = elbv2.create_load_balancer(Name="flow-boto3", Type="network", Scheme="internal", Subnets=subnet_ids,
                                Tags=[{"Key": "flow", "Value": "boto3"}])["LoadBalancers"][0]
lb_arn = lb["LoadBalancerArn"]
elbv2.get_waiter("load_balancer_available").wait(LoadBalancerArns=[lb_arn], WaiterConfig={"Delay": 1, "MaxAttempts": 20})
active = elbv2.describe_load_balancers(Names=["flow-boto3"])["LoadBalancers"][0]
report["loadBalancer"] = {
    "LoadBalancerArn": lb_arn, "DNSName": lb["DNSName"], "Scheme": lb["Scheme"], "Type": lb["Type"], "VpcId": lb["VpcId"],
    "States": [lb["State"]["Code"], active["State"]["Code"]],
    "Zones": sorted([z["ZoneName"], z["SubnetId"]] for z in lb["AvailabilityZones"]),
}
enis = ec2.describe_network_interfaces(Filters=[vpc_filter, {"Name": "interface-type", "Values": ["network_load_balancer"]}])["NetworkInterfaces"]
report["nlbInterfaces"] = sorted(({k: n[k] for k in ("NetworkInterfaceId", "SubnetId", "Description", "PrivateIpAddress", "RequesterManaged", "Status")}
                                  for n in enis), key=lambda n: n["SubnetId"])
report["availableIpsWithNlb"] = [s["AvailableIpAddressCount"] for s in ec2.describe_subnets(SubnetIds=subnet_ids)["Subnets"]]
eni_in_a = next(n["NetworkInterfaceId"] for n in enis if n["SubnetId"] == subnet_a["SubnetId"])
ec2.create_route(RouteTableId=rtb_id, DestinationCidrBlock="192.168.0.0/16", NetworkInterfaceId=eni_in_a)
report["routeTablesByRoute"] = ids(ec2.describe_route_tables(Filters=[{"Name": "route.destination-cidr-block", "Values": ["192.168.0.0/16"]}])["RouteTables"], "RouteTableId")

# TCP target group with proxy protocol v2, a listener, ip targets
tg = elbv2.create_target_group(Name="flow-boto3-tcp", Protocol="TCP", Port=8080, VpcId=vpc_id, TargetType="ip")["TargetGroups"][0]
tg_arn = tg["TargetGroupArn"]
extra_tg_arn = elbv2.create_target_group(Name="flow-boto3-extra", Protocol="TCP", Port=9000, VpcId=vpc_id, TargetType="ip")["TargetGroups"][0]["TargetGroupArn"]


def proxy_protocol():
    attributes = elbv2.describe_target_group_attributes(TargetGroupArn=tg_arn)["Attributes"]
    return next(a["Value"] for a in attributes if a["Key"] == "proxy_protocol_v2.enabled")


report["proxyProtocolV2"] = [proxy_protocol()]
elbv2.modify_target_group_attributes(TargetGroupArn=tg_arn, Attributes=[{"Key": "proxy_protocol_v2.enabled", "Value": "true"}])
report["proxyProtocolV2"].append(proxy_protocol())
listener = elbv2.create_listener(LoadBalancerArn=lb_arn, Protocol="TCP", Port=80,
                                 DefaultActions=[{"Type": "forward", "TargetGroupArn": tg_arn}])["Listeners"][0]
listener_arn = listener["ListenerArn"]
elbv2.register_targets(TargetGroupArn=tg_arn, Targets=[{"Id": "10.2.1.10"}, {"Id": "10.2.2.10", "Port": 8443}])
report["targetGroup"] = {"TargetGroupArn": tg_arn, "Protocol": tg["Protocol"], "Port": tg["Port"], "TargetType": tg["TargetType"]}
report["listener"] = {"ListenerArn": listener_arn, "Port": listener["Port"], "Protocol": listener["Protocol"],
                      "Forward": [a["TargetGroupArn"] for a in listener["DefaultActions"]]}
report["targetHealth"] = sorted([d["Target"]["Id"], d["Target"]["Port"], d["Target"]["AvailabilityZone"], d["TargetHealth"]["State"],
                                 d["TargetHealth"]["Reason"]] for d in elbv2.describe_target_health(TargetGroupArn=tg_arn)["TargetHealthDescriptions"])

# Pagination with boto3's paginators: EC2's MaxResults/NextToken over the account's subnets (the default
# VPC's and ours), ELBv2's PageSize/Marker over the target groups (ELBv2 paginators have no limit key,
# so PageSize goes in as a parameter).
subnet_pages = [ids(page["Subnets"], "SubnetId")
                for page in ec2.get_paginator("describe_subnets").paginate(PaginationConfig={"PageSize": 5})]
tg_pages = [ids(page["TargetGroups"], "TargetGroupArn") for page in elbv2.get_paginator("describe_target_groups").paginate(PageSize=1)]
report["subnetPages"] = subnet_pages
report["allSubnets"] = ids(ec2.describe_subnets()["Subnets"], "SubnetId")
report["targetGroupPages"] = tg_pages

# Tags: create_tags then find by tag; describe_tags on both APIs
ec2.create_tags(Resources=subnet_ids, Tags=[{"Key": "tier", "Value": "private"}])
elbv2.add_tags(ResourceArns=[tg_arn], Tags=[{"Key": "flow", "Value": "boto3"}])
report["subnetsByTag"] = ids(ec2.describe_subnets(Filters=[{"Name": "tag:tier", "Values": ["private"]}])["Subnets"], "SubnetId")
report["subnetsByTagKey"] = ids(ec2.describe_subnets(Filters=[vpc_filter, {"Name": "tag-key", "Values": ["tier"]}])["Subnets"], "SubnetId")
report["ec2Tags"] = sorted([t["ResourceId"], t["ResourceType"], t["Key"], t["Value"]]
                           for t in ec2.describe_tags(Filters=[{"Name": "key", "Values": ["tier"]}])["Tags"])
report["elbTags"] = [[d["ResourceArn"], tags_of(d["Tags"])] for d in elbv2.describe_tags(ResourceArns=[lb_arn, tg_arn])["TagDescriptions"]]

# Teardown in dependency order; each resource is then NotFound
gone = {}
elbv2.delete_listener(ListenerArn=listener_arn)
gone["listener"] = error_of(elbv2.describe_listeners, ListenerArns=[listener_arn])
elbv2.delete_target_group(TargetGroupArn=tg_arn)
elbv2.delete_target_group(TargetGroupArn=extra_tg_arn)
gone["targetGroup"] = error_of(elbv2.describe_target_groups, TargetGroupArns=[tg_arn])
elbv2.delete_load_balancer(LoadBalancerArn=lb_arn)
elbv2.get_waiter("load_balancers_deleted").wait(LoadBalancerArns=[lb_arn], WaiterConfig={"Delay": 1, "MaxAttempts": 20})
gone["loadBalancer"] = error_of(elbv2.describe_load_balancers, LoadBalancerArns=[lb_arn])
gone["networkInterface"] = error_of(ec2.describe_network_interfaces, NetworkInterfaceIds=[eni_in_a])
report["availableIpsAfterNlb"] = [s["AvailableIpAddressCount"] for s in ec2.describe_subnets(SubnetIds=subnet_ids)["Subnets"]]
ec2.disassociate_route_table(AssociationId=association["AssociationId"])
gone["association"] = error_of(ec2.disassociate_route_table, AssociationId=association["AssociationId"])
ec2.delete_route_table(RouteTableId=rtb_id)
gone["routeTable"] = error_of(ec2.describe_route_tables, RouteTableIds=[rtb_id])
report["deleteReferencedGroup"] = error_of(ec2.delete_security_group, GroupId=clients_sg)
ec2.delete_security_group(GroupId=web_sg)
ec2.delete_security_group(GroupId=clients_sg)
gone["securityGroup"] = error_of(ec2.describe_security_groups, GroupIds=[web_sg])
for subnet_id in subnet_ids:
    ec2.delete_subnet(SubnetId=subnet_id)
gone["subnet"] = error_of(ec2.describe_subnets, SubnetIds=[subnet_b["SubnetId"]])
ec2.delete_vpc(VpcId=vpc_id)
gone["vpc"] = error_of(ec2.describe_vpcs, VpcIds=[vpc_id])
report["gone"] = gone

json.dump(report, sys.stdout)
