// Preloaded into an action's process by a test (NODE_OPTIONS=--import=<this file>): registers a
// module hook that writes down every file the process loads as a module, one URL a line, in the
// file named by RECORD_LOADS. Nothing in the bundle knows of it.
import { register } from 'node:module';

register('./record-loads-hooks.mjs', import.meta.url);
