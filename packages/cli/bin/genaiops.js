#!/usr/bin/env node
import { run } from '../dist/main.js';

const code = await run(process.argv.slice(2));
process.exitCode = code;
// The run is final: a handle something left open (a hung socket, a timer) must not keep us up.
setTimeout(() => process.exit(code), 200).unref();
