import type { z } from 'zod';
import { ipcContract, type IpcChannel, type IpcOutput } from '@shared/ipc/contract';
import { isTrustedSender } from '../securityRules';

/** What a handler receives: the input after its schema has parsed it. */
export type ParsedInput<C extends IpcChannel> = z.output<(typeof ipcContract)[C]['input']>;
export type Handler<C extends IpcChannel> = (input: ParsedInput<C>) => IpcOutput<C> | Promise<IpcOutput<C>>;

/** Registers one channel's handler; bound to an ipcMain and to our page's URL by `registrar`. */
export type Register = <C extends IpcChannel>(channel: C, handler: Handler<C>) => void;

/** The part of an invoke event the checks read. */
export type InvokeEvent = { senderFrame: { url: string } | null };
/** Electron's `ipcMain`, or a fake in tests. */
export type IpcMainLike = { handle(channel: string, listener: (event: InvokeEvent, payload: unknown) => Promise<unknown>): void };

// The contract seen as a mapped type, so indexing it with a generic channel keeps the
// link between that channel and its schemas' types (TypeScript loses it otherwise).
type Schemas = { [C in IpcChannel]: { input: z.ZodType<ParsedInput<C>>; output: z.ZodType<IpcOutput<C>> } };
const schemas: Schemas = ipcContract;

/**
 * Makes the `register` function the domain modules use. Every channel it registers answers
 * only our own page (its frame URL parsed and compared), treats the payload as `unknown`
 * until the channel's input schema accepts it, and checks its answer against the output
 * schema too, so nothing outside the contract (a stored secret, say) can leak through.
 * Payloads are never logged: a join link carries a token.
 */
export function registrar(ipcMain: IpcMainLike, appUrl: string, warn: (message: string) => void = console.warn): Register {
  return (channel, handler) => {
    const spec = schemas[channel];
    ipcMain.handle(channel, async (event, payload) => {
      if (!isTrustedSender(event.senderFrame?.url, appUrl)) {
        warn(`Warroom: refused ${channel} from an untrusted frame`);
        throw new Error(`${channel}: refused, the sender is not the Warroom window`);
      }
      const input = spec.input.safeParse(payload);
      if (!input.success) throw new Error(`${channel}: refused, ${input.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`);
      return spec.output.parse(await handler(input.data));
    });
  };
}
