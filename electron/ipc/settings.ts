import type { SecretStore } from '../secrets';
import type { SettingsStore } from '../settings';
import type { Register } from './handle';

/** `settings:*` and `secrets:*`: preferences, and how invite tokens are kept (never the tokens). */
export function registerSettingsIpc(register: Register, settings: SettingsStore, secrets: SecretStore): void {
  register('settings:get', () => settings.get());
  register('settings:set', (patch) => settings.patch(patch));
  register('secrets:status', () => secrets.status());
  register('secrets:allowWeakStorage', (allowed) => secrets.allowWeakStorage(allowed));
}
