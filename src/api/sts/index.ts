/**
 * @module api/sts
 * STS GetCallerIdentity, so that `aws sts get-caller-identity` tells a user whose key it is.
 */
import type { HandlerTable } from '../handler.js';

export const STS_HANDLERS: HandlerTable = {
  GetCallerIdentity: (ctx) => ({
    // For an account's root credentials AWS reports the account id as the UserId.
    UserId: ctx.caller.accountId,
    Account: ctx.caller.accountId,
    Arn: ctx.caller.principalArn,
  }),
};
