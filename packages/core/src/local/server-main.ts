/**
 * Entry file of a detached local endpoint server: `node server-main.js --genaiops-endpoint-server <dir>`.
 * Nothing imports this file (it serves as soon as it is loaded).
 */
import { maybeRunEndpointServer } from './server-process.js';

if (!(await maybeRunEndpointServer(process.argv))) {
  process.stderr.write('usage: server-main.js --genaiops-endpoint-server <endpoint folder>\n');
  process.exit(2);
}
