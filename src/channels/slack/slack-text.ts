/**
 * Slack's text rules (https://docs.slack.dev/messaging/formatting-message-text#escaping):
 * in mrkdwn only `&`, `<` and `>` are control characters and must be sent as `&amp;`, `&lt;`,
 * `&gt;`; inbound text arrives with the same escapes and with links wrapped as `<url|label>`.
 */

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Escapes text for a mrkdwn field, so a merchant's `<!channel>` or `<https://x|y>` is shown, not run. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/[&<>]/g, (c) => escapes[c] ?? c);
}

/**
 * Turns the text of an inbound message back into what the person typed: `<https://x|label>`
 * becomes `label` (or the URL when they match), `<mailto:a@b|a@b>` its label, and the three
 * entities are decoded. Mentions (`<@U123>`) and channel links are kept as Slack wrote them.
 */
export function decodeSlackText(text: string): string {
  return text
    .replace(/<((?:https?|mailto|tel):[^|>\s]+)(?:\|([^>]*))?>/g, (_m, url: string, label: string | undefined) => label || url)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Truncates to at most `max` characters (UTF-16 units, as Slack counts), never splitting a surrogate pair, ending with `…` when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${text.slice(0, Math.max(0, cut))}…`;
}

/**
 * Splits text into pieces whose ESCAPED form fits `maxEscaped` characters (Slack counts what it
 * receives, and `&` grows to five characters). Cuts after a newline, else after a space, when one
 * lies in the last fifth of a piece; never inside a code point. Returns raw (unescaped) pieces.
 */
export function splitForMrkdwn(text: string, maxEscaped: number): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (start < text.length) {
    let size = 0;
    let end = start;
    let lastNewline = -1;
    let lastSpace = -1;
    while (end < text.length) {
      const cp = text.codePointAt(end) ?? 0;
      const units = cp > 0xffff ? 2 : 1;
      const ch = text.slice(end, end + units);
      const grow = escapes[ch]?.length ?? units;
      if (size + grow > maxEscaped) break;
      size += grow;
      end += units;
      if (ch === '\n') lastNewline = end;
      else if (ch === ' ') lastSpace = end;
    }
    if (end === start) end = start + ((text.codePointAt(start) ?? 0) > 0xffff ? 2 : 1); // a limit below one escape
    else if (end < text.length) {
      const floor = start + Math.floor((end - start) * 0.8);
      if (lastNewline > floor) end = lastNewline;
      else if (lastSpace > floor) end = lastSpace;
    }
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}
