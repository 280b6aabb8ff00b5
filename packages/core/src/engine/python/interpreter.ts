// Which program the pool starts for a python worker. A version manager's shim (pyenv, asdf) is a
// shell script that looks the interpreter up on every start: about 0.4 s of CPU per worker on a
// 2-core runner, several times the interpreter's own start. So when the command is such a script,
// the pool starts one worker through it and the others straight from the interpreter that worker
// reports (`sys.executable`), remembered for the process.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';

/** The interpreter a launcher resolved to, by what decides it (command, folder, environment). */
const resolved = new Map<string, string>();

/** The variables a launcher may choose the interpreter by (pyenv, asdf, virtualenv, conda). */
const CHOOSERS = /^(PATH|PYENV_.*|ASDF_.*|VIRTUAL_ENV|CONDA_.*)$/i;

function key(command: string, cwd: string, env: NodeJS.ProcessEnv): string {
  const chosen = Object.keys(env)
    .filter((k) => CHOOSERS.test(k))
    .sort()
    .map((k) => `${k}=${env[k]}`);
  return [command, cwd, ...chosen].join('\0');
}

/** The file `command` runs: itself when it holds a path, else the first match on PATH. */
function locate(command: string, cwd: string, env: NodeJS.ProcessEnv): string | undefined {
  if (command.includes('/')) return path.resolve(cwd, command);
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, command);
    try {
      if (statSync(file).isFile()) return file;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/** Whether the file starts with `#!`: a script that starts the interpreter, not the interpreter. */
function isScript(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head.toString('latin1') === '#!';
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** How a pool starts its workers: `program` now; `learn` is set while a launcher is still to be resolved. */
export interface InterpreterChoice {
  program: string;
  /** Call with the first worker's `sys.executable`: the program later workers start. */
  learn?: (executable: string) => string;
}

/**
 * The program to start `command` (as a pool's workers would: in `cwd`, with `env`). A binary, or
 * a launcher already resolved in this process, is started as is; a launcher script not yet
 * resolved comes with `learn`, and the pool should start no second worker until it has called it.
 * Windows launchers (`.bat`, `py`) are left alone.
 */
export function chooseInterpreter(command: string, cwd: string, env: NodeJS.ProcessEnv): InterpreterChoice {
  if (process.platform === 'win32') return { program: command };
  const k = key(command, cwd, env);
  const known = resolved.get(k);
  if (known) return { program: known };
  const file = locate(command, cwd, env);
  if (!file || !isScript(file)) return { program: command };
  return {
    program: command,
    learn: (executable) => {
      if (!path.isAbsolute(executable) || isScript(executable)) return command;
      resolved.set(k, executable);
      return executable;
    }
  };
}
