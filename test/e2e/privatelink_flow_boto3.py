"""Issue 4's provider/consumer flow driven by boto3 (run by test/e2e/privatelink-flow-boto3.test.ts).

Account A (the provider, keys in the environment): VPC -> subnets in two AZs -> internal NLB (waiter
load_balancer_available) -> endpoint service with AcceptanceRequired -> permission for B's root ARN.
Account B (the consumer, keys in argv): finds the service by name -> VPC + subnets in the service's zone
ids -> interface endpoint (pendingAcceptance) -> A sees and accepts it -> B polls until available ->
A's service delete is refused -> A rejects -> B deletes -> deleting / deleted -> NotFound -> A deletes
the service.

The script records what it sees (ids, states in the order seen, DNS entries, interfaces, error codes and
messages) in one JSON report on stdout, which the node test checks against AWS's values and formats; an
unexpected error ends it with a traceback and a non-zero exit status.

argv: B's access key id, B's secret key, B's account id.
"""
import json
import os
import sys
import time

import boto3
from botocore.exceptions import ClientError
from boto3_errors import error_of

URL = os.environ["POSTERN_URL"]
REGION = os.environ.get("AWS_DEFAULT_REGION", "us-east-1")
ec2_a = boto3.client("ec2", endpoint_url=URL, region_name=REGION)
elbv2_a = boto3.client("elbv2", endpoint_url=URL, region_name=REGION)
ec2_b = boto3.client("ec2", endpoint_url=URL, region_name=REGION, aws_access_key_id=sys.argv[1], aws_secret_access_key=sys.argv[2])
account_b = sys.argv[3]
report = {}


def zone_ids(ec2):
    return {z["ZoneName"]: z["ZoneId"] for z in ec2.describe_availability_zones()["AvailabilityZones"]}


def poll(read, done, timeout=10.0):
    """Reads until done(value); returns the distinct values seen, in order."""
    seen = []
    deadline = time.monotonic() + timeout
    while True:
        value = read()
        if not seen or seen[-1] != value:
            seen.append(value)
        if done(value):
            return seen
        if time.monotonic() > deadline:
            raise AssertionError(f"not reached within {timeout} s; seen {seen}")
        time.sleep(0.04)


def unsuccessful(response):
    return [[u["ResourceId"], u["Error"]["Code"], u["Error"].get("Message")] for u in response["Unsuccessful"]]


# A: VPC, two subnets, NLB, service requiring acceptance
zones_a = zone_ids(ec2_a)
vpc_a = ec2_a.create_vpc(CidrBlock="10.30.0.0/16")["Vpc"]["VpcId"]
subnets_a = [ec2_a.create_subnet(VpcId=vpc_a, CidrBlock=f"10.30.{i + 1}.0/24", AvailabilityZone=zone)["Subnet"]["SubnetId"]
             for i, zone in enumerate(sorted(zones_a)[:2])]
lb_arn = elbv2_a.create_load_balancer(Name="pl-boto3", Type="network", Scheme="internal", Subnets=subnets_a)["LoadBalancers"][0]["LoadBalancerArn"]
elbv2_a.get_waiter("load_balancer_available").wait(LoadBalancerArns=[lb_arn], WaiterConfig={"Delay": 1, "MaxAttempts": 20})
service = ec2_a.create_vpc_endpoint_service_configuration(NetworkLoadBalancerArns=[lb_arn], AcceptanceRequired=True)["ServiceConfiguration"]
service_id, service_name = service["ServiceId"], service["ServiceName"]
report["lbArn"] = lb_arn
report["service"] = {k: service.get(k) for k in (
    "ServiceId", "ServiceName", "ServiceType", "ServiceState", "AcceptanceRequired", "ManagesVpcEndpoints",
    "NetworkLoadBalancerArns", "BaseEndpointDnsNames", "PrivateDnsNameConfiguration")}
report["serviceZoneIds"] = sorted(zones_a[z] for z in service["AvailabilityZones"])
report["providerZones"] = sorted(service["AvailabilityZones"])
report["providerSubnetZones"] = sorted(sorted(zones_a)[:2])

# B cannot see it until A allows B's root ARN
report["invisible"] = error_of(ec2_b.describe_vpc_endpoint_services, ServiceNames=[service_name])
permissions = ec2_a.modify_vpc_endpoint_service_permissions(ServiceId=service_id, AddAllowedPrincipals=[f"arn:aws:iam::{account_b}:root"])
report["addedPrincipals"] = permissions["AddedPrincipals"]
report["permissionsReturn"] = permissions["ReturnValue"]
report["allowedPrincipals"] = ec2_a.describe_vpc_endpoint_service_permissions(ServiceId=service_id)["AllowedPrincipals"]

# B finds it by name; its AZs come in B's names
zones_b = zone_ids(ec2_b)
found = ec2_b.describe_vpc_endpoint_services(ServiceNames=[service_name])
detail = found["ServiceDetails"][0]
report["found"] = {"ServiceNames": found["ServiceNames"], "count": len(found["ServiceDetails"]),
                   **{k: detail.get(k) for k in ("ServiceId", "Owner", "ServiceType", "AcceptanceRequired", "VpcEndpointPolicySupported", "BaseEndpointDnsNames")}}
