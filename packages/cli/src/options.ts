import { Option } from 'commander';
import { llmCacheFromEnvironment } from '@genaiops/core';
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

/** `--llm-cache` / `--no-llm-cache`: over the environment's `llmCache` (docs/config-reference.md). */
export const llmCacheOption = () =>
  new Option(
    '--llm-cache',
    'local runs: answer model calls from .genaiops/llm-cache when the same call was answered before, and store new answers (also GENAIOPS_LLM_CACHE=1)'
  );
export const noLlmCacheOption = () =>
  new Option(
    '--no-llm-cache',
    'local runs: no LLM cache, not even for enable_cache nodes (also GENAIOPS_LLM_CACHE=0)'
  );

/**
 * The LLM cache setting of a command: the flag, else `GENAIOPS_LLM_CACHE` (1/true/on or
 * 0/false/off), else undefined (the environment's `llmCache` decides).
 */
export const llmCacheSetting = (flag: boolean | undefined, environ: NodeJS.ProcessEnv): boolean | undefined =>
  flag ?? llmCacheFromEnvironment(environ);
