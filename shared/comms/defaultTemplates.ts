import type { DecisionKind } from '../polls/schema';
import type { Moment, Template } from './schema';

/*
 * The messages a night needs, written the way the seeds' notices were: calm, factual,
 * times in the customers' zone, and always what happens next. The crew text (Slack) carries
 * the numbers the crew acts on; the banner says only what a customer needs to know.
 * Customer-facing destinations are ticked only where customers must hear it.
 */

const everyone = ['slack', 'banner', 'statuspage'] as const;

export const DEFAULT_TEMPLATES: Template[] = [
  {
    id: 'tpl-window-starting',
    title: 'Maintenance window starting',
    moment: 'window_starting',
    text: [
      '*{{title}}: the maintenance window is starting*',
      'Window {{window}}. First up: {{step}}.',
      'Plan: {{progress}}, projected end {{projectedEnd}} ({{slip}}).',
    ].join('\n'),
    bannerText: 'Scheduled maintenance is under way (window {{window}}). We will keep this banner updated with progress.',
    state: 'in_progress',
    destinations: [...everyone],
  },
  {
    id: 'tpl-processing-paused',
    title: 'Processing paused',
    moment: 'processing_paused',
    text: [
      '*Processing is paused* while we switch over. Anything received now is queued and processed once the switch-over is complete.',
      '{{phase}}: {{step}} · {{progress}} ({{percent}})',
      'Projected end {{projectedEnd}} ({{slip}}); the window ends {{windowEnd}}.',
    ].join('\n'),
    bannerText: 'Processing is paused while we switch over. Anything received meanwhile is queued and will be processed once the switch-over is complete.',
    state: 'in_progress',
    destinations: ['slack', 'banner'],
  },
  {
    id: 'tpl-change-complete',
    title: 'Change complete, processing restarted',
    moment: 'change_complete',
    text: [
      '*Change complete*: processing has restarted and is working through the queue.',
      'Backlog: {{lag.worst.summary}}.',
      '{{progress}} · now {{phase}} · projected end {{projectedEnd}} ({{slip}}).',
    ].join('\n'),
    bannerText: 'The change is complete and processing has restarted. Queued events are being processed; new events may take a little longer to appear.',
    state: 'verifying',
    destinations: [...everyone],
  },
  {
    id: 'tpl-delayed',
    title: 'Running late: new estimate',
    moment: 'delayed',
    text: [
      '*Running late*: {{step}} is taking longer than anticipated.',
      'New projected end *{{projectedEnd}} {{zone}}* ({{slip}}); the window ends {{windowEnd}}.',
      '{{phase}} · {{progress}} · backlog: {{lag.worst.summary}}.',
    ].join('\n'),
    bannerText:
      'The maintenance is taking longer than expected. We now expect to finish around {{projectedEnd}} {{zone}} and will update this banner as we go.',
    state: 'in_progress',
    destinations: [...everyone],
  },
  {
    id: 'tpl-rolled-back',
    title: 'Change backed out',
    moment: 'rolled_back',
    text: [
      '*Rolling back*: the change is being backed out as per the rollback plan.',
      'Decision: {{lastDecision}}',
      'Now: {{phase}}, {{step}}. Elapsed {{elapsed}}.',
    ].join('\n'),
    bannerText: 'Tonight’s change has been backed out as planned and services continue on the existing platform. We will share a new date.',
    state: 'rolled_back',
    destinations: [...everyone],
  },
  {
    id: 'tpl-completed',
    title: 'Maintenance completed',
    moment: 'completed',
    text: [
      '*Maintenance completed successfully* at {{time}} {{zone}}: {{progress}} in {{elapsed}} ({{slip}}).',
      'Backlog: {{lag.worst.summary}}. We will continue to closely monitor.',
    ].join('\n'),
    bannerText: 'Update: maintenance was completed successfully at {{time}} {{zone}}. We will continue to closely monitor the platform.',
    state: 'completed',
    destinations: [...everyone],
  },
];

/**
 * The message a decision usually calls for. A GO is given once the change is verified
 * (seed 004: "everyone gave a go… ready to switch on traffic"); a HOLD pushes the end out,
 * so it is a new estimate; a ROLLBACK is the backing out.
 */
export function templateForDecision(decision: DecisionKind): string {
  return { go: 'tpl-change-complete', hold: 'tpl-delayed', rollback: 'tpl-rolled-back' }[decision];
}

/** The first template for a moment (the crew's own list first, when given), or null for a custom one. */
export function templateForMoment(moment: Moment, templates: readonly Template[] = DEFAULT_TEMPLATES): Template | null {
  return templates.find((t) => t.moment === moment) ?? DEFAULT_TEMPLATES.find((t) => t.moment === moment) ?? null;
}
