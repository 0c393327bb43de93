import { useEffect, useRef } from 'react';
import { useCutoverLater } from '../../connection/cutoverLater';
import { useScheduleOf } from '../../connection/useSchedule';
import { NIGHT_FIELDS, useStateForLater } from '../../connection/useStateFor';
import { useHubNow } from '../../lib/useNow';
import { currentNotices, type Notice } from './notificationRules';

/** What currentNotices reads beside the schedule: the polls waiting on a decision and the series' alerts. */
const NOTICE_FIELDS = [...NIGHT_FIELDS, 'polls', 'pollOrder', 'seriesOrder', 'seriesStatus'] as const;

function show(n: Notice): void {
  if (window.warroom) {
    void window.warroom.notify({ title: n.title, body: n.body });
  } else if ('Notification' in window && Notification.permission === 'granted') {
    new Notification(n.title, { body: n.body, tag: n.key });
  }
}

/** Shows each notice once. What is already true when the screen opens is not announced. */
export function useNotifications(): void {
  // All from one moment, as of the next frame (useCutoverLater): a notice is checked in the
  // frame that shows the step's row changed, not in the event's task.
  const state = useStateForLater(NOTICE_FIELDS);
  const member = useCutoverLater((s) => s.member);
  const live = useCutoverLater((s) => s.status === 'live');
  const now = useHubNow(15_000);
  const schedule = useScheduleOf(useStateForLater(NIGHT_FIELDS), now);
  const seen = useRef<Set<string> | null>(null);
  useEffect(() => {
    if (!live) return;
    const notices = currentNotices(state, schedule, member);
    if (seen.current === null) {
      seen.current = new Set(notices.map((n) => n.key));
      return;
    }
    for (const n of notices) {
      if (seen.current.has(n.key)) continue;
      seen.current.add(n.key);
      show(n);
    }
  }, [state, member, schedule, live]);
}

/**
 * The notices as a component of their own, drawing nothing: as a hook in the screen itself,
 * every step change re-rendered the whole screen (the runbook, the timeline, the header and
 * all) for a check that draws nothing.
 */
export function Notifications(): null {
  useNotifications();
  return null;
}
