import fc from 'fast-check';
import { addDays, epochDayOf } from '../../src/domain/calendar/civil-date.ts';

/**
 * Hostile text for the fuzzers in test/fuzz: every script and encoding oddity a merchant, a platform or an
 * attacker can send, and merchant-like messages built from the fragments the extractors look for.
 */

/**
 * Runs of one property: `base` by default; with FUZZ_RUNS=N, a property whose default is 100 runs N times and every
 * other one in proportion (N / 100 × base), so a heavier property keeps its share.
 */
export function fuzzRuns(base: number): number {
  const scale = Number(process.env.FUZZ_RUNS ?? '');
  return Number.isFinite(scale) && scale > 0 ? Math.max(1, Math.round((base * scale) / 100)) : base;
}

/** A fast-check seed from FUZZ_SEED, to replay a failure the report printed; random otherwise. */
export function fuzzParameters(base: number): fc.Parameters<unknown> {
  const seed = Number(process.env.FUZZ_SEED ?? '');
  return { numRuns: fuzzRuns(base), ...(Number.isInteger(seed) && process.env.FUZZ_SEED ? { seed } : {}) };
}

const codePoint = (min: number, max: number) => fc.integer({ min, max }).map((cp) => String.fromCodePoint(cp));

/** CJK ideographs (incl. extension B, two UTF-16 units), kana, hangul and CJK punctuation. */
export const cjkChar = fc.oneof(
  codePoint(0x4e00, 0x9fff),
  codePoint(0x20000, 0x2a6df),
  codePoint(0x3040, 0x30ff),
  codePoint(0xac00, 0xd7a3),
  fc.constantFrom('，', '。', '、', '！', '？', '：', '；', '「', '」', '《', '》', '（', '）', '…', '～', '〇', '号', '號', '週', '個'),
);

/** Full-width ASCII (ＡＢ１２３：＃), the ideographic space, and circled / superscript digits NFKC folds to ASCII. */
export const fullWidthChar = fc.oneof(codePoint(0xff01, 0xff5e), fc.constantFrom('\u3000', '①', '⑳', '²', '³', '¹', '⁰', '㊀', '㈠', 'Ⅻ', '½'));

/** Emoji: single code points, skin tones, ZWJ families, flags, keycaps, variation selectors, and their pieces alone. */
export const emoji = fc.oneof(
  codePoint(0x1f300, 0x1faff),
  fc.constantFrom(
    '👨‍👩‍👧‍👦', '👩🏽‍💻', '🧑🏿‍🤝‍🧑🏻', '🏳️‍🌈', '🏴‍☠️', '👍🏿', '👍🏻', '🇨🇳', '🇺🇸', '1️⃣', '#️⃣', '❤️', '☺︎',
    '\u200d', '\ufe0f', '\ufe0e', '\u{1f3fb}', '\u{1f3ff}', '\u20e3', '\u{e0067}', '\u{1f1e8}',
  ),
);

/** Arabic and Hebrew letters and digits (٠١٢ are Arabic-Indic digits), with bidi controls and marks. */
export const rtlChar = fc.oneof(
  codePoint(0x0600, 0x06ff),
  codePoint(0x0590, 0x05ff),
  fc.constantFrom('\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u061c'),
);

/** C0 controls, DEL, C1 controls, lone surrogates (high and low), BOM, zero-width and line/paragraph separators. */
export const controlChar = fc.oneof(
  codePoint(0x00, 0x1f),
  fc.constantFrom('\u007f', '\u0085', '\u009b', '\ufeff', '\u200b', '\u2028', '\u2029', '\ufffd', '\uffff'),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit)),
);

const asciiChar = codePoint(0x20, 0x7e);

/** One character (or unit) of any of the above, or ASCII. */
export const hostileChar = fc.oneof(asciiChar, cjkChar, fullWidthChar, emoji, rtlChar, controlChar);

/** Text in one script family at a time, or all mixed. */
export const hostileText = (maxLength = 200) =>
  fc.oneof(
    fc.string({ unit: cjkChar, maxLength }),
    fc.string({ unit: fullWidthChar, maxLength }),
    fc.string({ unit: emoji, maxLength }),
    fc.string({ unit: rtlChar, maxLength }),
    fc.string({ unit: controlChar, maxLength }),
    fc.string({ unit: hostileChar, maxLength }),
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: 'grapheme', maxLength }),
  );

/** Fragments the extractors look for, each as merchants (and mistakes) write them. */
const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
const toFullWidth = (text: string) => text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

