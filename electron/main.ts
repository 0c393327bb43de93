import { setupEmbeddedHub } from './embeddedHub';
import { registerAppIpc } from './ipc/app';
import { rendererIndexUrl } from './paths';
import { setupSecurityGuards } from './security';
import { claimSingleInstance } from './singleInstance';
import { setupMainWindow } from './window';

// The boot sequence. Each step lives in its own module; this file only says the order.
if (claimSingleInstance()) {
  setupSecurityGuards(rendererIndexUrl());
  registerAppIpc(rendererIndexUrl());
  setupEmbeddedHub();
  setupMainWindow();
}
