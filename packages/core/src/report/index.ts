/**
 * Reports of an evaluation (or a monitoring pass): metrics CSV, line-results CSV, one self-contained
 * HTML page, and the markdown job summary; plus the pull-request comment body. `writeReports` is
 * the one path every stage writes them through, so the metric history (trends) is kept for all.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { metricsCsv, writeLinesCsv } from './csv.js';
import { appendHistory, type HistoryOptions } from './history.js';
import { renderHtmlReport, type HtmlOptions } from './html.js';
import { renderSummaryMarkdown } from './markdown.js';
import type { ReportFiles, ReportInput } from './types.js';

export type * from './types.js';
export {
  metricsCsv,
  writeLinesCsv,
  readLines,
  lineColumns,
  csvField,
  csvRecord,
  cellText,
  type LineRecord
} from './csv.js';
export { reportSummaryBlocks } from './summary-blocks.js';
export { renderHtml, renderHtmlReport, CLAMP_CHARS, type HtmlOptions } from './html.js';
export {
  buildComparisons,
  DEFAULT_COMPARE_LINES,
  type Comparison,
  type ComparisonCell,
  type ComparisonLine,
  type CompareOptions
} from './compare.js';
export { variantUsage, priceOf, formatCost, cacheNotice, type VariantUsage } from './cost.js';
export {
  appendHistory,
  readHistory,
  historyFile,
  historyEntry,
  DEFAULT_HISTORY_DIR,
  DEFAULT_HISTORY_LIMIT,
  type HistoryEntry,
  type HistoryKind,
  type HistoryOptions
} from './history.js';
export { trendSeries, sparklineSvg, sparklineText, type TrendSeries } from './trends.js';
export { shortName } from './names.js';
export {
  renderSummaryMarkdown,
  renderCommentMarkdown,
  commentMarker,
  mdText,
  COMMENT_LIMIT
} from './markdown.js';
export { barChartSvg, type BarChartOptions, type ChartGroup } from './chart.js';
export {
  metricDirection,
  directionFromName,
  groupRows,
  bestVariant,
  formatNumber,
  formatDelta,
  type BestVariant,
  type Direction,
  type RowGroup
} from './model.js';

/** File names inside the report folder. */
export const REPORT_FILE_NAMES = {
  metricsCsv: 'metrics.csv',
  linesCsv: 'lines.csv',
  html: 'report.html',
  markdown: 'summary.md'
} as const;

export interface WriteReportsOptions extends HtmlOptions {
  /** Append this report's metrics to the history and show the trends (evaluate and monitor do). */
  history?: HistoryOptions;
}

export interface WrittenReports extends ReportFiles {
  /** The input as rendered: with the history read back when `history` was given. */
  input: ReportInput;
}

/**
 * Writes the four report files into `dir` (created if needed; one folder per use-case and
 * environment, since the names are fixed) and returns their paths. The line files are streamed.
 */
export async function writeReports(
  input: ReportInput,
  dir: string,
  opts: WriteReportsOptions = {}
): Promise<WrittenReports> {
  await mkdir(dir, { recursive: true });
  const full: ReportInput = opts.history
    ? { ...input, history: await appendHistory(input, opts.history) }
    : input;
  const files: ReportFiles = {
    metricsCsv: path.join(dir, REPORT_FILE_NAMES.metricsCsv),
    linesCsv: path.join(dir, REPORT_FILE_NAMES.linesCsv),
    html: path.join(dir, REPORT_FILE_NAMES.html),
    markdown: path.join(dir, REPORT_FILE_NAMES.markdown)
  };
  await writeFile(files.metricsCsv, metricsCsv(full.rows, full.usage), 'utf8');
  await writeLinesCsv(full.lines, files.linesCsv);
  await writeFile(files.html, await renderHtmlReport(full, opts), 'utf8');
  await writeFile(files.markdown, renderSummaryMarkdown(full), 'utf8');
  return { ...files, input: full };
}
