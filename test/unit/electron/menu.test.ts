import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { MenuCommand } from '@shared/ipc/contract';
import { menuTemplate } from '../../../electron/menu';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

function build(platform: NodeJS.Platform = 'linux', packaged = true) {
  const sent: MenuCommand[] = [];
  const items = flatten(menuTemplate({ platform, packaged, send: (c) => sent.push(c) }));
  const click = (label: string) => {
    const item = items.find((i) => i.label === label);
    if (!item?.click) throw new Error(`no item "${label}"`);
    (item.click as () => void)();
  };
  return { items, sent, click };
}

describe('the application menu', () => {
  it.each([
    ['New cutover…', 'CmdOrCtrl+N', 'new-cutover'],
    ['Join with a link…', 'CmdOrCtrl+J', 'join'],
    ['Add note', 'CmdOrCtrl+Shift+N', 'add-note'],
    ['Toggle light/dark theme', 'CmdOrCtrl+Shift+L', 'toggle-theme'],
    ['Start screen', 'CmdOrCtrl+Shift+H', 'go-start'],
    ['Warroom help', 'F1', 'help'],
  ] as const)('"%s" has %s and sends %s to the window', (label, accelerator, command) => {
    const { items, sent, click } = build();
    expect(items.find((i) => i.label === label)?.accelerator).toBe(accelerator);
    click(label);
    expect(sent).toEqual([command]);
  });

  it('shows the log file from Help, where the embedded hub says what it repaired or refused', () => {
    let shown = 0;
    const items = flatten(menuTemplate({ platform: 'linux', packaged: true, send: () => undefined, showLog: () => shown++ }));
    (items.find((i) => i.label === 'Show the log file')!.click as () => void)();
    expect(shown).toBe(1);
  });

  it("leaves Add note's keys to the page, which focuses the composer before the next keystroke", () => {
    const item = build().items.find((i) => i.label === 'Add note');
    expect(item?.registerAccelerator).toBe(false);
  });

  it('gives no two items the same accelerator', () => {
    const accelerators = build().items.flatMap((i) => (i.accelerator ? [String(i.accelerator)] : []));
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });

  it('keeps the standard Edit, Window and zoom roles (copy and paste depend on them on macOS)', () => {
    const roles = build('darwin').items.map((i) => i.role);
    expect(roles).toEqual(expect.arrayContaining(['appMenu', 'editMenu', 'windowMenu', 'zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen', 'help']));
  });

  it('offers the developer tools and reload only outside a packaged build', () => {
    const packaged = build('linux', true).items.map((i) => i.role);
    expect(packaged).not.toContain('toggleDevTools');
    expect(packaged).not.toContain('reload');
    expect(build('linux', false).items.map((i) => i.role)).toContain('toggleDevTools');
  });

  it('has the app menu on macOS only, and Quit in File elsewhere', () => {
    expect(build('darwin').items.map((i) => i.role)).not.toContain('quit');
    expect(build('linux').items.map((i) => i.role)).toContain('quit');
    expect(build('win32').items.map((i) => i.role)).not.toContain('appMenu');
  });
});
