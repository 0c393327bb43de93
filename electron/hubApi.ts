import { z } from 'zod';
import { RoleSchema, type Role } from '@shared/cutover';
import { normalizeHub } from './settings';

/** `fetch`, as handed in: the global one in the app, the same one over real HTTP in tests. */
export type Fetch = typeof fetch;

/** What a hub answers for a ticket. `title` is read if a hub sends it; today's hub does not. */
const TicketAnswerSchema = z.object({
  ticket: z.string().min(1),
  expiresAt: z.number(),
  role: RoleSchema,
  station: z.string().optional(),
  title: z.string().max(200).optional(),
});
const RefusalSchema = z.object({ error: z.string() });

export type TicketAnswer =
  | { kind: 'issued'; ticket: string; role: Role; title: string | null }
  /** The hub said no to this token: trying again will not help. */
  | { kind: 'refused'; reason: string }
  /** No answer, or not one we understand: the client may try again. */
  | { kind: 'unreachable'; reason: string };

const TIMEOUT_MS = 10_000;

/**
 * Exchanges an invite token for a one-time connection ticket: `POST {hub}/api/cutovers/{id}/tickets`
 * with the token as a bearer credential. Redirects are refused so the token only ever goes
 * to the exact hub it came with.
 */
export async function requestTicket(fetchFn: Fetch, hub: string, cutoverId: string, token: string): Promise<TicketAnswer> {
  const url = `${normalizeHub(hub)}/api/cutovers/${encodeURIComponent(cutoverId)}/tickets`;
  let res: Response;
  try {
    res = await fetchFn(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      redirect: 'error',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    return { kind: 'unreachable', reason: `Could not reach the hub at ${normalizeHub(hub)}: ${describe(error)}` };
  }
  const body: unknown = await res.json().catch(() => null);
  if (res.status === 401) {
    const refusal = RefusalSchema.safeParse(body);
    return { kind: 'refused', reason: refusal.success ? refusal.data.error : 'The hub refused this invite' };
  }
  const answer = TicketAnswerSchema.safeParse(body);
  if (res.ok && answer.success) {
    return { kind: 'issued', ticket: answer.data.ticket, role: answer.data.role, title: answer.data.title ?? null };
  }
  const what = res.ok ? 'an answer Warroom does not understand (is it a Warroom hub of the same version?)' : `HTTP ${res.status}`;
  return { kind: 'unreachable', reason: `The hub at ${normalizeHub(hub)} gave ${what}` };
}

/** fetch wraps the socket error in `cause`; that is the useful part ("ECONNREFUSED"). */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'no answer within 10 seconds';
  const cause = error.cause;
  if (cause instanceof Error && 'code' in cause && typeof cause.code === 'string') return cause.code;
  return error.message;
}
