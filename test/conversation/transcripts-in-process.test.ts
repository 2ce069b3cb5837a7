import { afterAll, beforeAll, describe, it } from 'vitest';
import { calendar, createInProcessBot, openCaseDatabase, TIME_ZONE, type CaseDatabase } from './support/in-process.ts';
import { loadTranscripts, playTranscript } from './support/transcript.ts';

// The same fixtures as the HTTP run, straight into the orchestrator over the real case service and database.
describe('transcripts (in process)', () => {
  let db: CaseDatabase;
  beforeAll(async () => {
    db = await openCaseDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  it.each(loadTranscripts())('$name', async ({ name, transcript }) => {
    const bot = await createInProcessBot(db);
    await playTranscript(name, transcript, bot.driver(name), { calendar, timeZone: TIME_ZONE });
  });
});
