import { ipcMain } from 'electron';
import type { z } from 'zod';
import { ipcContract, type IpcChannel, type IpcOutput } from '../../shared/ipc/contract';
import { isTrustedSender } from '../securityRules';

/** What a handler receives: the input after its schema has parsed it. */
type ParsedInput<C extends IpcChannel> = z.output<(typeof ipcContract)[C]['input']>;
type Handler<C extends IpcChannel> = (input: ParsedInput<C>) => IpcOutput<C> | Promise<IpcOutput<C>>;

// The contract seen as a mapped type, so indexing it with a generic channel keeps the
// link between that channel and its schemas' types (TypeScript loses it otherwise).
type Schemas = { [C in IpcChannel]: { input: z.ZodType<ParsedInput<C>>; output: z.ZodType<IpcOutput<C>> } };
const schemas: Schemas = ipcContract;

/**
 * Registers the main-process side of one contract channel. The sender must be our own
 * page (its frame URL parsed and compared), the payload is `unknown` until the channel's
 * input schema accepts it, and the answer is checked against the output schema too.
 */
export function handle<C extends IpcChannel>(channel: C, appUrl: string, handler: Handler<C>): void {
  const spec = schemas[channel];
  ipcMain.handle(channel, async (event, payload: unknown) => {
    if (!isTrustedSender(event.senderFrame?.url, appUrl)) {
      console.warn(`Warroom: refused ${channel} from an untrusted frame`);
      throw new Error(`${channel}: refused, the sender is not the Warroom window`);
    }
    const input = spec.input.parse(payload);
    return spec.output.parse(await handler(input));
  });
}
