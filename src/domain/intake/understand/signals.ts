import type { ProblemCategory } from '../choices.ts';
import type { Found, WishedRemedy } from '../understanding.ts';
import { allMatches, type TextView } from './text-view.ts';

/*
 * Word-table slots: the problem's category, the remedy the merchant wishes, a promise of photos, and anger.
 * The first problem or remedy stated wins (table order breaks ties); the span is the words that matched.
 */

type Table<T> = ReadonlyArray<readonly [T, RegExp]>;

// A word negated just before it ("没有破损", "not damaged") says the opposite.
const NEGATION_BEFORE = /(?:没有|没|无|不是|不要|不想|并没有|并非|\bnot(?: an?| the)?|\bno|\bisn'?t|\bwasn'?t|\baren'?t|\bweren'?t|\bnever|\bforget(?: the| about)?|\binstead of(?: an?| the)?)\s*$/;
// A generic noun phrase ("a damaged item") names a kind of problem, not this merchant's.
const GENERIC = { before: /\b(?:a|an|any)\s+$/, after: /^\s+(?:items?|products?|goods|things?|ones?|orders?|parcels?|packages?|boxe?s?|deliver(?:y|ies))\b/ };
// A problem of the tracking number or the website is not a problem of the goods ("tracking number doesnt work").
const NOT_THE_GOODS_BEFORE = /(?:tracking|link|website|site|app|code|物流|单号|链接|网站|网页)[^,.;!?，。；！？]{0,12}$/;

