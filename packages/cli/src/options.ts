import { Option } from 'commander';

/** `--backend` and `--target`: every stage command takes them, as every action takes the inputs. */
export const backendOption = () =>
  new Option('--backend <backend>', 'override the environment backend').choices(['local', 'azure']);
export const targetOption = () =>
  new Option('--target <target>', 'override the deployment target').choices([
    'local',
    'managed',
    'kubernetes'
  ]);
