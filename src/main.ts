import fs from 'node:fs';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './log.ts';
import { startApp } from './app.ts';

// `.env` is optional: with none the bot runs fully embedded. Variables already in the environment win.
if (fs.existsSync('.env')) process.loadEnvFile('.env');

let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) {
    for (const line of error.problems) process.stderr.write(`config error: ${line}\n`);
    process.exit(78);
  }
  throw error;
}

const log = createLogger(config.logLevel);
const app = await startApp(config, log).catch((error: unknown) => {
  log.fatal({ err: error }, 'start failed');
  process.exit(1);
});

// Ctrl-C in a terminal can reach this process twice: from the terminal, and relayed by npm. A
// repeat within this window is that echo and is ignored; a deliberate second Ctrl-C after it skips
// the drain. (`npm start` runs `node --import tsx`, not the `tsx` wrapper: the wrapper SIGKILLs a
// child that does not acknowledge a signal within 30 ms, which a busy bot under load cannot promise.)
const SIGNAL_ECHO_MS = 2_000;
let firstSignalAt: number | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (firstSignalAt !== undefined) {
      if (Date.now() - firstSignalAt < SIGNAL_ECHO_MS) return;
      log.warn('second signal: exiting without waiting');
      process.exit(130);
    }
    firstSignalAt = Date.now();
    log.info({ signal }, 'shutting down: draining in-flight work');
    app.stop().then(
      () => {
        log.info('stopped cleanly');
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
