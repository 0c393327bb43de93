import { create } from 'zustand';

/**
 * A tiny UI slice: "open the Comms tab with this update ready". A comms step of the
 * runbook or a decision just recorded asks; the cutover screen switches tabs and the
 * composer takes the request (by its seq, so the same ask twice is two asks).
 */
export type ComposeRequest = { seq: number; templateId: string | null; stepId: string | null };

type ComposeRequestStore = {
  request: ComposeRequest | null;
  compose: (ask: { templateId?: string; stepId?: string }) => void;
  /** The composer took this request. */
  done: (seq: number) => void;
};

let asked = 0;

export const useComposeRequest = create<ComposeRequestStore>((set, get) => ({
  request: null,
  compose: ({ templateId, stepId }) => set({ request: { seq: ++asked, templateId: templateId ?? null, stepId: stepId ?? null } }),
  done: (seq) => {
    if (get().request?.seq === seq) set({ request: null });
  },
}));

/** For click handlers outside React's render (a runbook row, the decision bar). */
export const composeUpdate = (ask: { templateId?: string; stepId?: string }): void => useComposeRequest.getState().compose(ask);
