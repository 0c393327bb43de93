import { memo, useState } from 'react';

/**
 * In a browser, notifications need the person's permission; the desktop app has it already.
 * It takes no props: memoised, it is not drawn again with the runbook's toolbar at every event
 * (in a browser, `window.warroom` is a miss, for which the page's named elements are searched).
 */
export const NotificationPermission = memo(function NotificationPermission() {
  const [permission, setPermission] = useState(() => ('Notification' in window ? Notification.permission : 'denied'));
  if (window.warroom || permission !== 'default') return null;
  return (
    <button type="button" onClick={() => void Notification.requestPermission().then(setPermission)}>
      Enable notifications
    </button>
  );
});
