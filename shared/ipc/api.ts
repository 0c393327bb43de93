import type { IpcChannel, IpcInput, IpcOutput, MenuCommand, NewCutoverRequest, PushPayload, SettingsPatch } from './contract';

/** A verb of the desktop bridge: the channel's checked input in, its checked output back. */
type Verb<C extends IpcChannel> = undefined extends IpcInput<C> ? () => Promise<IpcOutput<C>> : (input: IpcInput<C>) => Promise<IpcOutput<C>>;

/**
 * The renderer's whole view of the desktop (`window.warroom`), named verbs only. It lives
 * beside the contract so the renderer takes its type from here and never imports from
 * electron/; the preload `satisfies` it, so the two cannot drift.
 */
export type WarroomApi = {
  app: { info: Verb<'app:info'> };
  settings: { get: Verb<'settings:get'>; set: (patch: SettingsPatch) => Promise<IpcOutput<'settings:set'>> };
  secrets: { status: Verb<'secrets:status'>; allowWeakStorage: Verb<'secrets:allowWeakStorage'> };
  templates: { list: Verb<'templates:list'> };
  cutovers: { create: (request: NewCutoverRequest) => Promise<IpcOutput<'cutovers:create'>> };
  membership: { join: Verb<'membership:join'>; open: Verb<'membership:open'>; ticket: Verb<'membership:ticket'> };
  hub: { status: Verb<'hub:status'>; host: Verb<'hub:host'>; solo: Verb<'hub:solo'>; copyInvite: Verb<'hub:copyInvite'> };
  notify: Verb<'notify:show'>;
  archive: { export: Verb<'archive:export'>; open: Verb<'archive:open'> };
  postmortem: { pdf: Verb<'postmortem:pdf'> };
  /** The review's edited postmortem, kept beside the archive it was opened from. */
  draft: { load: Verb<'draft:load'>; save: Verb<'draft:save'>; discard: Verb<'draft:discard'> };
  /** Each returns its own unsubscribe; Electron's event object never passes. */
  onJoinLink: (listener: (link: PushPayload<'join:link'>) => void) => () => void;
  onMenuCommand: (listener: (command: MenuCommand) => void) => () => void;
};
