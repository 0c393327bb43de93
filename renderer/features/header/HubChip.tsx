import { memo } from 'react';
import { useCutover } from '../../connection/cutoverStore';
import { clockTime } from '../../lib/time';
import { Chip } from '../../ui/Chip';

/** Several hubs serve the night: which one this window is on, and when it moved there after losing one. */
export const HubChip = memo(function HubChip() {
  const onHub = useCutover((s) => s.onHub);
  const timeZone = useCutover((s) => s.state.info?.window.timeZone ?? 'UTC');
  if (!onHub) return null;
  const moved = onHub.movedAt === null ? null : clockTime(onHub.movedAt, timeZone);
  return (
    <Chip
      label="Hub"
      text={moved ? `${onHub.host} · moved ${moved}` : onHub.host}
      tone={moved ? 'warn' : 'calm'}
      testId="hdr-hub"
      title={moved ? `The hub this window was on stopped answering; it moved to ${onHub.host} at ${moved} and caught up` : `On hub ${onHub.host}`}
      quiet={!moved}
    />
  );
});
