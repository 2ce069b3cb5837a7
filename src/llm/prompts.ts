import fs from 'node:fs/promises';
import path from 'node:path';
import type { Prompt } from '../contracts/llm.ts';
import { CodedError } from '../errors.ts';

/** prompts/ at the repository root. */
export const PROMPTS_DIR = path.resolve(import.meta.dirname, '../../prompts');

const NAME = /^[a-z][a-z0-9-]*$/;
const VERSION = /^v\d+$/;

/**
 * Loads `prompts/<name>/<version>.md` (read at start, so a missing file stops the start rather than a
 * merchant's message). A changed prompt is a new version file; the version is logged and counted with
 * every call, so answers can be traced to the exact instructions.
 */
export async function loadPrompt(name: string, version: string, dir = PROMPTS_DIR): Promise<Prompt> {
  if (!NAME.test(name) || !VERSION.test(version)) throw new CodedError('llm.prompt_invalid', `prompt ${name}/${version}: expected a name like "understanding" and a version like "v1"`);
  const file = path.join(dir, name, `${version}.md`);
  const text = await fs.readFile(file, 'utf8').catch((error: unknown) => {
    throw new CodedError('llm.prompt_invalid', `prompt ${name}/${version}: cannot read ${file}`, undefined, { cause: error });
  });
  if (text.trim() === '') throw new CodedError('llm.prompt_invalid', `prompt ${name}/${version}: ${file} is empty`);
  return { name, version, id: `${name}/${version}`, text: text.trim() };
}
