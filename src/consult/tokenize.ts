/**
 * Tokens for keyword retrieval over the policy and the FAQ, in zh-CN and en. Chinese has no spaces: a run of
 * Han characters becomes its character bigrams (a lone character stays a unigram). English becomes lower-case
 * words, lightly stemmed, with filler words dropped. A small synonym table first maps the words merchants use
 * onto the words of the contract, so "退钱" meets "退款" and "money back" meets "refund".
 */

// Longest first within a language, so "多长时间" is replaced before "时间" could be.
const ZH_SYNONYMS: ReadonlyArray<[RegExp, string]> = [
  [/退钱|钱退|返款|退费|把钱退|(?<=钱.{0,4})退回来?/g, '退款'],
  [/退掉|退了|退还|退回(?!地址)|退(?![货款])/g, '退货'],
  [/多长时间|多少天|几个工作日|多久|几天|时限|时间限制|截止|最晚|最迟|什么时候|啥时候|何时/g, '期限'],
  [/超过|超出|错过|逾期|过了|晚了/g, '超期'],
  [/提交|交上去|递交|发起/g, '提交'],
  [/调换|换一个|换个|换新的|换新|换一件/g, '换货'],
  [/邮费|快递费|运费/g, '运费'],
  [/举报|投诉/g, '投诉'],
  [/真人|人工客服|客服|人工/g, '人工'],
  [/寄到哪|寄哪里|寄去哪|寄回哪|寄到什么地方|什么地方|哪个地址|寄回地址|地址/g, '地址'],
  [/补偿|赔钱|赔偿|赔/g, '赔偿'],
  [/破损|瑕疵|次品|损坏|坏了|破了|是破的|质量问题|质量/g, '质量'],
  [/审批|批准|审核/g, '审核'],
  [/图片|拍照|照片/g, '照片'],
  [/驳回|拒绝|不通过|没通过/g, '拒绝'],
  [/拆封|拆了|用过|剪了/g, '拆封'],
  [/有啥不一样|不一样|有什么不同|差别|区别/g, '区别'],
];

const EN_PHRASES: ReadonlyArray<[RegExp, string]> = [
  [/\bmoney back\b|\breimburse(?:ment|d)?\b|\brefunded\b|\brepay(?:ment)?\b/g, ' refund '],
  [/\b(?:send|ship|mail|post)(?:ing)? (?:it |them |something |stuff |the (?:item|goods|product|package)s? )?back\b/g, ' return shipback '],
  [/\bhow long\b|\bhow many days\b|\bhow soon\b|\btime limit\b|\bdeadline\b|\bwindow\b|\bhow quickly\b/g, ' deadline '],
  [/\bpostage\b|\bdelivery (?:fee|cost)s?\b|\bshipping (?:fee|cost)s?\b/g, ' shipping '],
  [/\bhuman\b|\breal person\b|\bperson\b|\bsomeone real\b/g, ' person '],
  [/\bdefective\b|\bfaulty\b|\bbroken\b|\bdamaged\b|\bdefects?\b|\bflaw(?:ed|s)?\b/g, ' defect '],
  [/\bapprov(?:e|ed|al)\b|\breview(?:ed)?\b/g, ' review '],
  [/\bpictures?\b|\bimages?\b|\bphotos?\b|\bphotographs?\b/g, ' photo '],
  [/\bswap\b/g, ' exchange '],
  [/\bagents?\b|\bemployees?\b|\bstaff member\b/g, ' staff '],
  [/\brejected\b|\brefused\b|\bdenied\b|\bturned down\b|\bnot approved\b/g, ' reject '],
  [/\bcompensat\w*\b/g, ' compensation '],
  [/\bcomplain\w*\b/g, ' complaint '],
];

const EN_STOPWORDS = new Set(
  'a an the i im i\'m my me to do does did is are am be been can could will would should shall of for it its in on at and or what how this that these those with you your we our us please if about get got have has had so as by from there then than just any some one really yeah hi hello ok okay'.split(' '),
);

/** Lower-case, full-width to half-width, and the synonym table applied. */
export function normalizeText(text: string): string {
  let out = text.normalize('NFKC').toLowerCase();
  for (const [pattern, canonical] of ZH_SYNONYMS) out = out.replace(pattern, canonical);
  for (const [pattern, canonical] of EN_PHRASES) out = out.replace(pattern, canonical);
  return out;
}

/** A light English stem: "returns" → "return", "returning" → "return", "delivered" → "deliver". */
export function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

const HAN_RUN = /\p{Script=Han}+/gu;
const WORD = /[a-z0-9]+/g;

/** The tokens of a text: Han bigrams (unigram for a lone character) and stemmed English words. */
export function tokenize(text: string): string[] {
  const normalized = normalizeText(text);
  const tokens: string[] = [];
  for (const [run] of normalized.matchAll(HAN_RUN)) {
    if (run.length === 1) tokens.push(run);
    for (let i = 0; i + 1 < run.length; i += 1) tokens.push(run.slice(i, i + 2));
  }
  for (const [word] of normalized.replace(HAN_RUN, ' ').matchAll(WORD)) {
    if (!EN_STOPWORDS.has(word)) tokens.push(stem(word));
  }
  return tokens;
}

/** Edit distance, for matching an English typo ("refnud") to a word of the corpus; stops early past `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let older: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      // A swap of two neighbours ("retrun") counts as one edit.
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, (older[j - 2] ?? 0) + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    older = previous;
    previous = current;
  }
  return previous[b.length] ?? max + 1;
}
