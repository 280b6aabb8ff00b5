#!/usr/bin/env node
// Regenerates docs/report-1200.png and docs/report-400.png: the math_coding sample's report (real
// experiment + evaluate stages, two builds for a trend, against the stub LLM) as the browser test
// checks it, at 1200 px and 400 px. They are taken by test/report/browser.test.ts itself, so the
// pictures are of a page that passed it.
//
//   node scripts/screenshot-report.mjs [--out <dir>]      (default docs/)
//
// Chromium: $CHROMIUM, or `chromium` / `chromium-browser` / `google-chrome` on PATH
// (Debian/Ubuntu: `apt-get install -y chromium`), driven by playwright-core; the page loads nothing.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: { out: { type: 'string', default: path.join(root, 'docs') } }
});
const res = spawnSync(
  process.execPath,
  [
    path.join(root, 'node_modules/jest/bin/jest.js'),
    'test/report/browser.test.ts',
    '-t',
    'math_coding: fits'
  ],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      NODE_OPTIONS: '--experimental-vm-modules --no-warnings',
      SCREENSHOT_DIR: path.resolve(args.out),
      REPORT_SAMPLES: 'math_coding'
    }
  }
);
if (res.status !== 0) process.exit(res.status ?? 1);
console.log(`screenshots: ${path.resolve(args.out)}/report-1200.png, report-400.png`);
