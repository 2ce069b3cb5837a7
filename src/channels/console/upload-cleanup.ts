import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../log.ts';
import type { SqlPool } from '../../store/sql-pool.ts';
import { deleteStaleUploads, unreferencedHashes } from '../../store/upload-store.ts';

const HASH_FILE = /^[0-9a-f]{64}$/;

/**
 * Removes uploads nobody used within the retention period: their records (unless a case or a draft
 * refers to them), then the files older than the period that no record or attachment names, and
 * temp files left by a crash. `now` is passed in so a test can look a week ahead.
 */
export async function cleanupUploads(deps: { sql: SqlPool; uploadDir: string; retentionMs: number; now: Date }): Promise<{ records: number; files: number }> {
  const cutoff = new Date(deps.now.getTime() - deps.retentionMs);
  const records = await deleteStaleUploads(deps.sql, cutoff);
  const names = await fs.readdir(deps.uploadDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const old: string[] = [];
  for (const name of names) {
    const stat = await fs.stat(path.join(deps.uploadDir, name)).catch(() => null);
    if (stat?.isFile() && stat.mtime < cutoff) old.push(name);
  }
  const unused = new Set(await unreferencedHashes(deps.sql, old.filter((name) => HASH_FILE.test(name))));
  // Known gap: the same bytes uploaded again in the milliseconds between this check and the unlink,
  // after a whole retention period of disuse, would lose their file; uploading once more restores it.
  const doomed = old.filter((name) => unused.has(name) || name.endsWith('.tmp'));
  for (const name of doomed) await fs.rm(path.join(deps.uploadDir, name), { force: true });
  return { records, files: doomed.length };
}

/** Runs the cleanup now and then every `intervalMs`; stop() ends it. */
export function startUploadCleanup(deps: { sql: SqlPool; uploadDir: string; retentionMs: number; intervalMs: number; log: Logger }) {
  const run = () =>
    cleanupUploads({ ...deps, now: new Date() }).then(
      (removed) => (removed.records > 0 || removed.files > 0) && deps.log.info(removed, 'unreferenced uploads removed'),
      (error: unknown) => deps.log.warn({ err: error }, 'upload cleanup failed; retrying at the next interval'),
    );
  const timer = setInterval(() => void run(), deps.intervalMs);
  timer.unref();
  void run();
  return { stop: () => clearInterval(timer) };
}
