import { normalizeInput } from './text-limits.ts';

/** What a free-text message asks for when no flow is running. */
export type Intent = 'complaint' | 'status' | 'return_or_exchange' | 'exchange' | 'return' | 'quality' | 'consult' | 'greeting';

const RULES: ReadonlyArray<[Intent, RegExp]> = [
  ['complaint', /投诉|举报|态度(?:差|恶劣|不好|很差)|骂人|\bcomplain|\bcomplaint|\brude\b|\bmisconduct\b|\breport (?:a |an )?(?:staff|employee)/],
  ['status', /我的售后|我的申请|我的案件|进度|处理到哪|查询售后|查看售后|售后状态|申请状态|案件状态|\bmy (?:cases?|requests?)\b|\bstatus\b|\bprogress\b|\btrack(?:ing)? my\b|\blatest case\b/],
  ['return_or_exchange', /退换货|退换|\breturn or (?:an )?exchange\b/],
  ['exchange', /换货|调换|换一[个件台双]|换个新|\bexchange\b|\bswap\b/],
  ['return', /退货|退回|退款|退钱|\breturn\b|\breturns\b|\brefund\b|\bsend (?:it )?back\b/],
  ['quality', /质量|坏了|损坏|破损|破了|碎了|裂|瑕疵|故障|不能用|用不了|不工作|次品|漏水|划痕|\bdefect|\bbroken\b|\bdamaged?\b|\bfaulty\b|\bnot working\b|\bdoes(?:n't| not) work\b|\bquality\b|\bcrack|\bscratch/],
  ['consult', /咨询|请问|政策|规定|怎么|如何|多久|几天|能不能|可不可以|可以吗|[?？]|\bhow\b|\bwhat\b|\bwhen\b|\bwhy\b|\bcan i\b|\bpolicy\b|\bquestion\b/],
  // \b only works beside ASCII letters, so the Chinese greetings are matched without it.
  ['greeting', /^(?:你好|您好|在吗|在不在|哈喽|嗨)|^(?:hi|hello|hey|good (?:morning|afternoon|evening))\b/],
];

const STAFF = /客服|工作人员|员工|售后人员|业务员|师傅|\bstaff\b|\bemployee|\bagent\b|\bservice (?:person|rep)/;
const QUALITY = /质量|坏|破损|瑕疵|故障|次品|\bdefect|\bbroken\b|\bdamaged?\b|\bfaulty\b|\bquality\b/;

// A question about the rules ("退货要多久？") wants an answer, not a form.
const POLICY_QUESTION = /政策|规定|多久|几天|期限|流程|怎么算|\bpolicy\b|\brules?\b|\bhow long\b|\bhow many days\b|\bdeadline\b|\bprocess\b/;
const QUESTION = /[?？]|吗|呢|什么|哪些|几|\b(?:how|what|when|why|can|is|are|do|does)\b/;

/** The intent of a free-text message by deterministic zh/en keyword rules, or undefined. */
export function detectIntent(raw: string): Intent | undefined {
  // The head of a message decides; rules stay linear and cheap on 10,000-character messages.
  const text = normalizeInput(raw.slice(0, 500)).toLowerCase();
  if (QUESTION.test(text) && POLICY_QUESTION.test(text)) return 'consult';
  const intent = RULES.find(([, pattern]) => pattern.test(text))?.[0];
  // 4.3.2 complaints are about staff; "投诉质量问题" is a quality report in angry words.
  if (intent === 'complaint' && !STAFF.test(text) && QUALITY.test(text)) return 'quality';
  return intent;
}

/** Whether the message asks to withdraw something ("取消 RT-…", "cancel RT-…"). */
export function asksToCancel(raw: string): boolean {
  return /取消|撤销|撤回|\bcancel|\bwithdraw/.test(normalizeInput(raw.slice(0, 200)).toLowerCase());
}

/** Whether the message asks for the most recent case only ("最新的售后", "latest case"). */
export function asksForLatest(raw: string): boolean {
  return /最新|最近|上一个|\blatest\b|\blast\b|\bmost recent\b/.test(normalizeInput(raw.slice(0, 200)).toLowerCase());
}
