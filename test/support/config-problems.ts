import { ConfigError, loadConfig } from '../../src/config.ts';

/** The lines a bad environment is refused with; fails the test when it is accepted. */
export function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
