import { Option } from 'commander';
import { positiveSeconds } from './commands/kv.js';

/** `--backend` and `--target`: every stage command takes them, as every action takes the inputs. */
export const backendOption = () =>
  new Option('--backend <backend>', 'override the environment backend').choices(['local', 'azure']);
/** `--mock`: every LLM connection of the flows runs on the mock provider (loud in every output). */
export const mockOption = () =>
  new Option(
    '--mock',
    'run every LLM connection on the mock provider: no model is called, answers echo the prompt, metrics are marked not meaningful'
  );
export const targetOption = () =>
  new Option('--target <target>', 'override the deployment target').choices([
    'local',
    'managed',
    'kubernetes'
  ]);

/** `--request-timeout`: one model call attempt of a local run gives up after this long (and is retried). */
export const requestTimeoutOption = () =>
  new Option(
    '--request-timeout <seconds>',
    'local runs: one model call attempt gives up after this long and is retried (default 120)'
  ).argParser(positiveSeconds);

/** The stage's local tuning from `--request-timeout`. */
export const localTuning = (o: { requestTimeout?: number }) =>
  o.requestTimeout !== undefined ? { requestTimeoutMs: Math.round(o.requestTimeout * 1000) } : undefined;
