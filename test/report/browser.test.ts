/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The HTML report looked at in a real browser (Debian's `chromium`, driven by playwright-core):
 * the sample use-cases' reports, produced by the real experiment and evaluate stages against the
 * stub LLM, and a 2,000-line comparison. At 1200 px and 400 px, light and dark, print, scripts off.
 *
 * Skipped, saying so, where no Chromium is installed (`apt-get install -y chromium`, or set
 * CHROMIUM). With SCREENSHOT_DIR set, it also saves what it checked there (scripts/screenshot-report.mjs).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { evaluate, experiment, loadUseCase, type Reporter } from '@genaiops/core';
import { demoRules, startStubLlm, type StubLlm } from '@genaiops/testkit';
import { renderHtmlReport } from '../../packages/core/src/report/html.js';
import { repoRoot, workspace } from '../../packages/core/test/stages/helpers.js';
import { largeComparisonInput } from './large-input.js';

/** The first of CHROMIUM / chromium / chromium-browser / google-chrome that runs, as an absolute path. */
const chromiumPath = [process.env.CHROMIUM, 'chromium', 'chromium-browser', 'google-chrome']
  .filter((c): c is string => !!c)
  .map((c) =>
    path.isAbsolute(c)
      ? c
      : (process.env.PATH ?? '')
          .split(path.delimiter)
          .map((d) => path.join(d, c))
          .find((f) => existsSync(f))
  )
  .find((c) => c && spawnSync(c, ['--version'], { stdio: 'ignore' }).status === 0);
if (!chromiumPath)
  console.warn(
    'SKIPPED test/report/browser.test.ts: no Chromium found (apt-get install -y chromium, or set CHROMIUM=<path>)'
  );
const describeWithBrowser = chromiumPath ? describe : describe.skip;
const shots = process.env.SCREENSHOT_DIR ? path.resolve(process.env.SCREENSHOT_DIR) : undefined;

const quiet: Reporter = {
  info() {},
  warn() {},
  error() {},
  group: (_t, fn) => fn(),
  progress() {},
  summary() {},
  secret() {}
};
// REPORT_SAMPLES narrows the samples (the screenshot script needs only math_coding).
const SAMPLES = (
  process.env.REPORT_SAMPLES ?? 'math_coding,ticket_classification,named_entity_recognition'
).split(',');

describeWithBrowser('the HTML report in headless Chromium', () => {
  let browser: Browser;
  let stub: StubLlm;
  const reports: Record<string, string> = {};

  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
    stub = await startStubLlm({
      rules: SAMPLES.flatMap((s) => demoRules(loadUseCase(path.join(repoRoot, 'use-cases', s)))),
      latencyMs: 5
    });
    const environ = { ...process.env, aoai: stub.connectionJson('azure') };
    for (const name of SAMPLES) {
      const useCase = `use-cases/${name}`;
      const ws = workspace(useCase);
      // two builds of the first sample, so its report has a trend
      for (const buildId of name === 'math_coding' ? ['b1', 'b2'] : ['b1']) {
        await experiment({ useCase, env: 'pr', cwd: ws, environ, buildId, backend: 'local' }, quiet);
        const r = await evaluate({ useCase, env: 'pr', cwd: ws, environ, buildId, backend: 'local' }, quiet);
        reports[name] = path.join(ws, r.reports.html);
      }
    }
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await stub?.stop();
  });

  async function open(
    file: string,
    width: number,
    opts: { dark?: boolean; javaScript?: boolean } = {}
  ): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
    const context = await browser.newContext({
      viewport: { width, height: 900 },
      colorScheme: opts.dark ? 'dark' : 'light',
      javaScriptEnabled: opts.javaScript ?? true
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    // the machine running the tests may be shared and slow: parsing a 2,000-line page takes seconds
    await page.goto(pathToFileURL(file).href, { timeout: 180_000 });
    return { page, context, errors };
  }

  const horizontalOverflow = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  /** Scroll boxes whose content is wider than they are (a table that does not fit). */
  const overflowingTables = (page: Page) =>
    page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.scroll')]
        .filter((el) => el.scrollWidth > el.clientWidth + 1)
        .map((el) => el.querySelector('table')?.className ?? '?')
    );

  /** Pairs of texts in a chart whose boxes intersect. */
  const overlappingChartTexts = (page: Page) =>
    page.evaluate(() => {
      const hits: string[] = [];
      for (const svg of document.querySelectorAll('svg.chart')) {
        const boxes = [...svg.querySelectorAll('text')]
          .filter((t) => t.textContent?.trim())
          .map((t) => ({ text: t.textContent!, r: t.getBoundingClientRect() }));
        for (let i = 0; i < boxes.length; i++)
          for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i].r;
            const b = boxes[j].r;
            if (
              a.left < b.right - 0.5 &&
              b.left < a.right - 0.5 &&
              a.top < b.bottom - 0.5 &&
              b.top < a.bottom - 0.5
            )
              hits.push(`${boxes[i].text} × ${boxes[j].text}`);
          }
      }
      return hits;
    });

  /** Texts whose contrast with what is behind them is under WCAG AA (4.5, 3 for large text). */
  const lowContrast = (page: Page) =>
    page.evaluate(() => {
      const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
      const lum = ([r, g, b]: number[]) => {
        const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
      };
      const background = (el: Element | null): number[] => {
        for (; el; el = el.parentElement) {
          const c = rgb(getComputedStyle(el).backgroundColor);
          if (c.length >= 3 && (c[3] ?? 1) > 0) return c;
        }
        return [255, 255, 255];
      };
      const bad: string[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      const seen = new Set<Element>();
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || seen.has(el) || !n.textContent?.trim() || el.closest('svg')) continue;
        seen.add(el);
        const rect = el.getBoundingClientRect();
        if (!rect.width || !rect.height) continue; // hidden (filtered rows, sr-only text)
        const style = getComputedStyle(el);
        if (style.clipPath !== 'none' || style.clip !== 'auto') continue;
        const [l1, l2] = [lum(rgb(style.color)), lum(background(el))].sort((a, b) => b - a);
        const ratio = (l1 + 0.05) / (l2 + 0.05);
        const size = parseFloat(style.fontSize);
        const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
        if (ratio < (large ? 3 : 4.5)) bad.push(`${ratio.toFixed(2)} "${n.textContent.trim().slice(0, 30)}"`);
      }
      return bad;
    });

  const visibleRows = (page: Page, cmp: string) =>
    page.evaluate(
      (sel) =>
        [...document.querySelectorAll<HTMLTableRowElement>(`${sel} tbody tr`)]
          .filter((tr) => tr.getClientRects().length > 0)
          .map((tr) => tr.className),
      cmp
    );

  test.each(SAMPLES)(
    '%s: fits 1200 px and 400 px, no console errors, no overlapping chart labels',
    async (name) => {
      for (const width of [1200, 400]) {
        const { page, context, errors } = await open(reports[name], width);
        expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
        if (width === 1200) expect(await overflowingTables(page)).toEqual([]);
        expect(await overlappingChartTexts(page)).toEqual([]);
        expect(errors).toEqual([]);
        if (shots && name === 'math_coding') {
          mkdirSync(shots, { recursive: true });
          await page.screenshot({ path: path.join(shots, `report-${width}.png`), fullPage: true });
        }
        await context.close();
      }
    }
  );

  test.each(SAMPLES)('%s: contrast passes WCAG AA, light and dark', async (name) => {
    for (const dark of [false, true]) {
      const { page, context } = await open(reports[name], 1200, { dark });
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(bg).toBe(dark ? 'rgb(13, 17, 23)' : 'rgb(246, 248, 250)');
      expect(await lowContrast(page)).toEqual([]);
      await context.close();
    }
  });

  test('math sample: the comparison answers where the variants disagree, and its filters work by mouse and keyboard', async () => {
    const { page, context, errors } = await open(reports.math_coding, 1200);
    const cmp = '.cmp';
    const all = await visibleRows(page, cmp);
    expect(all.length).toBe(24);
    const disagreeing = all.filter((c) => c.split(' ').includes('dis')).length;
    expect(disagreeing).toBeGreaterThan(0);
    // disagreements first
    expect(all.slice(0, disagreeing).every((c) => c.includes('dis'))).toBe(true);
    // on a disagreeing line some variant is scored correct and another not
    const firstScores = await page.$$eval(`${cmp} tbody tr:first-child .score`, (els) =>
      els.map((e) => e.textContent)
    );
    expect(firstScores).toEqual(expect.arrayContaining(['correct: true', '✗ correct: false']));

    await page.getByLabel(/the variants disagree \(\d+\)/).check();
    expect(await visibleRows(page, cmp)).toHaveLength(disagreeing);
    const label = await page.locator(`${cmp} label:has(.f-fail-0)`).innerText();
    const fails0 = Number(/\((\d+)\)/.exec(label)![1]);
    await page.locator(`${cmp} .f-fail-0`).check();
    const shown = await visibleRows(page, cmp);
    expect(shown).toHaveLength(fails0);
    expect(shown.every((c) => c.split(' ').includes('fail-0'))).toBe(true);

    // keyboard: the filters are one radio group; arrows move through it
    await page.locator(`${cmp} .f-all`).focus();
    await page.keyboard.press('Space');
    expect(await visibleRows(page, cmp)).toHaveLength(24);
    await page.keyboard.press('ArrowRight');
    expect(await page.locator(`${cmp} .f-dis`).isChecked()).toBe(true);
    expect(await visibleRows(page, cmp)).toHaveLength(disagreeing);
    // cost and latency per variant in the metrics table
    const header = await page.locator('table.metrics thead').innerText();
    expect(header).toMatch(/tokens[\s\S]*latency p50 \/ p95[\s\S]*cost/);
    expect(await page.locator('table.metrics td .badge', { hasText: 'lowest' }).count()).toBeGreaterThan(0);
    // the second build draws a trend with the gate
    expect(await page.locator('#trends svg.spark').count()).toBeGreaterThan(0);
    expect(await page.locator('#trends svg.spark line.gate').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('reads with scripts off (no script at all, a CSP without script-src) and filters still work', async () => {
    const html = readFileSync(reports.math_coding, 'utf8');
    expect(html).not.toMatch(/<script/i);
    expect(html).toMatch(/content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"/);
    const { page, context } = await open(reports.math_coding, 400, { javaScript: false });
    expect(await page.locator('table.metrics').first().isVisible()).toBe(true);
    await page.locator('.cmp .f-dis').check();
    const rows = await visibleRows(page, '.cmp');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((c) => c.includes('dis'))).toBe(true);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await context.close();
  });

  test('print: no filters, every line', async () => {
    const { page, context } = await open(reports.math_coding, 1200);
    await page.locator('.cmp .f-dis').check();
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.cmp .filters').isVisible()).toBe(false);
    expect(await visibleRows(page, '.cmp')).toHaveLength(24);
    await context.close();
  });

  test('2,000 lines × 4 variants: loads, fits, long texts clamped and expandable, filters work', async () => {
    const { input, dir } = largeComparisonInput(2000, 4);
    const file = path.join(dir, 'report.html');
    writeFileSync(file, await renderHtmlReport(input));
    const { page, context, errors } = await open(file, 1200);
    expect(await visibleRows(page, '.cmp')).toHaveLength(2000);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await overflowingTables(page)).toEqual([]);
    // a long text shows a few lines; "show all" (by keyboard) shows it whole
    const clip = page.locator('.cmp tbody tr:first-child .clip').last();
    const text = clip.locator('.txt');
    const clamped = await text.evaluate((e) => [e.clientHeight, e.scrollHeight]);
    expect(clamped[1]).toBeGreaterThan(clamped[0]);
    await clip.locator('summary').focus();
    await page.keyboard.press('Enter');
    const expanded = await text.evaluate((e) => [e.clientHeight, e.scrollHeight]);
    expect(expanded[0]).toBe(expanded[1]);
    expect(expanded[0]).toBeGreaterThan(clamped[0]);
    await page.locator('.cmp .f-fail-3').check();
    const shown = await visibleRows(page, '.cmp');
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(2000);
    expect(shown.every((c) => c.split(' ').includes('fail-3'))).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000); // parsing and laying out 2,000 rows is seconds of CPU, more on a shared machine
});
