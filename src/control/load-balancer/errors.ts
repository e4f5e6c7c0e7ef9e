/**
 * @module control/load-balancer/errors
 * The ELBv2 errors Postern answers with. Codes and HTTP statuses are the model's (src/api/model/elbv2.json,
 * each error shape's `error.code` / `error.httpStatusCode`); messages are AWS's where they have been seen
 * from AWS (rules R170, R171 and the sources cited per class). Input that fails ELBv2's own validation is
 * `ValidationError` (control/errors.ts).
 */
import { AwsError } from '../errors.js';

/** A list as AWS's Java services print it inside messages: `[a, b]`. */
function javaList(items: readonly string[]): string {
  return `[${items.join(', ')}]`;
}

export class LoadBalancerNotFound extends AwsError {
  /** By name: `Load balancers '[name]' not found`; by ARN: `One or more load balancers not found` (rules R171). */
  constructor(names?: readonly string[]) {
    super('LoadBalancerNotFound', names ? `Load balancers '${javaList(names)}' not found` : 'One or more load balancers not found');
  }
}

export class TargetGroupNotFound extends AwsError {
  /** By name `Target groups '[name]' not found`, by ARN `One or more target groups not found` (as for load balancers). */
  constructor(names?: readonly string[]) {
    super('TargetGroupNotFound', names ? `Target groups '${javaList(names)}' not found` : 'One or more target groups not found');
  }
}

export class ListenerNotFound extends AwsError {
  constructor() { super('ListenerNotFound', 'One or more listeners not found'); }
}

export class DuplicateLoadBalancerName extends AwsError {
  constructor(name: string) { super('DuplicateLoadBalancerName', `A load balancer with the same name '${name}' exists, but with different settings`); }
}

export class DuplicateTargetGroupName extends AwsError {
  constructor(name: string) { super('DuplicateTargetGroupName', `A target group with the same name '${name}' exists, but with different settings`); }
}

export class DuplicateListener extends AwsError {
  constructor(loadBalancerArn: string) {
    super('DuplicateListener', `A listener already exists on this port for this load balancer '${loadBalancerArn}'`);
  }
}

export class DuplicateTagKeys extends AwsError {
  constructor(key: string) { super('DuplicateTagKeys', `Tag key '${key}' specified multiple times`); }
}

export class TooManyTags extends AwsError {
  constructor() { super('TooManyTags', 'The quota for the number of tags that can be assigned to a load balancer has been reached'); }
}

export class TooManyLoadBalancers extends AwsError {
  constructor() { super('TooManyLoadBalancers', 'The quota for the number of load balancers has been reached'); }
}

export class TooManyTargetGroups extends AwsError {
  constructor() { super('TooManyTargetGroups', 'The quota for the number of target groups has been reached'); }
}

export class TooManyListeners extends AwsError {
  constructor() { super('TooManyListeners', 'The quota for the number of listeners per load balancer has been reached'); }
}

export class TooManyTargets extends AwsError {
  constructor() { super('TooManyTargets', 'The quota for the number of targets per target group has been reached'); }
}

export class SubnetNotFound extends AwsError {
  constructor(subnetId: string) { super('SubnetNotFound', `The subnet ID '${subnetId}' does not exist`); }
}

export class InvalidSubnet extends AwsError {
  constructor(message: string) { super('InvalidSubnet', message); }
}

export class InvalidSecurityGroup extends AwsError {
  constructor(groupId: string) { super('InvalidSecurityGroup', `Security group '${groupId}' does not exist`); }
}

export class AllocationIdNotFound extends AwsError {
  constructor(allocationId: string) { super('AllocationIdNotFound', `The allocation ID '${allocationId}' does not exist`); }
}

export class InvalidConfigurationRequest extends AwsError {
  constructor(message: string) { super('InvalidConfigurationRequest', message); }
}

export class OperationNotPermitted extends AwsError {
  constructor(message: string) { super('OperationNotPermitted', message); }
}

export class ResourceInUse extends AwsError {
  constructor(message: string) { super('ResourceInUse', message); }
}

export class IncompatibleProtocols extends AwsError {
  constructor(message: string) { super('IncompatibleProtocols', message); }
}

export class UnsupportedProtocol extends AwsError {
  constructor(message: string) { super('UnsupportedProtocol', message); }
}

export class InvalidLoadBalancerAction extends AwsError {
  constructor(message: string) { super('InvalidLoadBalancerAction', message); }
}

export class TargetGroupAssociationLimit extends AwsError {
  /** Seen from AWS when a Network Load Balancer target group is put behind a second load balancer. */
  constructor(targetGroupArn: string) {
    super('TargetGroupAssociationLimit', `The following target groups cannot be associated with more than one load balancer: ${targetGroupArn}`);
  }
}

export class InvalidTarget extends AwsError {
  constructor(message: string) { super('InvalidTarget', message); }
}