report["consumerZones"] = sorted(detail["AvailabilityZones"])
report["consumerZoneIds"] = sorted(zones_b[z] for z in detail["AvailabilityZones"])

# B: VPC and subnets in the service's zones (by zone id), an interface endpoint
vpc_b = ec2_b.create_vpc(CidrBlock="10.40.0.0/16")["Vpc"]["VpcId"]
ec2_b.modify_vpc_attribute(VpcId=vpc_b, EnableDnsHostnames={"Value": True})
subnets_b = [ec2_b.create_subnet(VpcId=vpc_b, CidrBlock=f"10.40.{i + 1}.0/24", AvailabilityZoneId=zone_id)["Subnet"]["SubnetId"]
             for i, zone_id in enumerate(report["consumerZoneIds"])]
report["consumerSubnets"] = subnets_b
created = ec2_b.create_vpc_endpoint(VpcEndpointType="Interface", VpcId=vpc_b, ServiceName=service_name, SubnetIds=subnets_b)["VpcEndpoint"]
endpoint_id = created["VpcEndpointId"]
report["created"] = {k: created.get(k) for k in ("VpcEndpointId", "State", "VpcEndpointType", "ServiceName", "OwnerId", "VpcId")}


def endpoint_state():
    return ec2_b.describe_vpc_endpoints(VpcEndpointIds=[endpoint_id])["VpcEndpoints"][0]["State"]


def connections():
    return ec2_a.describe_vpc_endpoint_connections(Filters=[{"Name": "service-id", "Values": [service_id]}])["VpcEndpointConnections"]


# A sees the request and accepts it; B polls until available
report["requests"] = [{k: c.get(k) for k in ("ServiceId", "VpcEndpointId", "VpcEndpointOwner", "VpcEndpointState", "NetworkLoadBalancerArns")}
                      for c in connections()]
report["providerDelete"] = unsuccessful(ec2_a.delete_vpc_endpoints(VpcEndpointIds=[endpoint_id]))
report["accept"] = unsuccessful(ec2_a.accept_vpc_endpoint_connections(ServiceId=service_id, VpcEndpointIds=[endpoint_id]))
report["statesAfterAccept"] = poll(endpoint_state, lambda s: s == "available")
available = ec2_b.describe_vpc_endpoints(VpcEndpointIds=[endpoint_id])["VpcEndpoints"][0]
report["dnsEntries"] = available["DnsEntries"]
report["connectionAfterAccept"] = [c["VpcEndpointState"] for c in connections()]
report["networkInterfaceIds"] = sorted(available["NetworkInterfaceIds"])
enis = ec2_b.describe_network_interfaces(Filters=[{"Name": "vpc-id", "Values": [vpc_b]}, {"Name": "interface-type", "Values": ["vpc_endpoint"]}])["NetworkInterfaces"]
report["networkInterfaces"] = sorted(({k: n.get(k) for k in ("NetworkInterfaceId", "SubnetId", "InterfaceType", "RequesterManaged", "OwnerId",
                                                               "Description", "Status", "PrivateIpAddress")} for n in enis),
                                     key=lambda n: n["SubnetId"])

# The service cannot be deleted while the connection is available; A rejects it
report["serviceDeleteRefused"] = unsuccessful(ec2_a.delete_vpc_endpoint_service_configurations(ServiceIds=[service_id]))
report["reject"] = unsuccessful(ec2_a.reject_vpc_endpoint_connections(ServiceId=service_id, VpcEndpointIds=[endpoint_id]))
report["rejected"] = [endpoint_state(), [c["VpcEndpointState"] for c in connections()]]

# B deletes it: deleting / deleted, then NotFound


def state_or_gone():
    try:
        return endpoint_state()
    except ClientError as err:
        return err.response["Error"]["Code"]


report["delete"] = unsuccessful(ec2_b.delete_vpc_endpoints(VpcEndpointIds=[endpoint_id]))
report["statesAfterDelete"] = poll(state_or_gone, lambda s: s not in ("deleting", "deleted"), timeout=15.0)
report["goneError"] = error_of(ec2_b.describe_vpc_endpoints, VpcEndpointIds=[endpoint_id])
report["goneInterface"] = error_of(ec2_b.describe_network_interfaces, NetworkInterfaceIds=report["networkInterfaceIds"][:1])
report["deleteAgain"] = unsuccessful(ec2_b.delete_vpc_endpoints(VpcEndpointIds=[endpoint_id]))

# With no active connection the service deletes
report["serviceDelete"] = unsuccessful(ec2_a.delete_vpc_endpoint_service_configurations(ServiceIds=[service_id]))
report["serviceGone"] = error_of(ec2_b.describe_vpc_endpoint_services, ServiceNames=[service_name])

json.dump(report, sys.stdout, default=str)
