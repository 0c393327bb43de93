import type { WarroomApi } from '@shared/ipc/api';

declare global {
  interface Window {
    /** The desktop bridge (the contract in shared/ipc/api.ts, which electron/preload.ts satisfies); absent when running in a browser (web mode). */
    warroom?: WarroomApi;
  }
}

export {};