const CATEGORIES: Table<ProblemCategory> = [
  [
    'wrong_item',
    /发错|错发|寄错|发成了|不是我(?:订|买|要)的|和我(?:订|买)的不一样|跟(?:订|买)的不一样|货不对板|两只都是[左右]|\bwrong\s+(?:item|product|size|colou?r|model|one|thing|version|goods)\b|\bsent (?:me )?the wrong\b|\bnot what i ordered\b|\bboth (?:left|right)\b/,
  ],
  [
    'missing_parts',
    /缺件|少件|少配件|缺配件|缺少|缺了|少了\s*(?:[一两几\d]\s*)?(?:个|只|件|颗|根|把|条|套|片|副|张|本)?\s*(?=[\p{Script=Han}a-z])(?!钱|退|点|很多|好多|一半)|[\p{Script=Han}a-z]\s*少了\s*(?:[一两几\d]\s*(?:个|只|件|颗|根|把|条|套|片|副)?)?\s*(?=[,，。.!！]|$)|少发|漏发|配件不全|配件没有|没有配件|\bmissing\b|\bincomplete\b|\bnot included\b|\bwasn'?t included\b|\b(?:came|arrived|come|comes) without\b/u,
  ],
  // A part that breaks in use is a defect, not transport damage.
  ['defect', /用(?:了)?(?:一次|几次|两次|两天|没几天|不久|一下)就(?:断|坏|裂|碎|掉)/],
  [
    'damaged',
    /破损|破了|破裂|破的|破洞|破了个洞|有(?:个|一个|几个)?洞|碎了|碎|裂|摔坏|压坏|压扁|变形|凹陷|凹了|有个坑|有坑|瘪了|撞坏|磕坏|砸坏|断了|湿了|湿透|泡水|烂了|\bdamaged?\b|\b(?:arrived|came|arrives|comes)\b[^.,;!?]{0,24}\bbroken\b|\bbroken\s+(?:in|during|on)\s+(?:shipping|transit|the box|delivery|arrival|the post)\b|\bcrack|\bshatter|\bdent|\bsmashed\b|\bcrushed\b|\bchipped\b|\bchips?\b|\btorn\b|\bbent\b|\bsoaked\b|\bsoggy\b|\bsnapped\b|\bbroke(?:n)? in (?:half|two|pieces)\b|\bin pieces\b/,
  ],
  [
    'appearance',
    /划痕|划伤|划花|刮花|刮痕|色差|污渍|脏|掉漆|掉色|外观|起球|线头|瑕疵|磨损|\bscratch|\bstain|\bappearance\b|\bcolou?r difference\b|\bscuff|\bdirty\b|\bfaded\b|\bblemish/,
  ],
  [
    'defect',
    /漏水|漏气|漏电|漏油|渗水|就漏|会漏|一直漏|故障|不能用|没法用|用不了|不好用|不工作|失灵|没反应|开不了机|开不了|不亮|不转|不响|没声音|没有声音|充不进|充不了电|不能充|不充电|不制冷|不加热|不出(?:热|冷)?(?:风|水|气|声|雾|汽|光|电)|死机|卡顿|松动|开胶|脱胶|开线|脱线|崩线|跳线|断线|拉链(?:坏|拉不|卡)|拉不上|扣不上|锁不上|拧不上|拧不紧|关不上|合不上|打不开|点不着|打不着|连不上|连接不上|充不上|不通电|通不了电|没电|黑屏|花屏|不显示|没信号|启动不了|不启动|不制热|不出(?:水|风)|异响|噪音(?:很|太|特别)?大|就停了|停了|不动了|闪烁|次品|\bdefect|\bfaulty\b|\bnot working\b|\bstopped working\b|\bstopped (?:heating|charging|cooling|spinning|turning|working|responding|blowing|pumping|lighting|holding)\b|\b(?:does(?:n'?t| not)|do(?:n'?t| not)|did(?:n'?t| not)|never|won'?t|will not|can'?t|cannot|wouldn'?t|isn'?t|is not)\s+(?:work|worked|working|turn on|switch on|power on|heat(?: up)?|charge|charging|hold (?:a )?charge|start|spin|cool|boot(?: up)?|connect|pair|light up|lock|close|zip|seal|stay on|respond|play)\b|\bdon'?t work\b|\bonly works? on one side\b|\bdead\b|\bleak|\bmalfunction|\bflicker|\bno sound\b|\bno power\b|\bcomes? apart\b|\bfell apart\b|\b(?:broke|came|fell|falls|comes) off\b/,
  ],
  ['other', /异味|臭味|味道(?:很|太)?(?:大|重|难闻)|有味|发霉|\bsmells?\b|\bodou?r\b|\bstinks?\b|\bmou?ldy?\b/],
];

/** Remedy words, shared with the intent rules so the wish and the flow are read from the same words. */
export const REMEDY_WORDS = {
  repair: /维修|修理|修一下|修好|能修|返修|保修|\brepair|\bfix (?:it|them)\b|\bget (?:it|them) fixed\b/,
  refund: /退款|退钱|退欵|返款|退我钱|把钱退|钱退|全额退|退费|\brefund|\brefnd\b|\bmoney back\b|\breimburse/,
  exchange: /换货|换一[个件台双只套副]|换个|换成|换大|换小|换码|换尺码|换颜色|调换|换一下|换套|换新|想换|要换|我换|能换|\bexchange|\bexhange|\bexchnage|\bswap\b/,
  replace: /补发|重发|再发一|更换|寄个新的|发个新的|\breplace|\bnew one\b|\bsend (?:me )?(?:a )?(?:new|another)\b|\breship|\bresend/,
  // "要退款" is money back only: the 退 of a refund word (退款, 退钱, 退费) never reads as a return.
  return:
    /(?:(?:帮我|给我|麻烦|要|想|我|可以|能)退(?![款钱费]))|退货|推货|退掉|退回|退了吧|退\s*(?:\d|[一两二三四五六七八九十])|退这|退一下|\breturn|\bretrun|\bsend\b[^.,;!?]{0,24}\bback\b|\bship (?:it|them) back\b/,
} as const satisfies Record<WishedRemedy, RegExp>;

const PHOTO_PROMISE =
  /(?:图片|照片|图|截图|视频|相片)\s*(?:我)?\s*(?:稍后|等下|等一下|等会儿?|一会儿?|马上|晚点|待会儿?|随后|后面|回头|明天|later)\s*(?:再)?\s*(?:发|补|传|上传|给|拍)|(?:稍后|等下|等一下|等会儿?|一会儿?|马上|晚点|待会儿?|随后|回头)\s*(?:再)?\s*(?:发|补|传|上传|拍)(?:了|好)?\s*(?:发|给)?\s*(?:你|您|个|几张|一下)?\s*(?:图|照片|图片|视频)?(?![\p{Script=Han}])|(?:会|可以|能)\s*(?:发|补|拍|提供)\s*(?:图|照片|图片|视频)|\b(?:will|'ll|can|gonna|going to)\s+(?:send|upload|attach|share|take|add)\s+(?:you\s+)?(?:some\s+|the\s+|a\s+few\s+)?(?:pics?|photos?|pictures?|images?|video)\b|\b(?:pics?|photos?|pictures?|images?)\s+(?:to follow|later|coming|soon|in a (?:bit|minute|sec))\b/u;

const ANGER =
  /垃圾|什么破|破玩意|破东西|气死|坑人|坑爹|骗子|骗人|太差劲|差劲|恶心|无语|离谱|搞什么|有病|他妈|妈的|特么|tm的|\btm\b|\bsb\b|傻[逼b]|滚|曝光|12315|消协|黑心|太过分|过分了|忍无可忍|受够了|耍我|欺负人|什么玩意|[!！]{2,}|[?？]{2,}|\bwtf\b|\bridiculous\b|\bterrible\b|\bworst\b|\bscam\b|\bunacceptable\b|\bdisgusting\b|\bfed up\b|\bpathetic\b|\buseless\b|\bstupid\b|\bfurious\b|\bangry\b|\bfuck|\bshit|\bdamn|\bsick of\b|\brip-?off\b|\bjoke\b|\bawful\b|\bhorrible\b|\bnonsense\b|\bi'?ll report you\b/;

/** The first unnegated match of each row (for problems: of this merchant's goods), as [value, start, end]. */
function matchesOf<T>(view: TextView, rows: Table<T>, problems = false): Array<[T, number, number]> {
  const found: Array<[T, number, number]> = [];
  for (const [value, pattern] of rows) {
    const global = new RegExp(pattern.source, `${pattern.flags}g`);
    for (const match of allMatches(global, view.text)) {
      if (match[0] === '') continue;
      const before = view.text.slice(Math.max(0, match.index - 14), match.index);
      if (NEGATION_BEFORE.test(before)) continue;
      if (problems) {
        const after = view.text.slice(match.index + match[0].length, match.index + match[0].length + 12);
        const subject = view.text.slice(Math.max(0, match.index - 24), match.index);
        if ((GENERIC.before.test(before) && GENERIC.after.test(after)) || NOT_THE_GOODS_BEFORE.test(subject)) continue;
      }
      found.push([value, match.index, match.index + match[0].length]);
      break;
    }
  }
  return found;
}

/** What is wrong with the goods, by the first words that say it ("漏水" → defect, "发错货" → wrong_item). */
export function findProblemCategoryIn(view: TextView): Found<ProblemCategory> | undefined {
  const found = matchesOf(view, CATEGORIES, true).sort((a, b) => a[1] - b[1])[0];
  return found ? { value: found[0], span: view.span(found[1], found[2]) } : undefined;
}

/** The remedy the merchant asks for ("要换货" → exchange, "I want a refund" → refund). */
export function findWishedRemedyIn(view: TextView): Found<WishedRemedy> | undefined {
  const found = matchesOf(view, Object.entries(REMEDY_WORDS) as Array<[WishedRemedy, RegExp]>);
  // Both the goods and the money back named (退货退款, return + refund): the refund is the wish.
  const refund = found.find(([value]) => value === 'refund');
  const chosen = refund && found.some(([value]) => value === 'return') ? refund : found.sort((a, b) => a[1] - b[1])[0];
  return chosen ? { value: chosen[0], span: view.span(chosen[1], chosen[2]) } : undefined;
}

// While the bot waits for photos, sending later is sending the photos later ("sending them tomorrow", "晚点发").
const SEND_LATER =
  /(?:稍后|等下|等一下|等会儿?|一会儿?|晚点|待会儿?|随后|回头|明天|今晚|晚上|下午)\s*(?:再|就)?\s*(?:发|补|传|上传|拍)|\b(?:will|'ll|gonna|going to|can)\s+(?:send|upload|attach|share|take|add)\b|\b(?:sending|uploading|attaching)\b[^.?!]{0,24}\b(?:later|tomorrow|tonight|soon|shortly|after|when|in a (?:bit|while|minute|sec))\b/;
const NOT_SENDING = /[?？]|没有?|不能|不会|发不了|拍不了|\b(?:no|not|can'?t|cannot|won'?t|don'?t|do i|should i|must i)\b/;

/** "图片稍后发", "will send pics"; awaiting the photos, also "sending them tomorrow". */
export function promisesPhotos(view: TextView, awaitingPhotos = false): boolean {
  if (PHOTO_PROMISE.test(view.text)) return true;
  return awaitingPhotos && SEND_LATER.test(view.text) && !NOT_SENDING.test(view.text);
}

/** Angry or abusive wording, doubled ! or ?, or shouting. */
export function soundsAngry(view: TextView): boolean {
  if (ANGER.test(view.text)) return true;
  // Shouting: several words in capitals, most of the message's words ("WHERE IS MY MONEY").
  const words = (view.cased.match(/\b[A-Za-z']{2,}\b/g) ?? []).slice(0, 200);
  const capitals = words.filter((word) => /^[A-Z']+$/.test(word)).length;
  return capitals >= 3 && capitals >= words.length * 0.6;
}
