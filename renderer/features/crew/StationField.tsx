import { useEffect, useState } from 'react';

type StationFieldProps = { name: string; station: string; onSave: (station: string) => void };

/** A member's station ("DBA"), saved on Enter or when the field loses focus, if it changed. */
export function StationField({ name, station, onSave }: StationFieldProps) {
  const [value, setValue] = useState(station);
  useEffect(() => setValue(station), [station]);
  const save = () => {
    const next = value.trim();
    if (next !== station) onSave(next);
  };
  return (
    <input
      className="crew-admin__station"
      aria-label={`Station of ${name}`}
      placeholder="station"
      value={value}
      maxLength={40}
      onChange={(e) => setValue(e.target.value)}
      onBlur={save}
      onKeyDown={(e) => {
        if (e.key === 'Enter') save();
        if (e.key === 'Escape') setValue(station);
      }}
    />
  );
}
