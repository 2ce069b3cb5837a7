import type { Found } from '../understanding.ts';
import { EN_DESCRIPTORS, EN_ITEM_HEADS, EN_NOT_ITEMS, ZH_DESCRIPTORS, ZH_ITEM_HEADS, ZH_NOT_ITEMS } from './item-words.ts';
import { allMatches, written, type TextView } from './text-view.ts';

/*
 * The product a message is about, as the merchant wrote it: a known head noun with the modifiers written just
 * before it (电热水壶, 蛋糕模具, "water bottle"), without colour or size words (蓝色的保温杯 → 保温杯). A part
 * (灯罩, 螺丝), the packaging (箱子) or a noun after "少了"/"不是" is not the item.
 */

const escape = (word: string): string => word.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
const byLength = (a: string, b: string): number => b.length - a.length;

const ZH_HEAD_WORDS = [...ZH_ITEM_HEADS].map((w) => w.toLowerCase()).sort(byLength).map(escape).join('|');
const ZH_HEAD = new RegExp(ZH_HEAD_WORDS, 'g');
const ZH_HEAD_AT = new RegExp(ZH_HEAD_WORDS, 'y');
// Characters that end a modifier run to the left of a head: function words, verbs of buying, numerals, measures.
const ZH_STOP = /[\s\p{P}\p{S}\d的了个只件双套台把条张瓶盒箱袋副对组这那哪我你他她它们有是在被给和跟与都也还就又说要想从到收买订退换发寄用拿将亲家里上下中内外前后一二两三四五六七八九十几多半每些该款新旧号码色]/u;
const ZH_STOP_PAIRS = new Set(['里面', '上面', '外面', '下面', '今天', '昨天', '前天', '时候', '已经', '刚刚', '全部', '一直', '直接', '还是', '但是', '而且', '然后', '结果', '发现', '看到', '打开', '拆开', '拿到', '现在', '感觉', '刚才', '订单', '单号']);
// Characters after a head that make it another word ("杯盖" is a lid, "手机号" a number, "机器人" the bot).
const ZH_NOT_FOLLOWED = /^(?:盖|罩|号|会|场|票|器人|构|关|率|面|写|签|架)/;
const ZH_NEEDS_MODIFIER = new Set(['机', '衫', '裤', '恤', '煲', '盘', '裙', '笔', '书']);
// A noun right after these names what is missing or what it is not ("少了一个遥控器", "不是杯子").
const ZH_NOT_THE_ITEM_BEFORE = /(?:少了|少|缺了|缺少|缺|少发了?|漏发了?|没有|没给|不是|而不是|不要)\s*(?:一|两|几|\d)?\s*(?:个|只|件|颗|根|把|条|套|片|副)?\s*$/;
// A noun followed by "少了几颗" / "少了" at the clause end is the missing part ("螺丝少了几颗").
const ZH_MISSING_AFTER = /^\s*(?:少了|缺了|不见了|丢了)\s*(?:[一两几\d]\s*(?:个|只|件|颗|根|把|条|套|片|副)?)?\s*(?:[,，。.!！]|$)/;
const MAX_MODIFIER = 4;

function zhItem(view: TextView): Found<string> | undefined {
  for (const match of allMatches(ZH_HEAD, view.text)) {
    const head = match[0];
    let headEnd = match.index + head.length;
    // Two heads in a row are one compound noun (蛋糕模具).
    ZH_HEAD_AT.lastIndex = headEnd;
    for (let next = ZH_HEAD_AT.exec(view.text); next && next[0].length >= 2; next = ZH_HEAD_AT.exec(view.text)) headEnd = ZH_HEAD_AT.lastIndex;
    if (ZH_NOT_FOLLOWED.test(view.text.slice(headEnd, headEnd + 2))) continue;
    let start = match.index;
    while (start > 0 && match.index - start < MAX_MODIFIER) {
      const char = view.text[start - 1] ?? '';
      if (ZH_STOP.test(char) || (start >= 2 && ZH_STOP_PAIRS.has(view.text.slice(start - 2, start)))) break;
      // Latin letters join only when they touch the head ("T恤"), not a whole English word.
      if (/[a-z]/.test(char) && /[a-z]/.test(view.text[start - 2] ?? '')) break;
      start -= 1;
    }
    if (ZH_NEEDS_MODIFIER.has(head) && start === match.index) continue;
    const noun = view.text.slice(start, headEnd);
    if (ZH_NOT_ITEMS.test(noun) || ZH_NOT_THE_ITEM_BEFORE.test(view.text.slice(Math.max(0, start - 8), start))) continue;
    if (ZH_MISSING_AFTER.test(view.text.slice(headEnd, headEnd + 12))) continue;
    const descriptor = ZH_DESCRIPTORS.exec(noun)?.[0] ?? '';
    if (descriptor.length === noun.length) continue;
    const from = start + descriptor.length;
    return written(view, from, headEnd);
  }
  return undefined;
}

