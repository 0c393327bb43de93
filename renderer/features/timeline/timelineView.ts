import type { CutoverEvent, CutoverState, NoteSeverity } from '../../../shared/cutover';
import type { AlertKind } from '../../../shared/metrics';

export type TimelineEntry = { seq: number; at: number; who: string; text: string; tone: NoteSeverity | 'step' | 'system' };

const ALERT_TONES: Record<AlertKind, TimelineEntry['tone']> = { warning: 'issue', critical: 'issue', not_draining: 'issue', down: 'issue', normal: 'info', draining: 'info', up: 'info' };

/** One sentence per event, as a postmortem timeline would say it. */
export function describeEvent(e: CutoverEvent, state: CutoverState): TimelineEntry {
  const step = (id: string) => `“${state.steps[id]?.title ?? id}”`;
  const base = { seq: e.seq, at: e.ts, who: e.actor.name };
  const as = (text: string, tone: TimelineEntry['tone'] = 'step'): TimelineEntry => ({ ...base, text, tone });
  switch (e.type) {
    case 'cutover.created': return as(`Cutover “${e.payload.cutover.title}” created`, 'system');
    case 'cutover.updated': return as('Cutover details changed', 'system');
    case 'cutover.statusChanged': return as(`Cutover ${e.payload.to.replace('_', ' ')}${e.payload.reason ? `: ${e.payload.reason}` : ''}`, e.payload.to === 'in_progress' ? 'decision' : 'decision');
    case 'runbook.replaced': return as('Runbook replaced', 'system');
    case 'step.added': return as(`Step ${`“${e.payload.step.title}”`} added`, 'system');
    case 'step.edited': return as(`Step ${step(e.payload.stepId)} edited`, 'system');
    case 'step.removed': return as(`Step ${e.payload.stepId} removed`, 'system');
    case 'step.started': return as(`Started ${step(e.payload.stepId)}${e.payload.forcedReason ? ` before its dependencies: ${e.payload.forcedReason}` : ''}`);
    case 'step.completed': return as(`Done ${step(e.payload.stepId)}${e.payload.note ? `: ${e.payload.note}` : ''}`);
    case 'step.skipped': return as(`Skipped ${step(e.payload.stepId)}: ${e.payload.reason}`, 'issue');
    case 'step.failed': return as(`Failed ${step(e.payload.stepId)}: ${e.payload.reason}`, 'issue');
    case 'step.blocked': return as(`Blocked ${step(e.payload.stepId)}: ${e.payload.reason}`, 'issue');
    case 'step.reopened': return as(`Reopened ${step(e.payload.stepId)}: ${e.payload.reason}`, 'issue');
    case 'step.noted': return as(`On ${step(e.payload.stepId)}: ${e.payload.text}`, 'info');
    case 'note.added': return as(e.payload.text, e.payload.severity);
    case 'member.joined': return as(`${e.payload.member.name} joined as ${e.payload.member.role}${e.payload.member.station ? ` (${e.payload.member.station})` : ''}`, 'system');
    case 'member.shiftChanged': return as(`${e.actor.name} went ${e.payload.onShift ? 'on' : 'off'} shift${e.payload.handover ? `. Handover: ${e.payload.handover}` : ''}`, 'info');
    case 'member.roleChanged': return as(`${state.members[e.payload.memberId]?.name ?? 'A member'} is now ${e.payload.role}`, 'system');
    case 'invite.created': return as(`Invite for ${e.payload.invite.role}${e.payload.invite.station ? ` (${e.payload.invite.station})` : ''} created`, 'system');
    case 'invite.revoked': return as(`Invite ${state.invites[e.payload.inviteId]?.label ?? ''} revoked`, 'system');
    case 'poll.opened': return as(`Go/no-go poll opened: ${e.payload.question}`, 'decision');
    case 'poll.answered': return as(`${e.payload.vote === 'go' ? 'GO' : 'NO-GO'} from ${e.payload.stations.map((s) => s.split(':')[1]).join(', ')}${e.payload.comment ? `: ${e.payload.comment}` : ''}`, e.payload.vote === 'go' ? 'decision' : 'issue');
    case 'poll.closed': return as(`Poll “${state.polls[e.payload.pollId]?.question ?? ''}” closed (${e.payload.reason.replace('_', ' ')})`, 'decision');
    case 'poll.reopened': return as(`Poll “${state.polls[e.payload.pollId]?.question ?? ''}” asked again (round ${e.payload.round})`, 'decision');
    case 'poll.conditionChecked': return as(`Condition “${state.polls[e.payload.pollId]?.conditions[e.payload.index]?.text ?? ''}” ${e.payload.met ? 'met' : 'not met'}`, 'info');
    case 'decision.recorded': return as(`Decision: ${e.payload.decision.toUpperCase()}: ${e.payload.rationale}`, 'decision');
    case 'rollback.started': return as(`Rollback started: ${e.payload.phase.steps.length} step${e.payload.phase.steps.length === 1 ? '' : 's'} to undo`, 'issue');
    case 'journal.recovered': return as(`Hub recovered after a crash (an unacknowledged ${e.payload.droppedBytes}-byte record was dropped)`, 'system');
    case 'secret.stored': return as(`Secret “${e.payload.name}” stored on the hub`, 'system');
    case 'series.defined': return as(`Lag series “${e.payload.series.name}” set up`, 'system');
    case 'series.removed': return as(`Lag series ${state.series[e.payload.seriesId]?.name ?? e.payload.seriesId} removed`, 'system');
    case 'series.alerted': return as(e.payload.message, ALERT_TONES[e.payload.kind]);
    case 'comms.configured': return as('Comms set up changed', 'system');
    case 'comms.allowed': return as(`${state.members[e.payload.memberId]?.name ?? 'A member'} ${e.payload.allowed ? 'may now send updates' : 'no longer sends updates'}`, 'system');
    case 'template.saved': return as(`Template “${e.payload.template.title}” saved`, 'system');
    case 'template.removed': return as(`Template ${e.payload.templateId} removed`, 'system');
    case 'message.requested': return as(`Update to ${e.payload.destinations.join(', ')}: ${e.payload.text}`, 'info');
    case 'delivery.sending': return as(`Sending to ${e.payload.destination} (attempt ${e.payload.attempt})`, 'system');
    case 'delivery.sent': return as(`Delivered to ${e.payload.destination}`, 'system');
    case 'delivery.failed': return as(`${e.payload.retryAt === null ? 'Gave up on' : 'Will retry'} ${e.payload.destination}: ${e.payload.error}`, e.payload.retryAt === null ? 'issue' : 'system');
    case 'delivery.retried': return as(`Retrying the update to ${e.payload.destination}`, 'system');
    case 'delivery.cancelled': return as(`Update to ${e.payload.destination} cancelled`, 'system');
    case 'comms.providerRef': return as(`Comms: ${e.payload.key} recorded`, 'system');
  }
}
