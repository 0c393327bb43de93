import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { WarroomApi } from '@shared/ipc/api';
import type { IpcChannel, IpcInput, IpcOutput, MenuCommand, NewCutoverRequest, PushChannel, PushPayload, SettingsPatch } from '@shared/ipc/contract';

/**
 * The renderer's whole view of the desktop: named verbs, never `ipcRenderer` itself.
 * Bundled to CommonJS (dist/electron/preload.cjs) because sandboxed preloads cannot be
 * ES modules, and it may only require 'electron', so it imports types and nothing else
 * (the main process validates every payload; the preload only forwards).
 */
function call<C extends IpcChannel>(channel: C, input: IpcInput<C>): Promise<IpcOutput<C>> {
  return ipcRenderer.invoke(channel, input);
}

type Listener<C extends PushChannel> = (payload: PushPayload<C>) => void;

/** A push subscription that hands over the payload only, never Electron's event object. */
function subscribe<C extends PushChannel>(channel: C, listener: Listener<C>): () => void {
  const forward = (_event: IpcRendererEvent, payload: PushPayload<C>) => listener(payload);
  ipcRenderer.on(channel, forward);
  return () => void ipcRenderer.removeListener(channel, forward);
}

/*
 * Join links: the one that launched the app can arrive before the page has subscribed,
 * so they wait here until someone listens.
 */
const joinLinks: { waiting: PushPayload<'join:link'>[]; listeners: Set<Listener<'join:link'>> } = { waiting: [], listeners: new Set() };
ipcRenderer.on('join:link', (_event: IpcRendererEvent, payload: PushPayload<'join:link'>) => {
  if (joinLinks.listeners.size === 0) joinLinks.waiting.push(payload);
  for (const listener of joinLinks.listeners) listener(payload);
});

function onJoinLink(listener: Listener<'join:link'>): () => void {
  joinLinks.listeners.add(listener);
  const waiting = joinLinks.waiting.splice(0);
  for (const payload of waiting) listener(payload);
  return () => void joinLinks.listeners.delete(listener);
}

const api = {
  app: {
    info: () => call('app:info', undefined),
  },
  settings: {
    get: () => call('settings:get', undefined),
    set: (patch: SettingsPatch) => call('settings:set', patch),
  },
  secrets: {
    status: () => call('secrets:status', undefined),
    /** The user's answer to "store invite tokens with weak encryption?" (Linux without a keyring). */
    allowWeakStorage: (allowed: boolean) => call('secrets:allowWeakStorage', allowed),
  },
  templates: {
    list: () => call('templates:list', undefined),
  },
  cutovers: {
    create: (request: NewCutoverRequest) => call('cutovers:create', request),
  },
  membership: {
    join: (request: IpcInput<'membership:join'>) => call('membership:join', request),
    open: (target: IpcInput<'membership:open'>) => call('membership:open', target),
    /** A one-time ticket for the next connection attempt: the invite token stays in the main process. */
    ticket: (target: IpcInput<'membership:ticket'>) => call('membership:ticket', target),
  },
  hub: {
    status: () => call('hub:status', undefined),
    host: (listen: IpcInput<'hub:host'>) => call('hub:host', listen),
    solo: () => call('hub:solo', undefined),
    /** Puts an invite link on the clipboard; the page never sees its token. */
    copyInvite: (request: IpcInput<'hub:copyInvite'>) => call('hub:copyInvite', request),
  },
  notify: (notification: IpcInput<'notify:show'>) => call('notify:show', notification),
  archive: {
    /** Saves a cutover's archive where the user says; the main process fetches it with the token it keeps. */
    export: (target: IpcInput<'archive:export'>) => call('archive:export', target),
    /** An open dialog; the file's text comes back to be checked and folded here, with no network. */
    open: () => call('archive:open', undefined),
  },
  postmortem: {
    /** Prints the postmortem's HTML to PDF (scripts off, no network) and asks where to save it. */
    pdf: (request: IpcInput<'postmortem:pdf'>) => call('postmortem:pdf', request),
  },
  draft: {
    /** The edited postmortem kept beside an archive opened with `archive.open`; no other file. */
    load: (target: IpcInput<'draft:load'>) => call('draft:load', target),
    save: (request: IpcInput<'draft:save'>) => call('draft:save', request),
    discard: (target: IpcInput<'draft:discard'>) => call('draft:discard', target),
  },
  /** Returns its own unsubscribe. */
  onJoinLink,
  /** Returns its own unsubscribe. */
  onMenuCommand: (listener: (command: MenuCommand) => void) => subscribe('menu:command', listener),
} satisfies WarroomApi;

contextBridge.exposeInMainWorld('warroom', api);

export type { WarroomApi };
