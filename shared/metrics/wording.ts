/*
 * A series' name is whatever the crew typed ("Alarm queue", "Internal queues"), and the hub
 * builds sentences on it that go to the timeline, to a notification at 3 AM and into the
 * postmortem: their verb agrees with the name, "Internal queues are critical".
 */

/** "queues", "workers", "connections"; not "process", "status", "analysis" or "bus". */
export const looksPlural = (name: string): boolean => {
  const last = name.trim().split(/\s+/).pop()?.toLowerCase() ?? '';
  return /[^s]s$/.test(last) && !/(us|is|ss|ous)$/.test(last);
};

/** The verb for a name: "Internal queues are", "Alarm queue is". */
export const isAre = (name: string) => (looksPlural(name) ? 'are' : 'is');
export const wasWere = (name: string) => (looksPlural(name) ? 'were' : 'was');
export const hasHave = (name: string) => (looksPlural(name) ? 'have' : 'has');
