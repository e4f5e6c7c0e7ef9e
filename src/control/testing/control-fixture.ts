/**
 * @module control/testing/control-fixture
 * A control plane on a real temporary store, for the domain tests beside each module.
 */
import { SqliteStore } from '../../store/sqlite/sqlite-store.js';
import { DEFAULT_SETTINGS, type Caller, type ControlSettings } from '../context.js';
import { randomIds } from '../ids.js';
import { EventBus } from '../events.js';
import { createControlPlane, type ControlPlane } from '../plane.js';
import { STORE_DECLARATIONS } from '../store-declarations.js';

export function callerOf(accountId: string, region = 'us-east-1'): Caller {
  return { accountId, region, principalArn: `arn:aws:iam::${accountId}:root` };
}

export async function controlFixture(settings: Partial<ControlSettings> = {}): Promise<{ control: ControlPlane; close: () => Promise<void> }> {
  const store = await SqliteStore.open(STORE_DECLARATIONS);
  const control = createControlPlane({ store, clock: () => new Date(), ids: randomIds, settings: { ...DEFAULT_SETTINGS, ...settings }, events: new EventBus() });
  return { control, close: () => store.close() };
}
