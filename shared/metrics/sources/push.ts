import { z } from 'zod';
import type { KindForm } from './form';

/** Nothing is polled: samples arrive by POST to the hub. */
export const pushConfig = z.object({ kind: z.literal('push') });

export const pushForm: KindForm = { label: 'Push to the hub', polled: false, fields: [] };
