import { Option } from 'commander';

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
