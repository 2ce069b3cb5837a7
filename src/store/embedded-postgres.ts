import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { CodedError } from '../errors.ts';
import { PGliteWireServer, type DropEvent, type WireServerOptions } from './pglite-wire-server.ts';

/**
 * A PGlite database persisted on disk and served over the Postgres wire protocol on a loopback port.
 * The port is open to every local process, so the server asks for a password made fresh at each start;
 * only `url` carries it.
 */
export interface EmbeddedPostgres {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** Schema of BullMQ's tables in the embedded database. */
export const EMBEDDED_QUEUE_SCHEMA = 'bullmq';

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Directories this process has open: a second open in the same process is refused too. */
const openInThisProcess = new Set<string>();

/** Only one owner may open a PGlite directory; a second one would corrupt it. */
function takeLock(dir: string): () => void {
  const lockFile = path.join(dir, 'owner.pid');
  if (openInThisProcess.has(dir)) {
    throw new CodedError('embedded.data_dir_in_use', `the embedded database in ${dir} is in use by process ${process.pid} (this one); stop it first or set DATA_DIR`);
  }
  try {
    fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const owner = Number(fs.readFileSync(lockFile, 'utf8').trim());
    if (Number.isInteger(owner) && owner !== process.pid && processIsAlive(owner)) {
      throw new CodedError('embedded.data_dir_in_use', `the embedded database in ${dir} is in use by process ${owner}; stop it first or set DATA_DIR`);
    }
    fs.writeFileSync(lockFile, String(process.pid));
  }
  openInThisProcess.add(dir);
  return () => {
    openInThisProcess.delete(dir);
    fs.rmSync(lockFile, { force: true });
  };
}

export interface EmbeddedOptions extends Omit<WireServerOptions, 'password' | 'onDrop'> {
  /** Told whenever the wire server drops a client (idle in a transaction, unread output, bad message, wrong password). */
  log?: { warn(details: DropEvent, message: string): void };
}

/** Opens (or creates) the embedded database in `dataDir/pgdata` and starts its socket server. */
export async function startEmbeddedPostgres(dataDir: string, options: EmbeddedOptions = {}): Promise<EmbeddedPostgres> {
  const dir = path.join(dataDir, 'pgdata');
  fs.mkdirSync(dataDir, { recursive: true });
  const releaseLock = takeLock(dataDir);
  try {
    const db = await PGlite.create(dir);
    // All client connections share PGlite's one session, so per-connection startup options such as
    // BullMQ's `-c search_path=bullmq` are not applied. Prisma qualifies every table with "public";
    // BullMQ's SQL is unqualified and must find its own schema on the session's path.
    await db.exec(`SET search_path TO "$user", public, ${EMBEDDED_QUEUE_SCHEMA}`);
    const { log, ...limits } = options;
    const password = randomBytes(24).toString('hex');
    const server = new PGliteWireServer(db, { ...limits, password, onDrop: (event) => log?.warn(event, 'embedded database dropped a client') });
    const port = await server.listen(0, '127.0.0.1');
    let stopped = false;
    return {
      url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
      dataDir: dir,
      async stop() {
        if (stopped) return;
        stopped = true;
        await server.close();
        await db.close();
        releaseLock();
      },
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}
