import { contextBridge, ipcRenderer } from 'electron';
import type { IpcChannel, IpcInput, IpcOutput } from '../shared/ipc/contract';

/**
 * The renderer's whole view of the desktop: named verbs, never `ipcRenderer` itself.
 * Bundled to CommonJS (dist/electron/preload.cjs) because sandboxed preloads cannot be
 * ES modules, and it may only require 'electron', so it imports types and nothing else.
 */
function call<C extends IpcChannel>(channel: C, input: IpcInput<C>): Promise<IpcOutput<C>> {
  return ipcRenderer.invoke(channel, input);
}

const api = {
  app: {
    info: () => call('app:info', undefined),
  },
};

contextBridge.exposeInMainWorld('warroom', api);

export type WarroomApi = typeof api;
