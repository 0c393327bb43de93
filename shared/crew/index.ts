// The crew and its invites as a slice: its commands' decisions and its events' folds, and who may join by an invite.
export { crewCommands } from './decide';
export { crewEvents } from './apply';
export { inviteStillOpen, joiningRole, joinRefusal, narrowedHolders, noWiderThan, sharedInviteOf, sharedLinkRoleRefusal } from './joining';
