import { copyFileSync, existsSync, mkdirSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { writeFileAtomicSync } from './hub/storage/atomicWrite';
import { SettingsSchema, SettingsPatchSchema, WindowStateSchema, type RecentCutover, type Settings, type SettingsPatch } from '@shared/ipc/contract';

/**
 * The desktop's settings file: what the renderer may see (SettingsSchema) plus private keys
 * it never does. Plain Node: the backend (electron-store in the app, `conf` or a fake in
 * tests) is handed in, so every rule here runs in a Node test.
 */

/** Everything on disk. `secrets` holds only safeStorage ciphertexts (base64), never tokens. */
export const StoredSettingsSchema = SettingsSchema.extend({
  secrets: z.record(z.string(), z.string()),
  weakStorageAllowed: z.boolean(),
});
export type StoredSettings = z.infer<typeof StoredSettingsSchema>;
export type WindowState = z.infer<typeof WindowStateSchema>;

export const SETTINGS_DEFAULTS: StoredSettings = {
  displayName: '',
  theme: 'dark',
  recentCutovers: [],
  recentHubs: [],
  windowState: null,
  secrets: {},
  weakStorageAllowed: false,
};

/** The part of electron-store (and of `conf`, which it extends) this module uses; `path` is its file. */
export type SettingsBackend = { store: Record<string, unknown>; readonly path?: string };

/**
 * Writes with the hub's atomic write, not the backend's (a plain overwrite in a Snap or
 * across devices, no folder fsync), in its format; it reads the file afresh on every access.
 */
function persist(backend: SettingsBackend, data: StoredSettings): void {
  if (typeof backend.path !== 'string') {
    backend.store = data;
    return;
  }
  mkdirSync(dirname(backend.path), { recursive: true });
  writeFileAtomicSync(backend.path, JSON.stringify(data, undefined, '\t'));
}

const MAX_RECENT_CUTOVERS = 50;
const MAX_RECENT_HUBS = 20;

/** A hub URL as a key: "http://h:1/" and "http://h:1" are the same hub. */
export const normalizeHub = (hub: string): string => hub.trim().replace(/\/+$/, '');

export class SettingsStore {
  constructor(
    private readonly backend: SettingsBackend,
    private data: StoredSettings,
  ) {}

  /** The renderer's view: the private keys are left out here, and again by the IPC schema. */
  get(): Settings {
    const { secrets: _secrets, weakStorageAllowed: _weak, ...visible } = this.data;
    return structuredClone(visible);
  }

  patch(patch: SettingsPatch): Settings {
    this.write({ ...this.data, ...SettingsPatchSchema.parse(patch) });
    return this.get();
  }

  /**
   * Puts a cutover first in the recent list. `isSame` says which entries it replaces: by
   * default the same cutover on the same hub (a local cutover passes its own rule, as the
   * built-in hub's port changes from one launch to the next).
   */
  rememberCutover(recent: RecentCutover, isSame: (r: RecentCutover) => boolean = sameCutover(recent)): Settings {
    const entry = { ...recent, hub: normalizeHub(recent.hub) };
    const others = this.data.recentCutovers.filter((r) => !isSame(r));
    this.write({ ...this.data, recentCutovers: [entry, ...others].slice(0, MAX_RECENT_CUTOVERS) });
    return this.get();
  }

  findCutover(match: (r: RecentCutover) => boolean): RecentCutover | undefined {
    return this.data.recentCutovers.find(match);
  }

  rememberHub(hub: string): Settings {
    const url = normalizeHub(hub);
    const others = this.data.recentHubs.filter((h) => normalizeHub(h) !== url);
    this.write({ ...this.data, recentHubs: [url, ...others].slice(0, MAX_RECENT_HUBS) });
    return this.get();
  }

  saveWindowState(state: WindowState | null): void {
    this.write({ ...this.data, windowState: state === null ? null : WindowStateSchema.parse(state) });
  }

  // The private keys, for SecretStore only (the IPC layer never reaches these).

  readSecret(key: string): string | undefined {
    return Object.hasOwn(this.data.secrets, key) ? this.data.secrets[key] : undefined;
  }

  writeSecret(key: string, ciphertext: string): void {
    this.write({ ...this.data, secrets: { ...this.data.secrets, [key]: ciphertext } });
  }

  deleteSecret(key: string): void {
    const { [key]: _gone, ...rest } = this.data.secrets;
    this.write({ ...this.data, secrets: rest });
  }

  get weakStorageAllowed(): boolean {
    return this.data.weakStorageAllowed;
  }

  setWeakStorageAllowed(allowed: boolean): void {
    this.write({ ...this.data, weakStorageAllowed: allowed });
  }

  /** Checked before it is written: a bug here must fail loudly, not corrupt the file. */
  private write(next: StoredSettings): void {
    const checked = StoredSettingsSchema.parse(next);
    persist(this.backend, checked);
    this.data = checked;
  }
}

const sameCutover = (recent: RecentCutover) => (r: RecentCutover) => r.cutoverId === recent.cutoverId && normalizeHub(r.hub) === normalizeHub(recent.hub);

export type OpenSettingsOptions = {
  /** Where the backend keeps its file, to back it up when it cannot be read. */
  file: string;
  /** Creates the backend; electron-store throws from its constructor on a file that is not JSON. */
  open: () => SettingsBackend;
  now: () => number;
  log: (message: string) => void;
};

/**
 * Opens the settings without ever failing the app's start: a file that is not JSON, or a
 * key that does not match its schema, falls back to the defaults, and the bad file is kept
 * beside it (`settings.json.corrupt-<time>`) for whoever wants to look. Keys that are fine
 * are kept, so one bad window size does not cost the user their stored invites.
 */
export function openSettings(opts: OpenSettingsOptions): SettingsStore {
  const backup = (why: string): void => {
    if (!existsSync(opts.file)) return;
    const copy = `${opts.file}.corrupt-${opts.now()}`;
    copyFileSync(opts.file, copy);
    opts.log(`Warroom: the settings file ${why}; the defaults are used and the old file is kept as ${copy}`);
  };
  let backend: SettingsBackend;
  try {
    backend = opts.open();
  } catch (error) {
    try {
      backup(`could not be read (${(error as Error).message})`);
      if (existsSync(opts.file)) unlinkSync(opts.file);
      backend = opts.open();
    } catch (again) {
      // Still unusable (a folder we cannot write?): keep going in memory for this run.
      opts.log(`Warroom: settings will not be saved this time: ${(again as Error).message}`);
      backend = { store: {} };
    }
  }
  const { data, badKeys } = validateStored(backend.store);
  if (badKeys.length > 0) {
    backup(`had unusable values for ${badKeys.join(', ')}`);
    persist(backend, data);
  }
  return new SettingsStore(backend, data);
}

/** Each key on its own: what parses is kept, what is missing or wrong takes its default. */
export function validateStored(raw: unknown): { data: StoredSettings; badKeys: string[] } {
  const source: Record<string, unknown> = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const data: Record<string, unknown> = {};
  const badKeys: string[] = [];
  for (const [key, schema] of Object.entries(StoredSettingsSchema.shape)) {
    const fallback = SETTINGS_DEFAULTS[key as keyof StoredSettings];
    if (source[key] === undefined) {
      data[key] = structuredClone(fallback);
      continue;
    }
    const parsed = schema.safeParse(source[key]);
    if (parsed.success) data[key] = parsed.data;
    else {
      badKeys.push(key);
      data[key] = structuredClone(fallback);
    }
  }
  return { data: StoredSettingsSchema.parse(data), badKeys };
}
