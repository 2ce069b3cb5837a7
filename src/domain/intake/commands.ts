import { normalizeInput } from './text-limits.ts';

/** A message that is a command as a whole, whatever flow the chat is in. */
export type Command =
  | { kind: 'cancel' }
  | { kind: 'help' }
  | { kind: 'lang'; lang: 'zh' | 'en' }
  | { kind: 'status' }
  | { kind: 'confirm' }
  | { kind: 'edit' }
  | { kind: 'skip' }
  | { kind: 'person' };

// Each table row is matched against the whole message, so "取消" is a command but "取消订单的原因" is not.
const COMMANDS: ReadonlyArray<[RegExp, Command]> = [
  [/^(?:取消|取消申请|取消草稿|不要了|算了|放弃|退出|cancel|cancel (?:it|this|draft|request)|stop|quit|abort)$/, { kind: 'cancel' }],
  [/^(?:帮助|菜单|功能|开始|help|menu|start|\?|？)$/, { kind: 'help' }],
  [/^(?:(?:切换|切换到|切换为|换成|改用|说|用)?(?:英文|英语)|english|in english|switch to english|lang en|language en|en)$/, { kind: 'lang', lang: 'en' }],
  [/^(?:(?:切换|切换到|切换为|换成|改用|说|用)?(?:中文|汉语|简体中文|普通话)|chinese|in chinese|switch to chinese|lang zh|lang zh-cn|language zh|zh|zh-cn)$/, { kind: 'lang', lang: 'zh' }],
  [/^(?:我的售后|我的申请|我的案件|我的工单|查询进度|查进度|进度|售后进度|status|my cases|my case|my requests|cases)$/, { kind: 'status' }],
  [/^(?:确认|确认提交|提交|确定|没问题|是的|是|对|confirm|submit|yes|yes please|correct|that's right)$/, { kind: 'confirm' }],
  [/^(?:修改|更正|更改|编辑|改一下|edit|change|modify|fix)$/, { kind: 'edit' }],
  // 3.3.3 / 6.2.2: a request for a person is honoured whatever the chat is doing.
  [/^(?:转人工|人工|人工客服|人工服务|找人工|要人工|我要人工|真人|找真人|我要找真人|联系客服|客服|human|a human|human agent|agent|real person|talk to a human|talk to a person|speak to a human|operator)$/, { kind: 'person' }],
  [/^(?:跳过|完成|好了|发完了|没有|没有照片|无|不知道|不清楚|skip|done|finished|none|no|no photos?|don't know|dont know|unknown)$/, { kind: 'skip' }],
];

// Punctuation, emoji and spaces around a one-word command carry no meaning ("取消！", "done 👍").
const DECORATION = /^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu;

/** The command a whole message expresses (`/lang en`, "取消", "English", "确认"), or undefined. */
export function parseCommand(raw: string): Command | undefined {
  if (raw.length > 60) return undefined;
  const text = normalizeInput(raw).toLowerCase();
  // "/lang en" and "/cancel" are bot commands; the slash and any @botname suffix are not part of the word.
  const word = text.replace(/^\/([a-z]+)(?:@\w+)?/, '$1').replace(DECORATION, '').replace(/\s+/g, ' ');
  if (text === '?' || text === '？') return { kind: 'help' };
  for (const [pattern, command] of COMMANDS) if (pattern.test(word)) return command;
  return undefined;
}

// What merchants say to close a conversation with a person or to acknowledge ("好的", "ok thanks"): never an answer to a question.
const ACKNOWLEDGEMENT = /^(?:好的?|好滴|嗯+|哦+|噢+|行|可以|收到|知道了|明白了?|谢谢(?:你|您)?|多谢|感谢|ok(?:ay)?|k|fine|sure|got it|thanks?(?: you)?|thx|ty|cool)(?:[\s,，]*(?:好的?|谢谢|thanks?|thx))?$/;

/** Whether a message only acknowledges ("好的，谢谢", "ok thanks 👍"). */
export function isAcknowledgement(raw: string): boolean {
  if (raw.length > 40) return false;
  return ACKNOWLEDGEMENT.test(normalizeInput(raw).toLowerCase().replace(DECORATION, ''));
}

// Words under a photo that only say what it is ("照片", "如图", "see attached"): nothing for the draft.
const PHOTO_LABEL =
  /^(?:(?:这是|这是我的|这就是|发|发个|给您|给你|上|附|见|看|如|请看|请见|拍的|实物|商品|收到的)?(?:照片|图片|相片|截图|图|实拍图?|实物图)(?:如下|来了|在这|在这里|在此|一张|几张|请查收|请看|见附件)?|如图所示|见附件|附件|(?:here(?:'s| is| are)? )?(?:the |a |my |some )?(?:photos?|pics?|pictures?|images?|screenshots?)(?: (?:attached|below|here|of (?:it|the (?:item|product|damage|problem))))?|(?:please )?see (?:the )?(?:attached|photos?|pics?|pictures?|images?)|attached)$/;

/** Whether words sent with a photo only label it ("照片", "如图", "see attached", "pics 👍"); such a caption states nothing. */
export function isPhotoLabel(raw: string): boolean {
  if (raw.length > 40) return false;
  return PHOTO_LABEL.test(normalizeInput(raw).toLowerCase().replace(DECORATION, '').replace(/\s+/g, ' '));
}
