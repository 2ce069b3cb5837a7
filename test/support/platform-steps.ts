import { waitFor, type Desk, type MerchantHandle, type PlatformDriver, type SeenButton, type SeenMessage } from './platform-drivers.ts';

/**
 * Steps of the end-to-end flows, written once for every platform: a merchant answers the bot and
 * waits for its reply, submits a draft, staff find a case card and press its buttons. Every wait
 * names what it waited for and shows what the chat held instead.
 */

const has = (needle: string | RegExp) => (m: SeenMessage) => (typeof needle === 'string' ? m.text.includes(needle) : needle.test(m.text));
const texts = (messages: SeenMessage[]) => messages.map((m) => m.text);

/** The merchant writes; resolves with the first new bot message that matches `expect`. */
export async function says(m: MerchantHandle, text: string, expect: string | RegExp): Promise<SeenMessage> {
  const before = m.messages().length;
  await m.send(text);
  return waitFor(() => m.messages().slice(before).find(has(expect)), `a reply to "${text}" with ${String(expect)}`, () => texts(m.messages().slice(before)));
}

/** Waits for a bot message in the merchant's chat matching `expect` (at any position). */
export function told(m: MerchantHandle, expect: string | RegExp): Promise<SeenMessage> {
  return waitFor(() => m.messages().find(has(expect)), `the merchant to be told ${String(expect)}`, () => texts(m.messages()));
}

/** The messages of the merchant's chat matching `needle`. */
export const matching = (m: MerchantHandle, needle: string | RegExp) => m.messages().filter(has(needle));

/** Answers the questions of a draft one by one, each answer waiting for the next question. */
export async function answers(m: MerchantHandle, steps: ReadonlyArray<readonly [text: string, expect: string | RegExp]>): Promise<SeenMessage> {
  let last: SeenMessage | undefined;
  for (const [text, expect] of steps) last = await says(m, text, expect);
  if (!last) throw new Error('no steps');
  return last;
}

/** Presses the summary's confirm button; resolves with the case number the merchant is given. */
export async function confirm(m: MerchantHandle, summary: SeenMessage, numberPattern: RegExp): Promise<string> {
  const button = summary.buttons.find((b) => b.id.startsWith('flow:confirm:'));
  if (!button) throw new Error(`the summary has no confirm button: ${JSON.stringify(summary.buttons)}`);
  const before = m.messages().length;
  await m.press(summary, button);
  const opened = await waitFor(() => m.messages().slice(before).find(has(numberPattern)), 'the case number', () => texts(m.messages().slice(before)));
  return numberPattern.exec(opened.text)![0];
}

/** The case's card on a desk (the first message there naming the case), once it is there. */
export function card(d: PlatformDriver, desk: Desk, caseNumber: string, ready: (card: SeenMessage) => boolean = () => true): Promise<SeenMessage> {
  return waitFor(
    () => {
      const found = d.desk(desk).find(has(caseNumber));
      return found && ready(found) ? found : undefined;
    },
    `the ${desk} card of ${caseNumber}`,
    () => d.desk(desk).map((m) => ({ text: m.text.slice(0, 80), buttons: m.buttons.map((b) => b.id) })),
  );
}

/** The step ids (`desk:<verb>:<number>[:<remedy>]`) a card offers now, without the case number. */
export const stepsOn = (m: SeenMessage) => m.buttons.map((b) => b.id.replace(/^desk:/, '').replace(/:[A-Z]{2,4}-\d{8}-\d{3,6}/, ''));

/**
 * Presses a step on the case card once the card offers it, filling its form if it has one, and
 * waits until the card no longer offers the same buttons (the step took effect and the card was
 * refreshed in place).
 */
export async function step(d: PlatformDriver, desk: Desk, caseNumber: string, actionId: string, fields?: Record<string, string>): Promise<SeenMessage> {
  const before = await card(d, desk, caseNumber, (c) => c.buttons.some((b) => b.id === actionId));
  const button = before.buttons.find((b) => b.id === actionId) as SeenButton;
  await d.deskPress(desk, before, button, fields);
  const offered = JSON.stringify(stepsOn(before));
  return card(d, desk, caseNumber, (c) => JSON.stringify(stepsOn(c)) !== offered);
}

/** The number of desk messages that name `needle`. */
export const deskCount = (d: PlatformDriver, desk: Desk, needle: string | RegExp) => d.desk(desk).filter(has(needle)).length;

/** Han characters: a message to an English-speaking merchant must have none. */
export const HAN = /\p{Script=Han}/u;