const orderNumber = fc.oneof(
  digits(6, 20).map((d) => `订单号：${d}`),
  digits(8, 16).map((d) => `JD${d}`),
  digits(6, 12).map((d) => `Order #AB${d}`),
  digits(8, 16).map((d) => `订单 ${toFullWidth(d)}`),
  fc.constantFrom('订单号：', 'order #', '单号是', 'No.', '#', '订单编号 -', 'order id: ---'),
  digits(30, 40),
);
const dateFragment = fc.oneof(
  fc.constantFrom(
    '昨天', '前天', '大前天', '今天', '明天', '上周三', '上个星期五', '这周日', '周五', '星期天', '上礼拜一', '下周一', '11.20', '11/12', '11-20',
    '2026-13-45', '2026-02-30', '2月30日', '2月29日', '13月1日', '0月0日', '十一月二十日', '20号', '31号', '0号', '上个月31号', '3天前', '１１月２０日',
    '365天前', '99999天前', 'Nov 20', '20 Nov', 'November 31st', 'Feb 29', 'yesterday', 'last Friday', 'this Sunday', 'on the 20th', 'a week ago', '3 days ago',
    '1e9 days ago', '9999-12-31', '0000-00-00', '上上上周五',
  ),
  fc.tuple(fc.integer({ min: -5, max: 40 }), fc.integer({ min: -5, max: 40 }), fc.constantFrom('.', '/', '-', '月')).map(([a, b, sep]) => `${a}${sep}${b}${sep === '月' ? '日' : ''}`),
  fc.tuple(fc.integer({ min: 0, max: 99999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 })).map(([y, m, d]) => `${y}-${m}-${d}`),
  fc.integer({ min: 0, max: 1_000_000 }).map((n) => `${n}天前`),
);
const amount = fc.oneof(
  fc.double({ noNaN: false }).map((x) => `¥${x}`),
  fc.integer().map((n) => `${n}元`),
  fc.constantFrom('$12.99', '99.9块', 'RMB 1,299.00', '1e308元', '-5元', 'NaN元', 'Infinity', '0.1+0.2', '１２３元', '三百块'),
);
const phone = fc.oneof(
  digits(9, 9).map((d) => `1${'3456789'[d.length % 7]}${d}`),
  fc.constantFrom('+86 138-1234-5678', '电话 13812345678', 'tel: 021-12345678', '手机号：１３８１２３４５６７８'),
);
const quantityFragment = fc.oneof(
  fc.constantFrom('三个', '两副', '十二件', '2 of the mugs', '收到五个，其中两个坏了', '99999件', '零个', '一万个', '千千千千千千个', 'x3', '×0', 'qty: -1', '数量：１０'),
  fc.integer({ min: -10, max: 100_000 }).map((n) => `${n}个`),
);
const otherFragment = fc.constantFrom(
  'RT-20261124-0007', 'QA-20261301-999999', 'SF1234567890123', '快递单号 773012345678901', '保温杯', '电热水壶', 'screen protector', '漏水了', '屏幕碎了',
  '我要退货', '换货', '质量问题', '投诉', '小王', '王经理', 'Tom from support', '转人工', 'human agent', '退款怎么还没到', 'any update?', '能退吗', '取消',
  '图片稍后发', '气死了！！！', '如果裂了能换吗', '数量改为3', '订单号改为 AB123456', '收到', 'received', 'arrived', '/lang en', '/start@other_bot',
);

/** Something between fragments: spaces, punctuation, or a short hostile run. */
const noise = fc.oneof(fc.constantFrom(' ', '，', '。', '\n', '、', '  ', '!', '？', ''), hostileText(12));

/** A merchant-like message: fragments a real message carries, interleaved with noise, in any order. */
export const merchantMessage = fc
  .array(fc.tuple(fc.oneof(orderNumber, dateFragment, amount, phone, quantityFragment, otherFragment), noise), { minLength: 1, maxLength: 8 })
  .map((parts) => parts.map(([fragment, gap]) => fragment + gap).join(''));

/** About 100 KB of text: one hostile chunk (or a fragment) repeated, possibly cut inside a surrogate pair. */
export const hugeText = fc
  .tuple(fc.oneof(hostileText(40).filter((s) => s.length > 0), merchantMessage), fc.integer({ min: 0, max: 2 }))
  .map(([chunk, cut]) => chunk.repeat(Math.ceil(100_000 / chunk.length)).slice(0, 100_000 - cut));

/** Any text a message may hold: hostile runs, merchant-like messages, or one of them around 100 KB long (rarely). */
export const anyMessage = fc.oneof(
  { arbitrary: hostileText(300), weight: 4 },
  { arbitrary: merchantMessage, weight: 4 },
  { arbitrary: fc.tuple(merchantMessage, hostileText(60), merchantMessage).map((parts) => parts.join('')), weight: 2 },
  { arbitrary: hugeText, weight: 1 },
);

/** A business-zone local date 'YYYY-MM-DD' in 2000–2099. */
export const anyToday = fc.integer({ min: epochDayOf('2000-01-01'), max: epochDayOf('2099-12-31') }).map((day) => addDays('1970-01-01', day));

/** A JSON-like value whose strings are hostile text (fc.anything with our strings). */
export const hostileJson = fc.anything({
  stringUnit: hostileChar,
  maxDepth: 4,
  maxKeys: 6,
  withNullPrototype: true,
  withObjectString: true,
  withBoxedValues: true,
});

/**
 * A valid fixture mutated: a value at some path replaced by something of another type or by hostile text, a key
 * deleted, or a string replaced with a hostile one. Keeps the shape "near-valid", which is where parsers break.
 */
export function mutated(base: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(base);
  const replacement = fc.oneof(
    hostileText(40),
    fc.constantFrom(null, undefined, 0, -1, 1.5, Number.MAX_SAFE_INTEGER + 2, 1e308, true, [], {}, '', ' ', '0', 'NaN', '__proto__'),
    fc.jsonValue({ maxDepth: 2 }),
  );
  const one = fc.tuple(fc.constantFrom(...paths), fc.oneof(replacement.map((value) => ({ op: 'set' as const, value })), fc.constant({ op: 'delete' as const })));
  return fc.array(one, { minLength: 1, maxLength: 4 }).map((edits) => {
    const copy = structuredClone(base) as unknown;
    for (const [path, edit] of edits) apply(copy, path, edit);
    return copy;
  });
}

type Path = ReadonlyArray<string | number>;

function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [prefix];
  const children = Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => pathsOf(child, [...prefix, Array.isArray(value) ? Number(key) : key]));
  return prefix.length === 0 ? children : [prefix, ...children];
}

function apply(root: unknown, path: Path, edit: { op: 'set'; value: unknown } | { op: 'delete' }): void {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (next === null || typeof next !== 'object') return;
    node = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1];
  if (last === undefined) return;
  if (edit.op === 'delete') delete node[last];
  else node[last] = edit.value;
}
