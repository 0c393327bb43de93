import type { WarroomApi } from '../electron/preload';

declare global {
  interface Window {
    /** The desktop bridge from electron/preload.ts; absent when running in a browser (web mode). */
    warroom?: WarroomApi;
  }
}

export {};
