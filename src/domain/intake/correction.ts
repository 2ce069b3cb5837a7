import { normalizeInput } from './text-limits.ts';

/** A draft field a merchant can name in a correction. */
export type CorrectableField = 'orderNumber' | 'itemName' | 'quantity' | 'receivedOn' | 'description' | 'reason' | 'accusedName' | 'wishedRemedy' | 'problemCategory';

/** A correction such as "订单号改为 AB123456" or "change quantity to 3": the field and the raw new value. */
export interface Correction {
  field: CorrectableField;
  value: string;
}

// Longer labels first within a field, and fields whose labels contain others ("收货日期" vs "日期") first.
const LABELS: ReadonlyArray<[CorrectableField, string]> = [
  ['orderNumber', '订单编号|订单号码|订单号|单号|order number|order no\\.?|order #|order id|order'],
  ['receivedOn', '收货日期|收货时间|收到日期|签收日期|收货日|date received|received date|receipt date|received on|delivery date'],
  ['problemCategory', '问题类型|问题类别|问题分类|problem category|category|problem type'],
  ['description', '问题描述|情况描述|描述|经过|description|details|what happened'],
  ['wishedRemedy', '处理方式|希望的处理方式|期望处理|remedy|wished remedy|preferred remedy'],
  ['itemName', '商品名称|商品名|商品|产品|货品|item name|item|product'],
  ['quantity', '数量|件数|quantity|qty|amount'],
  ['reason', '退货原因|换货原因|原因|理由|reason'],
  ['accusedName', '被投诉人|被投诉的人|投诉对象|工作人员姓名|姓名|名字|staff member|staff name|name'],
];

// A correction must say it is one: a verb or a separator between label and value, so "商品坏了" stays an answer.
const ZH_VERB = '(?:改为|改成|更正为|更改为|修改为|应为|应该是|是|为|写错了[,，]?\\s*应该是)';
const SEPARATOR = '(?:[:：=]|->|→)';
const EN_VERB = '(?:should be|is actually|is|to)';

// The label may first be said to be wrong ("数量不对，应该是4", "the quantity is wrong, it should be 3").
const ZH_WRONG = '(?:不对|错了|写错了|填错了|搞错了|有误)[,，。.!！\\s]*';
const EN_WRONG = '\\s(?:is|was)\\s+(?:wrong|incorrect|not right)[,.;!]*(?:\\s+(?:it|that))?';
// An interjection before the label ("oh", "sorry", "不好意思") does not make it another message.
const INTERJECTION = '(?:(?:oh|oops|sorry|wait|hmm|ah|哦|噢|哎|哎呀|不好意思|抱歉|对不起|等等)[,，.。!！\\s]*)?';

const SAYS_WRONG = /^(?:wrong|incorrect|not right|不对|错了|有误)(?![a-z])/i;

function buildPattern(labels: string): RegExp {
  const zh = `^${INTERJECTION}(?:把|将|请把)?\\s*(?:${labels})\\s*(?:${ZH_WRONG})?(?:${SEPARATOR}\\s*|${ZH_VERB}\\s*[:：]?\\s*)(.+)$`;
  const en = `^${INTERJECTION}(?:please\\s+)?(?:(?:change|correct|update|set|fix)\\s+)?(?:the\\s+|my\\s+)?(?:${labels})(?:${EN_WRONG})?\\s*(?:${SEPARATOR}\\s*|\\s${EN_VERB}\\s+[:：]?\\s*)(.+)$`;
  return new RegExp(`${zh}|${en}`, 'is');
}

const PATTERNS: ReadonlyArray<[CorrectableField, RegExp]> = LABELS.map(([field, labels]) => [field, buildPattern(labels)]);

/** Reads a "field: new value" correction, or undefined when the message is not one. */
export function parseCorrection(raw: string): Correction | undefined {
  // Labels sit at the start; 10,000 characters of description are not scanned for them.
  const text = normalizeInput(raw);
  const head = text.slice(0, 2_100);
  for (const [field, pattern] of PATTERNS) {
    const match = pattern.exec(head);
    const value = (match?.[1] ?? match?.[2])?.trim();
    // "the item is wrong, I got a cup" says what is wrong, not a new value.
    if (value && !SAYS_WRONG.test(value)) return { field, value: head.length === text.length ? value : value + text.slice(head.length) };
  }
  return undefined;
}
