import { z } from 'zod';

/**
 * The IPC contract between the main process and the preload, as data.
 * Each channel (`domain:verb`) names the schema of what the renderer sends and of what
 * the main process answers. The main side parses both; the preload derives its types.
 */

export const AppInfoSchema = z.object({
  version: z.string().min(1),
  /** Node's `process.platform` of the desktop app, e.g. "linux", "darwin", "win32". */
  platform: z.string().min(1),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

type ChannelSpec = { input: z.ZodType; output: z.ZodType };

export const ipcContract = {
  'app:info': { input: z.undefined(), output: AppInfoSchema },
} as const satisfies Record<`${string}:${string}`, ChannelSpec>;

export type IpcChannel = keyof typeof ipcContract;
export type IpcInput<C extends IpcChannel> = z.input<(typeof ipcContract)[C]['input']>;
export type IpcOutput<C extends IpcChannel> = z.output<(typeof ipcContract)[C]['output']>;
