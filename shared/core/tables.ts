import type { CommandOf, CommandType } from '../cutover/commands';
import type { EventOf, EventType } from '../cutover/events';
import type { CutoverState } from '../cutover/state';
import type { DecideContext, Decision } from './decision';

/*
 * A slice hands the cutover its commands and events as tables keyed by type. A slice's
 * table names only its own types (`satisfies CommandTable` refuses a misspelt one); the
 * composed table must name them all (`satisfies AllCommands`), so a command or event that
 * no slice handles is a type error, not a runtime surprise.
 */

export type CommandHandler<T extends CommandType> = (state: CutoverState, command: CommandOf<T>, ctx: DecideContext) => Decision;
export type EventHandler<T extends EventType> = (state: CutoverState, event: EventOf<T>) => CutoverState;

/** Some of the commands: what one slice decides. */
export type CommandTable = { [T in CommandType]?: CommandHandler<T> };
/** Some of the events: what one slice folds. */
export type EventTable = { [T in EventType]?: EventHandler<T> };

/** Every command, each decided by some slice: the cutover's composed table. */
export type AllCommands = { [T in CommandType]: CommandHandler<T> };
/** Every event, each folded by some slice: the cutover's composed table. */
export type AllEvents = { [T in EventType]: EventHandler<T> };
