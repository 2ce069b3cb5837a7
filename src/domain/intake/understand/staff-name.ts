import type { Found } from '../understanding.ts';
import { allMatches, written, type TextView } from './text-view.ts';

/*
 * The name of the staff member a complaint is about (4.3.2): 小王, 老李, 王经理, 客服张伟, "Tom from support",
 * "an agent named Lisa". A name is a name, never a sentence: "小王啊，我刚说了" is 小王.
 */

// The most common Chinese surnames; a title or 小/老 before one of them is how merchants name staff.
const SURNAME =
  '王李张刘陈杨黄赵周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤柳易常施乔温欧康关';
const TITLE = '经理|主管|师傅|老师|总监|总(?![是算共之结计体])|先生|小姐|女士|姐|哥|同学|组长|专员|店长|客服';
const ZH_NAMES = new RegExp(
  [
    // 小王 / 老李 (the character after 小/老 must be a surname, so 小时 and 老板 are not names).
    `[小老][${SURNAME}](?![\\u4e00-\\u9fa5]{0,1}(?:时|板|公|婆|家|区|伙|师|子|爷|总))`,
    // 王经理, 李师傅
    `[${SURNAME}](?:${TITLE})`,
    // 客服张伟, 叫李娜的, 名叫王芳, 叫什么晓静的: a name after a role or 叫.
    `(?<=(?:客服|工作人员|员工|业务员|售后|名叫|叫做|姓名是?|名字是?|名字叫)\\s*)[${SURNAME}][\\u4e00-\\u9fa5]{1,2}?(?=的|[，,。.！!？?\\s]|$|态度|说|他|她|不|很|太|骂|把|一直|根本|在|是)`,
    `(?<=叫(?:什么)?\\s*)(?!什么)[\\u4e00-\\u9fa5]{2,3}?(?=的)`,
    // 阿杰, 阿芳: a nickname standing alone.
    `(?<![\\u4e00-\\u9fa5])阿[\\u4e00-\\u9fa5](?![\\u4e00-\\u9fa5]|[a-z])`,
    // 客服Amy: a Latin name right after a role.
    `(?<=(?:客服|工作人员|员工|售后|经理)\\s*)[A-Z][a-z]{1,15}`,
  ].join('|'),
  'g',
);

const EN_ROLE =
  '(?:support|customer service|customer support|cs|service|after-?sales|sales|the team|your team|team|the desk|desk|the store|store|the shop|shop|warehouse|delivery|logistics|help ?desk|the call center|call center|your company)';
const EN_NAMES = new RegExp(
  [
    `\\b([A-Z][a-z]{1,15})\\s+(?:from|at|in|of)\\s+(?:your\\s+|the\\s+)?${EN_ROLE}\\b`,
    `\\b(?:agent|rep|representative|staff(?: member)?|employee|guy|girl|lady|gentleman|person|someone|named|called|colleague|operator|assistant|manager|supervisor|member)\\s+(?:named\\s+|called\\s+)?([A-Z][a-z]{1,15}(?:\\s+[A-Z][a-z]{1,15})?)\\b`,
    `\\b(?:staff member|agent|employee|rep|named|called)\\s+([a-z]{2,15})\\s+(?:lied|was|is|hung|yelled|refused|said|told|promised|kept|insulted|ignored)\\b`,
    `\\b([A-Z][a-z]{1,15})\\s+(?:was|is|has been|had been|kept being|kept)\\s+(?:so\\s+|very\\s+|really\\s+|extremely\\s+|super\\s+|quite\\s+)?(?:rude|impolite|unprofessional|aggressive|dismissive|nasty|mean|condescending|hostile|insulting|yelling|shouting|swearing|hung up)\\b`,
    `\\b(?:complain about|complaint about|report)\\s+(?:your\\s+(?:agent|staff|employee|rep)\\s+)?([A-Z][a-z]{1,15})\\b`,
  ].join('|'),
  'g',
);
// Capitalised words that start sentences or name roles, never a person.
const NOT_A_NAME = new Set([
  'The', 'This', 'That', 'These', 'Those', 'He', 'She', 'It', 'They', 'We', 'You', 'Your', 'My', 'Our', 'His', 'Her', 'Their', 'Someone', 'Somebody',
  'Everyone', 'Nobody', 'Support', 'Service', 'Agent', 'Staff', 'Customer', 'Order', 'Item', 'Hello', 'Hi', 'Hey', 'Dear', 'Sir', 'Madam', 'And', 'But',
  'Also', 'Then', 'There', 'Here', 'What', 'When', 'Who', 'Why', 'How', 'Which', 'Yesterday', 'Today', 'Monday', 'Tuesday', 'Wednesday', 'Thursday',
  'Friday', 'Saturday', 'Sunday', 'Please', 'Thanks', 'Sorry', 'Seriously', 'Honestly', 'Whoever', 'Everything', 'Nothing', 'One', 'Delivery',
]);

/** The staff name a message states, or undefined. */
export function findAccusedNameIn(view: TextView): Found<string> | undefined {
  const zh = allMatches(ZH_NAMES, view.cased)[0];
  const en = allMatches(EN_NAMES, view.cased).find((match) => {
    const name = match.slice(1).find((group) => group !== undefined);
    return name !== undefined && !NOT_A_NAME.has(name);
  });
  const candidates: Array<Found<string>> = [];
  if (zh) candidates.push(written(view, zh.index, zh.index + zh[0].length));
  if (en) {
    const name = en.slice(1).find((group) => group !== undefined) ?? '';
    const start = en.index + en[0].indexOf(name);
    candidates.push(written(view, start, start + name.length));
  }
  return candidates.sort((a, b) => a.span.start - b.span.start)[0];
}

const FILLER = /^[\s,.!?，。！？~～]+|[\s,.!?，。！？~～]+$|(?:啊|吧|呀|哦|呢|嘛|吧)+(?=[\s,.!?，。！？~～]|$)/g;
const COMMON_WORDS = new Set(['yes', 'no', 'ok', 'okay', 'idk', 'dunno', 'unknown', 'none', 'nobody', 'someone', 'him', 'her', 'them', 'staff', 'agent', 'support', 'what', 'why', 'who', 'hello', 'hi', 'thanks', 'sorry', 'the', 'guy', 'girl']);

/**
 * The name a short answer gives when the draft asks "您要投诉哪位工作人员？": a bare 张伟 or "Tom", or a name
 * found in a short sentence ("小王啊，我刚说了"). A question or a sentence with no name gives nothing.
 */
export function readNameAnswer(view: TextView): Found<string> | undefined {
  const found = findAccusedNameIn(view);
  if (found) return found;
  const told = /\b(?:it was|it's|its|was|is|named|called|name is|name's)\s+([A-Z][a-z]{1,15})\b/.exec(view.cased);
  if (told?.[1] && !NOT_A_NAME.has(told[1])) {
    const start = told.index + told[0].length - told[1].length;
    return written(view, start, start + told[1].length);
  }
  const body = view.cased.replace(FILLER, '');
  if (body === '' || /[?？]/.test(view.text)) return undefined;
  const at = view.cased.indexOf(body);
  const isZhName = new RegExp(`^[${SURNAME}][\\u4e00-\\u9fa5]{1,2}$`).test(body);
  const isEnName = /^[A-Za-z][a-z'-]{1,15}(?:\s+[A-Za-z][a-z'-]{1,15})?$/.test(body) && !COMMON_WORDS.has(body.toLowerCase());
  if (at < 0 || !(isZhName || isEnName)) return undefined;
  return written(view, at, at + body.length);
}