const EN_HEAD = new RegExp(`\\b(?:${[...new Set(EN_ITEM_HEADS)].sort(byLength).map(escape).join('|')})(?:e?s)?\\b`, 'g');
// Words that end a modifier run to the left of an English head.
const EN_STOP = new Set(
  (
    'a an the my your our his her their this that these those of for with in on at to from by and or but i you we they it is are was were be been ' +
    'got get received bought ordered order sent send arrived came both all some any one ones two three four five six seven eight nine ten dozen ' +
    'cracked broken damaged defective faulty wrong missing leaking leaky scratched dented torn stained dirty new want need please return refund ' +
    'exchange replace about which who whose what its so very really just only also still x qty left right pair both'
  ).split(' '),
);
const EN_NOT_THE_ITEM_BEFORE = /\b(?:missing|without|no|not|instead of)\s+(?:the\s+|a\s+|an\s+|one\s+|any\s+|my\s+)?$/;
// "charger is missing from the box": the noun is the missing part.
const EN_MISSING_AFTER = /^\s+(?:is|are|was|were)\s+(?:missing|not included|not in the box)\b/;

function enItem(view: TextView): Found<string> | undefined {
  for (const match of allMatches(EN_HEAD, view.text)) {
    const headEnd = match.index + match[0].length;
    let start = match.index;
    // At most two modifier words ("water bottle", "stainless steel flask").
    for (let words = 0; words < 2; words++) {
      const before = /([a-z][a-z-]*)\s+$/.exec(view.text.slice(Math.max(0, start - 24), start));
      const word = before?.[1];
      if (!before || !word || EN_STOP.has(word) || /\d/.test(word)) break;
      start -= before[0].length;
    }
    const noun = view.text.slice(start, headEnd);
    if (EN_NOT_ITEMS.test(noun) || EN_NOT_THE_ITEM_BEFORE.test(view.text.slice(Math.max(0, start - 16), start))) continue;
    if (EN_MISSING_AFTER.test(view.text.slice(headEnd, headEnd + 24))) continue;
    const descriptor = EN_DESCRIPTORS.exec(noun)?.[0] ?? '';
    const from = start + descriptor.length;
    return written(view, from, headEnd);
  }
  return undefined;
}

/** The product noun a message names, or undefined. */
export function findItemNameIn(view: TextView): Found<string> | undefined {
  const zh = zhItem(view);
  const en = enItem(view);
  if (zh && en) return zh.span.start <= en.span.start ? zh : en;
  return zh ?? en;
}

/**
 * The item a short answer names when the draft asks "是哪件商品？": a known noun, or else the whole short answer
 * when it reads as a noun phrase (no question, no sentence, no number-only text).
 */
export function readItemAnswer(view: TextView): Found<string> | undefined {
  const found = findItemNameIn(view);
  if (found) return found;
  const body = view.cased.replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '').replace(/^(?:就是|就|是|那个|这个)/, '');
  if (body === '' || body.length > 12 || /[?？吗呢啥谁怎么什么哪]/.test(view.text)) return undefined;
  if (!/^[\p{Script=Han}A-Za-z][\p{Script=Han}A-Za-z0-9 -]*$/u.test(body) || /^\d+$/.test(body)) return undefined;
  if (/(?:了|过|着|不|没|要|想|能|会|是|在|吧|啊|哦|嗯|好的?|知道|记得)/.test(body) || /\b(?:i|you|is|are|was|not|don't|no|yes|ok|okay)\b/i.test(body)) return undefined;
  const at = view.cased.indexOf(body);
  if (at < 0) return undefined;
  return written(view, at, at + body.length);
}
