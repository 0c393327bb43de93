import { useCallback, useEffect, useState } from 'react';

export type Theme = 'dark' | 'light';
const KEY = 'warroom.theme';

/** Dark by default (these are night shifts); remembered per browser, and in settings on the desktop. */
export function useTheme(): [Theme, () => void] {
  const [theme, setTheme] = useState<Theme>(() => (localStorage.getItem(KEY) === 'light' ? 'light' : 'dark'));
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem(KEY, theme);
    void window.warroom?.settings.set({ theme }).catch(() => undefined);
  }, [theme]);
  useEffect(() => {
    void window.warroom?.settings
      .get()
      .then((s) => setTheme(s.theme))
      .catch(() => undefined);
  }, []);
  return [theme, useCallback(() => setTheme((t) => (t === 'dark' ? 'light' : 'dark')), [])];
}
