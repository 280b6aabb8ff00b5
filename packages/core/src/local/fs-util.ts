/** Small file-system helpers of the local target: atomic JSON writes and a cross-process lock. */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { retry } from '../util/retry.js';

/** Writes JSON through a temporary file and a rename, so readers never see half a file. */
export function writeJsonAtomic(file: string, value: unknown, mode = 0o644): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n', { mode });
  renameSync(tmp, file);
}

export function readJson<T>(file: string): T | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  return JSON.parse(text) as T;
}

/** A lock older than this (longer than any wait inside one) is taken to be left over by a process that died holding it. */
const STALE_LOCK_MS = 90_000;

/**
 * Runs `fn` holding a lock shared by every process on this machine: the lock is a folder made with
 * `mkdir` (atomic: exactly one caller creates it). Waits (bounded) for a held lock; breaks one
 * that is older than 90 s (its holder died).
 */
export async function withLock<T>(lockDir: string, fn: () => Promise<T> | T, timeoutMs = 60_000): Promise<T> {
  mkdirSync(path.dirname(lockDir), { recursive: true });
  try {
    await retry(
      async () => {
        try {
          mkdirSync(lockDir);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'EEXIST') breakIfStale(lockDir);
          throw e;
        }
      },
      {
        budgetMs: timeoutMs,
        backoff: { initialMs: 5, growth: 'linear', maxMs: 200, jitter: 0.5 },
        retryable: (e) => (e as NodeJS.ErrnoException).code === 'EEXIST'
      }
    );
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    throw new Error(`timed out waiting for the lock ${lockDir}`);
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/** Removes a lock folder older than STALE_LOCK_MS (its holder died). */
function breakIfStale(lockDir: string): void {
  try {
    if (Date.now() - statSync(lockDir).mtimeMs > STALE_LOCK_MS)
      rmSync(lockDir, { recursive: true, force: true });
  } catch {
    /* released meanwhile */
  }
}
