import { useEffect, useRef } from 'react';
import type { MenuCommand } from '@shared/ipc/contract';

/** The menu's commands that act on the screen on show (the others App carries out itself). */
export type ScreenCommand = Extract<MenuCommand, 'help' | 'add-note'>;

type Handlers = Partial<Record<ScreenCommand, () => void>>;

// The screen that can carry a command out registers its actions while it is mounted; a
// command with no screen to take it (the start screen has no notes) does nothing.
let current: Handlers = {};

/** Carries out a menu command on the screen on show. */
export function runScreenCommand(command: ScreenCommand): void {
  current[command]?.();
}

/**
 * Offers a screen's actions to the menu, the very functions its keys call, so a menu item
 * and its key do the same thing. The latest actions are used without re-registering.
 */
export function useScreenCommands(handlers: Handlers): void {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    const mine: Handlers = {
      help: () => latest.current.help?.(),
      'add-note': () => latest.current['add-note']?.(),
    };
    current = mine;
    return () => {
      if (current === mine) current = {};
    };
  }, []);
}
