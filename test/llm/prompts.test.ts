import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MESSAGE_INTENTS, WISHED_REMEDIES } from '../../src/domain/intake/understanding.ts';
import { PROBLEM_CATEGORIES } from '../../src/domain/intake/choices.ts';
import { CodedError } from '../../src/errors.ts';
import { loadPrompt } from '../../src/llm/prompts.ts';
import { ASSIST_SLOTS } from '../../src/understanding/assist-reply.ts';
import { UNDERSTANDING_PROMPT_VERSION } from '../../src/understanding/build-understander.ts';

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  return error instanceof CodedError ? error.code : undefined;
}

describe('prompt files', () => {
  it('loads the understanding prompt in use, with its version as the id', async () => {
    const prompt = await loadPrompt('understanding', UNDERSTANDING_PROMPT_VERSION);
    expect(prompt.id).toBe(`understanding/${UNDERSTANDING_PROMPT_VERSION}`);
    expect(prompt.text.length).toBeGreaterThan(500);
  });

  it('explains every intent, slot and closed value the reply schema allows', async () => {
    const { text } = await loadPrompt('understanding', UNDERSTANDING_PROMPT_VERSION);
    for (const word of [...MESSAGE_INTENTS, ...ASSIST_SLOTS, ...PROBLEM_CATEGORIES, ...WISHED_REMEDIES]) expect(text, word).toContain(`\`${word}\``);
  });

  it('refuses a missing or empty file and a name that is not a plain name, with llm.prompt_invalid', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'prompts-'));
    await fs.mkdir(path.join(dir, 'empty'));
    await fs.writeFile(path.join(dir, 'empty', 'v1.md'), '  \n');
    expect(await codeOf(loadPrompt('understanding', 'v999'))).toBe('llm.prompt_invalid');
    expect(await codeOf(loadPrompt('empty', 'v1', dir))).toBe('llm.prompt_invalid');
    expect(await codeOf(loadPrompt('../policy', 'v1'))).toBe('llm.prompt_invalid');
    expect(await codeOf(loadPrompt('understanding', '1'))).toBe('llm.prompt_invalid');
  });
});
