import { describe, expect, it } from 'vitest';
import * as ws from 'ws';
import { textFrame } from '../../../electron/hub/transport/textFrame';

/** ws's own frame parser, which its type definitions leave out. */
type FrameReader = {
  write(bytes: Buffer): boolean;
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): FrameReader;
  on(event: 'error', listener: (e: Error) => void): FrameReader;
};
const { Receiver } = ws as unknown as { Receiver: new (options: { isServer: boolean; maxPayload: number }) => FrameReader };

/** What a client's `ws` makes of `bytes`: the text messages it reads, or the error it stops on. */
function read(bytes: Buffer): { messages: string[]; error: string | null } {
  const messages: string[] = [];
  let error: string | null = null;
  // As a client reads a server: frames unmasked, no compression agreed.
  const receiver = new Receiver({ isServer: false, maxPayload: 0 });
  receiver.on('message', (data, isBinary) => messages.push(`${isBinary ? 'binary' : 'text'}:${data.toString()}`));
  receiver.on('error', (e) => (error = e.message));
  receiver.write(bytes);
  return { messages, error };
}

describe("the fan-out's frames, as a client's ws reads them", () => {
  // Each length's own header: 7 bits up to 125 bytes, 16 bits up to 65,535, then 64 bits.
  it.each([0, 1, 125, 126, 127, 65_535, 65_536, 300_000])('reads a text frame of %i bytes as the one message it carries', (n) => {
    const text = 'é'.repeat(Math.floor(n / 2)) + 'x'.repeat(n % 2);
    expect(Buffer.byteLength(text)).toBe(n);
    expect(read(textFrame(text))).toEqual({ messages: [`text:${text}`], error: null });
  });

  it('reads frames written back to back, each whole, in order', () => {
    const events = ['{"t":"events","events":[]}', 'ü'.repeat(200), '{"t":"presence","members":[]}'];
    expect(read(Buffer.concat(events.map((e) => textFrame(e))))).toEqual({ messages: events.map((e) => `text:${e}`), error: null });
  });
});
