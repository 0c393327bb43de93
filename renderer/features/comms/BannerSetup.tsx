import { useMemo, useState, type FormEvent } from 'react';
import { DEFAULT_BANNER_KEEP_MIN, isTimeZone } from '@shared/comms';
import { useCutover } from '../../connection/cutoverStore';
import { SaveNoteLine } from './SaveNoteLine';
import { useDestinationSave } from './useDestinationSave';

const MAX_KEEP_HOURS = 14 * 24;

/** Every zone the browser knows, for the field's suggestions (older engines know none: the field still takes any). */
const zones = (): string[] => (typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []);

/**
 * The banner's two settings: the one zone customers read every time in (a banner must not
 * say 19:00 BST and then "around 8:45 PM" in a visitor's own zone), and how long the final
 * message stays up after the night ends, so customers arriving in the morning read it.
 */
export function BannerSetup() {
  const banner = useCutover((s) => s.state.comms.config.banner);
  const cutoverZone = useCutover((s) => s.state.info?.window.timeZone ?? 'UTC');
  const [zone, setZone] = useState(banner?.timeZone ?? '');
  const [hours, setHours] = useState(String((banner?.keepAfterEndMin ?? DEFAULT_BANNER_KEEP_MIN) / 60));
  const [problem, setProblem] = useState<string | null>(null);
  const known = useMemo(zones, []);
  const { busy, note, configure } = useDestinationSave();

  const save = (e: FormEvent) => {
    e.preventDefault();
    const timeZone = zone.trim() || null;
    const keep = Number(hours);
    if (timeZone !== null && !isTimeZone(timeZone)) return setProblem(`“${timeZone}” is not a time zone: write a name like Europe/London.`);
    if (!Number.isFinite(keep) || keep < 0 || keep > MAX_KEEP_HOURS) return setProblem(`Keep it up for 0 to ${MAX_KEEP_HOURS} hours.`);
    setProblem(null);
    void configure((c) => ({ ...c, banner: { timeZone, keepAfterEndMin: Math.round(keep * 60) } }));
  };

  return (
    <form className="comms-setup__dest" aria-label="Banner settings" onSubmit={save}>
      <h4>Customers’ times and the last banner</h4>
      <label className="field">
        <span>Time zone customers read times in</span>
        <input
          data-testid="banner-zone"
          list="banner-zones"
          value={zone}
          onChange={(e) => setZone(e.target.value)}
          placeholder={`${cutoverZone} (the cutover’s)`}
          maxLength={64}
        />
        <datalist id="banner-zones">
          {known.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
      </label>
      <label className="field">
        <span>Keep the last banner up after the night ends (hours)</span>
        <input data-testid="banner-keep" type="number" min={0} max={MAX_KEEP_HOURS} step={0.5} value={hours} onChange={(e) => setHours(e.target.value)} />
      </label>
      <div className="comms-setup__actions">
        <button type="submit" className="primary" data-testid="banner-save" disabled={busy}>
          {busy ? 'Saving…' : 'Save banner settings'}
        </button>
      </div>
      {problem ? (
        <p className="comms-saved comms-saved--bad" role="alert">
          {problem}
        </p>
      ) : (
        <SaveNoteLine note={note} />
      )}
    </form>
  );
}
