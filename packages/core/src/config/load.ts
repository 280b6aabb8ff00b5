import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { throwIfProblems, UserError, type Problem } from '../errors.js';
import { didYouMean } from '../util/did-you-mean.js';
import { substituteEnv } from '../util/env-vars.js';
import { formatPath, JsonDocument } from '../util/json-document.js';
import { schemaChecker } from '../util/schema-check.js';
import { checkUseCase, type Locate } from './checks.js';
import { isLegacyConfig, readLegacyUseCase } from './legacy.js';
import type { UseCase, UseCaseConfig } from './model.js';
import { normalizeConfig } from './normalize.js';
import { llmopsConfigSchema } from './schema.js';

export const CONFIG_FILE = 'llmops_config.json';

export interface LoadOptions {
  /** Keep only this environment (and fill `${NAME}` only in it and the top-level keys). */
  env?: string;
  /** Where `${NAME}` values come from; default process.env. */
  environ?: NodeJS.ProcessEnv;
  /** File names in messages are relative to this folder; default the working directory. */
  displayRoot?: string;
}

const checkSchema = schemaChecker(llmopsConfigSchema);

/** The config as written (defaults applied, `${NAME}` not yet filled), in either layout. */
export interface RawUseCase {
  root: string;
  configFile: string;
  legacy: boolean;
  config: UseCaseConfig;
  locate: Locate;
}

export function readUseCaseConfig(dir: string, opts: Pick<LoadOptions, 'displayRoot'> = {}): RawUseCase {
  const root = path.resolve(dir);
  const display = (p: string) => path.relative(opts.displayRoot ?? process.cwd(), p) || '.';
  if (!existsSync(root) || !statSync(root).isDirectory())
    throw new UserError(`${dir}: use-case folder not found`);
  const configFile = path.join(root, CONFIG_FILE);
  if (!existsSync(configFile))
    throw new UserError(`${display(configFile)}: not found (every use-case folder has one)`);

  const doc = JsonDocument.read(configFile, display(configFile));
  let raw: Partial<UseCaseConfig>;
  let locate: Locate;
  const legacy = isLegacyConfig(doc.value);
  if (legacy) {
    ({ raw, locate } = readLegacyUseCase(root, doc, display));
  } else {
    throwIfProblems(checkSchema(doc));
    raw = doc.value as Partial<UseCaseConfig>;
    locate = (p) => ({ file: doc.file, path: formatPath(p), ...doc.locate(p) });
  }
  return { root, configFile, legacy, config: normalizeConfig(raw), locate };
}

/** Reads a use-case folder in either layout into the one model, or throws a UserError listing every problem. */
export function loadUseCase(dir: string, opts: LoadOptions = {}): UseCase {
  const read = readUseCaseConfig(dir, opts);
  const { root, configFile, legacy } = read;
  let { config, locate } = read;
  if (opts.env !== undefined) ({ config, locate } = selectEnvironment(config, opts.env, locate));

  const { value, missing } = substituteEnv(config, opts.environ ?? process.env);
  throwIfProblems(
    missing.map(({ name, path: at }): Problem => ({
      ...locate(at),
      message: `environment variable ${name} is not set (set it, or write \${${name}:-default} to give a default)`
    }))
  );
  throwIfProblems(checkUseCase(value, root, locate));
  return { dir: root, configFile, layout: legacy ? 'legacy' : 'current', config: value, locate };
}

/**
 * Keeps one environment and applies its own flow and evaluator list to the use-case, so every stage
 * sees the flow and evaluators of the environment it runs; messages still point where things are written.
 */
function selectEnvironment(
  config: UseCaseConfig,
  env: string,
  locate: Locate
): { config: UseCaseConfig; locate: Locate } {
  const names = Object.keys(config.environments);
  if (!config.environments[env])
    throw new UserError([
      {
        ...locate(['environments']),
        message: `unknown environment "${env}"${didYouMean(env, names)}; defined: ${names.join(', ')}`
      }
    ]);
  const e = config.environments[env];
  const kept = config.evaluators
    .map((evaluator, index) => ({ evaluator, index }))
    .filter(({ evaluator }) => !e.evaluators || e.evaluators.includes(evaluator.name));
  return {
    config: {
      ...config,
      flow: e.flow ?? config.flow,
      evaluators: kept.map((k) => k.evaluator),
      environments: { [env]: e }
    },
    locate: (p) => {
      if (p[0] === 'evaluators' && typeof p[1] === 'number' && kept[p[1]])
        return locate(['evaluators', kept[p[1]].index, ...p.slice(2)]);
      if (p[0] === 'flow' && p.length === 1 && e.flow) return locate(['environments', env, 'flow']);
      return locate(p);
    }
  };
}
