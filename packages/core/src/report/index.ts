/**
 * Reports of an evaluation: metrics CSV, line-results CSV, one self-contained HTML page, and the
 * markdown job summary; plus the pull-request comment body.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { metricsCsv, writeLinesCsv } from './csv.js';
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
export {
  renderHtml,
  renderHtmlReport,
  collectLineSamples,
  DEFAULT_SAMPLE_LINES,
  type HtmlOptions,
  type LineSample
} from './html.js';
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
  formatNumber,
  formatDelta,
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

export type WriteReportsOptions = HtmlOptions;

/**
 * Writes the four report files into `dir` (created if needed; one folder per use-case and
 * environment, since the names are fixed) and returns their paths. The line files are streamed.
 */
export async function writeReports(
  input: ReportInput,
  dir: string,
  opts: WriteReportsOptions = {}
): Promise<ReportFiles> {
  await mkdir(dir, { recursive: true });
  const files: ReportFiles = {
    metricsCsv: path.join(dir, REPORT_FILE_NAMES.metricsCsv),
    linesCsv: path.join(dir, REPORT_FILE_NAMES.linesCsv),
    html: path.join(dir, REPORT_FILE_NAMES.html),
    markdown: path.join(dir, REPORT_FILE_NAMES.markdown)
  };
  await writeFile(files.metricsCsv, metricsCsv(input.rows), 'utf8');
  await writeLinesCsv(input.lines, files.linesCsv);
  await writeFile(files.html, await renderHtmlReport(input, opts), 'utf8');
  await writeFile(files.markdown, renderSummaryMarkdown(input), 'utf8');
  return files;
}
