/**
 * @module api/dispatch
 * One request through the protocol layer:
 *
 *   HTTP body/query -> params -> SigV4 (service + region from the credential scope, key -> account)
 *     -> model (EC2 | ELBv2 | STS) -> Action -> input parsed and validated from the model
 *     -> DryRun check -> handler (control/) -> output serialized from the model
 *   any AwsError -> the service's error envelope; anything else -> InternalError 500, logged with its stack
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ControlPlane } from '../control/plane.js';
import type { Caller } from '../control/context.js';
import {
  AuthFailure, AwsError, DryRunOperation, InternalError, InvalidAction, InvalidClientTokenId, MissingAction,
  MissingAuthenticationToken, SignatureDoesNotMatch,
} from '../control/errors.js';
import { findRegion } from '../control/regions/regions.js';
import { MODELS, type ServiceModel, type ServiceName } from './model/index.js';
import { parseQueryInput } from './protocol/query-parser.js';
import { serializeError, serializeResponseChunks, type ResponseBody } from './protocol/xml-serializer.js';
import { checkRequestTime, readSignature, signatureMatches, type HttpRequestParts } from './auth/sigv4.js';
import type { HandlerTable } from './handler.js';
import { EC2_HANDLERS } from './ec2/index.js';
import { ELBV2_HANDLERS } from './elbv2/index.js';
import { STS_HANDLERS } from './sts/index.js';

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  /** the body in pieces, written one after another (streamed when it is an async iterable) */
  body: ResponseBody;
}

/** SigV4 signing names -> the model that serves them */
const SERVICES: Record<string, { name: ServiceName; handlers: HandlerTable }> = {
  ec2: { name: 'ec2', handlers: EC2_HANDLERS },
  elasticloadbalancing: { name: 'elbv2', handlers: ELBV2_HANDLERS },
  sts: { name: 'sts', handlers: STS_HANDLERS },
};

/** For unsigned requests, which envelope to answer in: the API version names the service. */
function serviceByVersion(version: string | undefined): ServiceName {
  for (const name of ['elbv2', 'sts'] as const) if (MODELS[name].metadata.apiVersion === version) return name;
  return 'ec2';
}

export function createDispatcher(control: ControlPlane, log: Logger) {
  function answer(model: ServiceModel | undefined, err: AwsError, requestId: string): ApiResponse {
    return {
      status: err.status,
      headers: { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': requestId },
      body: [serializeError(model, err.code, err.message, err.type, requestId)],
    };
  }

  return async function dispatch(req: HttpRequestParts, params: Map<string, string>): Promise<ApiResponse> {
    const requestId = randomUUID();
    let service: ServiceName = serviceByVersion(params.get('Version'));
    let action = params.get('Action');
    try {
      const sig = readSignature(req);
      if (!sig) throw new MissingAuthenticationToken();
      const target = SERVICES[sig.service];
      if (!target) throw new AwsError('InvalidAction', `The service '${sig.service}' of the credential scope is not served here.`);
      service = target.name;
      const model = MODELS[service];
      const key = await control.accounts.findAccessKey(sig.accessKeyId);
      if (!key) throw service === 'ec2' ? new AuthFailure() : new InvalidClientTokenId();
      checkRequestTime(sig, control.deps.clock());
      if (!signatureMatches(req, sig, key.secretAccessKey)) throw new SignatureDoesNotMatch();
      if (!findRegion(sig.region)) {
        throw service === 'ec2' ? new AwsError('AuthFailure', `Credential should be scoped to a valid region, not '${sig.region}'.`, 401)
          : new SignatureDoesNotMatch();
      }

      if (!action) throw new MissingAction();
      const handler = Object.hasOwn(target.handlers, action) ? target.handlers[action] : undefined;
      if (!handler || !model.operations[action]) throw new InvalidAction(action);
      const operationParams = new Map<string, string>();
      for (const [k, v] of params) if (k !== 'Action' && k !== 'Version' && !k.startsWith('X-Amz-')) operationParams.set(k, v);
      const input = parseQueryInput(model, action, operationParams);

      const caller: Caller = { accountId: key.accountId, region: sig.region, principalArn: key.principalArn };
      if (service !== 'sts') await control.accounts.prepareRegion(caller);
      // DryRun asks only whether the caller may act (API reference, DryRun member); account
      // principals may do everything, so the answer is always DryRunOperation for now.
      if (input.DryRun === true) throw new DryRunOperation();

      const output = await handler({ caller, control, requestId }, input);
      return {
        status: 200,
        headers: {
          'content-type': 'text/xml;charset=UTF-8',
          'x-amzn-requestid': requestId,
          ...(service === 'ec2' ? { server: 'AmazonEC2' } : {}),
        },
        body: serializeResponseChunks(model, action, output ?? undefined, requestId),
      };
    } catch (err) {
      if (err instanceof AwsError) {
        log.debug({ requestId, action, code: err.code }, err.message);
        return answer(MODELS[service], err, requestId);
      }
      log.error({ requestId, action, err }, 'unexpected error');
      return answer(MODELS[service], new InternalError(), requestId);
    }
  };
}
