import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../src/store/embedded-postgres.ts';
import { applyMigrations } from '../../src/store/migrate.ts';
import { createServerDatabase, serviceUrls } from './services.ts';

/** A fresh, migrated database for one test file: on the DATABASE_URL server if set, else an embedded PGlite. */
export async function createTestDatabase(): Promise<{ url: string; embedded: boolean; drop(): Promise<void> }> {
  if (serviceUrls.database) {
    const db = await createServerDatabase(serviceUrls.database);
    await applyMigrations(db.url);
    return { url: db.url, embedded: false, drop: db.drop };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intake-db-'));
  const embedded = await startEmbeddedPostgres(dir);
  await applyMigrations(embedded.url);
  return {
    url: embedded.url,
    embedded: true,
    async drop() {
      await embedded.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
