import { describe, expect, it } from 'vitest';
import { ipcContract } from '@shared/ipc/contract';

describe('the IPC contract', () => {
  it('names every channel domain:verb', () => {
    for (const channel of Object.keys(ipcContract)) {
      expect(channel).toMatch(/^[a-z][a-zA-Z]*:[a-z][a-zA-Z]*$/);
    }
  });

  it('app:info takes nothing and answers a version and a platform', () => {
    const { input, output } = ipcContract['app:info'];
    expect(input.safeParse(undefined).success).toBe(true);
    expect(input.safeParse({ sneaky: true }).success).toBe(false);
    expect(output.parse({ version: '0.1.0', platform: 'linux', extra: 1 })).toEqual({ version: '0.1.0', platform: 'linux' });
    expect(output.safeParse({ version: '', platform: 'linux' }).success).toBe(false);
  });
});
