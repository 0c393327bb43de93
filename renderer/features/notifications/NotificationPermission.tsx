import { useState } from 'react';

/** In a browser, notifications need the person's permission; the desktop app has it already. */
export function NotificationPermission() {
  const [permission, setPermission] = useState(() => ('Notification' in window ? Notification.permission : 'denied'));
  if (window.warroom || permission !== 'default') return null;
  return (
    <button type="button" onClick={() => void Notification.requestPermission().then(setPermission)}>
      Enable notifications
    </button>
  );
}
