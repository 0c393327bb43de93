import { pushContract, type PushChannel, type PushPayload } from '@shared/ipc/contract';

/** A window's web contents, as far as pushing goes. */
export type PushTarget = { send(channel: string, ...args: unknown[]): void };

/**
 * Sends a message to the renderer on a push channel. The payload is checked against the
 * push contract first: what reaches the page is exactly what the preload's types promise.
 */
export function push<C extends PushChannel>(target: PushTarget, channel: C, payload: PushPayload<C>): void {
  const checked: unknown = pushContract[channel].parse(payload);
  target.send(channel, checked);
}
