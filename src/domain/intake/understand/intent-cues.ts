import { REMEDY_WORDS } from './signals.ts';

/*
 * The words that tell what a message wants, in zh and en (folded to lower case). Each is a plain alternation
 * with bounded quantifiers: linear on any input.
 */

/** Asks for a person (3.3.3 / 6.2.2). */
export const HANDOFF =
  /转人工|转接|(?:接|找|要|叫|转)[^，,。.]{0,4}人工|人工客服|人工服务|找人工|接人工|要人工|个人工|有没有人工|人工呢|^\s*人工\s*$|真人|活人|(?:找|叫|要|让|换)(?:你们|你们的|个)?(?:领导|主管|经理|负责人|上级)(?:来|出来|过来|处理|跟我说)?|(?:领导|主管|经理|负责人)(?:呢|出来|在吗)|不想跟机器人|不要机器人|别让机器人|跟机器人说不清|\bhuman\b(?!\s+error)|\breal person\b|\bsomeone real\b|\bactual person\b|\blive agent\b|\b(?:speak|talk|chat) (?:to|with) (?:a |an |your |the )?(?:real )?(?:person|someone|manager|supervisor|agent|representative|people)\b|\bconnect me (?:to|with)\b|\btransfer me\b|\boperator\b|\b(?:get|give|find|put|send) me (?:through to )?(?:a |an |to )?(?:someone|somebody|person|human|agent|manager|supervisor|representative|staff)\b|\b(?:someone|somebody|a person|an? (?:employee|staff member)) (?:from|at|in|on) (?:your|the) (?:team|company|staff|support|office|side|customer service)\b|\b(?:speak|talk|chat) (?:to|with) (?:someone|somebody) (?:real|from|at|in|who)\b|(?:叫|找|来|换)个(?:人|真人|客服|活人)(?:来|过来|处理|跟我说|和我说)/;

/** Withdraws a case or the draft. */
export const CANCEL =
  /取消|撤销|撤回|不办了|不弄了|不申请了|不退了|不换了|不投诉了|不要了吧|算了吧?\s*$|^\s*算了|\bcancel\b|\bwithdraw\b|\bnevermind\b|\bnever mind\b|\bnvm\b|\bforget it\b|\bi'?ll keep it\b|\bdon'?t want to do this\b|^\s*stop\b|\bquit\b|\babort\b/;

/** Comes back to a draft after a pause, or asks where it stands. */
export const RECAP =
  /^\s*(?:在吗|在不在|还在吗|还在不在|人呢|hello|hi|hey)\s*[?？!！。.~～]*\s*$|还在吗|还在不在|^\s*喂|说到哪|到哪了|填到哪|到哪一步|刚才问|刚问我|问我啥|问的什么|我回来了|回来了|刚刚在忙|刚才在忙|\bwhere were we\b|\bwhere was i\b|\bwhere did we leave off\b|\bstill there\b|\bstill with me\b|\bare you there\b|\bi'?m back\b|\bim back\b|\bwhat did you (?:need|ask|want)\b|\bwhat was the question\b|\bwhat were you asking\b/;

const GREETING_WORDS =
  '你好|您好|在吗|在不在|在么|哈喽|嗨|早上好|上午好|中午好|下午好|晚上好|早安|亲|hi|hello|hey|hiya|yo|good (?:morning|afternoon|evening)|greetings|morning';

/** An opening greeting: greeting words only ("hey, good morning", "您好 在吗"). */
export const GREETING = new RegExp(
  `^\\s*(?:${GREETING_WORDS})(?:[\\s,，.。!！]*(?:${GREETING_WORDS}|there|everyone|team|all|(?:is )?any(?:one|body) (?:there|around|here|online)|are you there|i need (?:some )?help|need help|can you help(?: me)?|:\\)|😊|🙂))*[\\s!！.。~～?？😊🙂:)啊呀]*$`,
  'u',
);

/** Says a correction: the summary was wrong. */
export const CORRECTION =
  /^\s*(?:不对|错了|写错|搞错|填错|说错|更正|修改|改一下)|(?:号|量|期|品|名|式|型|人)(?:错了|不对)|改为|改成|更正为|更改为|修改为|\bi meant\b|^\s*(?:actually|no wait|oops)\b|\bis wrong\b|\bwrong (?:order number|order no|date|item|quantity|name|number)\b|\bchange (?:the |my )?(?:[a-z]+ ){0,2}to\b|\bnot \d/;

/** Correction words that are also ordinary answers ("应该是上周五"): a correction only at the review or after a field's label. */
export const WEAK_CORRECTION = /应该是|应为|^\s*是|\bshould be\b|\bit'?s\b|\bnot the\b/;

/** Not satisfied with how a case was handled (3.3.3). */
export const DISSATISFIED =
  /不满意|差评|不接受|不能接受|无法接受|接受不了|不认可|不服|敷衍|凭什么只|只退了?一半|金额不对|少退|重新处理|处理得?(?:太|很|不)|\bnot (?:happy|satisfied)\b|\bunhappy with\b|\bdissatisfied\b|\bbad review\b|\bthumbs down\b|\bdon'?t accept\b|\bonly refunded\b|\bnot fair\b|\b1 star\b|\bone star\b|\breopen\b|\bdidn'?t (?:solve|fix|help)\b|\bresolution is\b|\b(?:the way|how) you handled\b|退少了|少退了|少给了|少赔了|退的钱不对|金额不够|钱不够|不够(?:运费|本钱|钱)|差价|只(?:退|赔|补|给)了?(?:我)?\s*\d|处理结果|处理方案.{0,4}(?:不|没)|结果(?:不|没)(?:合理|公平|满意)|\bless than (?:what )?i (?:paid|spent)\b|\bnot the (?:full|whole|entire) (?:amount|price|refund)\b|\bpartial refund\b|\bwrong amount\b|\bshort(?:-?changed)?\b.{0,12}\brefund\b|\brefund(?:ed)?\b.{0,20}\b(?:too little|not enough|short|less than)\b|\bonly (?:got|gave|received|refunded|paid) (?:me )?(?:back )?(?:half|part|\$?\d)/;

/** Staff conduct (4.3.2): the complaint itself, or what staff did. */
export const COMPLAINT =
  /投诉|举报|态度(?:也|真|实在)?(?:[很太好真超特别非常极挺]|有点|太过)?(?:差|恶劣|不好|烂|冷淡|冷漠|粗鲁|嚣张|傲慢|恶心)|骂人|挂我电话|阴阳怪气|说话(?:很|太)?冲|乱承诺|找我要好评|\bcomplain|\bcomplaint\b|\breport (?:an?|the|your)? ?(?:employee|staff|agent)|\bwant (?:him|her|them) reported\b|\b(?:rude|impolite|unprofessional|hung up on me|lied to me|yelled at me)\b/;

/** The words of a staff member or our service (a complaint is about staff, not goods). */
export const STAFF = /客服|工作人员|员工|售后人员|业务员|经理|主管|\bstaff\b|\bemployee\b|\bagent\b|\bsupport\b|\brep\b|\bmanager\b/;

/** Chasing a case or money already asked for. */
export const CHASING =
  /进度|到哪一步|处理到哪|审核了没|审核了吗|有人管吗|有人管没|有结果|(?:什么|啥)时候处理|有人(?:处理|管|跟进|看)(?:吗|没|了吗)|(?:处理|审核|办)(?:得)?怎么样了|何时处理|怎么还没|还没到账|还没收到(?:退款|钱)|退款.{0,6}(?:到了没|到了吗|没到|到账|多久能到|(?:什么|啥)时候到|还没)|钱.{0,4}(?:到了没|没到|还没)|(?:什么|啥)时候到账|到账了吗|多久到账|多久能到账|发了没|发了吗|寄了没|收到没|收到了吗|怎么还没人|还没人处理|没人处理|还没处理|没人联系|没人理|没动静|\bany (?:update|news)\b|\bupdates?\b|\bstatus\b|\bprogress\b|\bwhere(?:'?s| is| are) (?:my|the) (?:money|refund|replacement|exchange|return|case|claim|compensation)\b|\bwhat(?:'?s| is) (?:happening|going on) with (?:my|the)\b|\bno refund yet\b|\bstill (?:waiting|not)\b|\bnot in my account\b|\bwhen will you (?:process|handle|refund|ship|send)\b|\bhas (?:the|my) .{0,20}shipped\b|\b(?:has|have|was|is) (?:my|the) (?:refund|return|exchange|case|complaint|claim|request|money|replacement)s? (?:been|got|gone|arrived|sent|processed|approved)\b|\bnobody (?:contacted|called|replied)\b|\bdid you (?:get|receive) (?:the|my)\b|\bhow long until my\b/;

/** Money or goods sent back: chasing these is about a case, not about a delivery. */
export const CASE_SUBJECT = /退款|退货|换货|钱|寄回|退回去|申请|投诉|质量问题|单子|\brefund|\bmoney\b|\breturn|\bexchange|\bcomplaint|\bclaim\b|\bcase\b|\bsent back\b/;

/** Goods that have not arrived (2.1.4). */
export const NOT_DELIVERED =
  /没收到货|没收到|还没收到|没到货|还没到|(?:还|一直|迟迟|都)(?:是)?没(?:有)?(?:送|寄|派)?(?:到|来)(?!账)|没(?:有)?(?:送到|送来|送过来|派送)|(?:派送|配送|运输|转运|揽收)中|(?:还|一直)在路上|物流(?:一直|都)?(?:没|不)(?:动|更新)|没见到东西|东西呢|货呢|一直没收到|物流|快递.{0,8}(?:没|不)|在途|签收了但|显示签收|送到了.{0,6}(?:人呢|东西呢|没)|包裹丢|丢件|发货了吗|\bnever (?:got|received|arrived|came|showed up|turned up|got here)\b|\b(?:still )?not here\b|\bnot (?:arrived|received|delivered)\b|\b(?:hasn'?t|has not|haven'?t|have not|didn'?t|did not|still not|not yet)\s+(?:yet\s+)?(?:arrived?|come|came|shown up|show(?:ed)? up|turned up|turn up|been delivered|delivered|got here|gotten here|reached me|been received)\b|\bout for delivery\b|\bin transit\b|\bwhere is my (?:order|package|parcel|stuff)\b|\b(?:says|shows?|marked(?: as)?) delivered\b|\bdon'?t have it\b|\bstuck\b|\bpackage lost\b|\bparcel lost\b|\blost package\b|\btracking\b|\bcourier never\b|\bno update\b/;

/** A question about the rules: the consultation answerer's (3.3). */
export const POLICY =
  /多久|几天|多长时间|运费|邮费|谁出|谁承担|谁付|地址|工作日|算不算|怎么算|从哪天|还能|还可以|来得及|能退.{0,6}吗|能换.{0,6}吗|可以.{0,12}吗|能不能退|能不能换|能申请|可以申请|哪天|开始算|需要.{0,8}(?:吗|什么)|一定要|要不要|政策|规定|流程|期限|\bdeadline\b|\btime limit\b|发票|电话多少|\bhow long\b|\bwho pays\b|\bshipping\b|\baddress\b|\bworking days?\b|\bweekends?\b|\bpolicy\b|\bdo i (?:need|have to)\b|\b\d+ (?:working )?days\b|\bwindow\b|\bstart from\b|\bcan i (?:still )?(?:return|exchange|get|send)\b|\btoo late\b|\bstill (?:return|exchange)\b|\bdoes .{0,30}count\b|\bafter \d+ days\b/;

/** Asks to consult without the question yet ("咨询", "I have a question"). */
export const CONSULT_WORD = /咨询|请问|想问|问一下|问个问题|\bquestion\b|\bask (?:something|a question)\b|\binquiry\b|\benquiry\b/;

/** After-sales words that make a question one for the consultation answerer. */
export const TOPIC = /退|换|运费|邮费|质量|照片|图片|投诉|工作日|快递|物流|发票|申请|售后|保修|客服|\brefund|\breturn|\bexchange|\bshipping\b|\bphotos?\b|\bcomplain|\bwarranty\b|\bdelivery\b/;

/** Interjections that carry nothing ("哦", "hmm"). */
export const FILLER = /^\s*(?:哦+|噢+|嗯+|呃+|额+|啊+|唔+|hmm+|hm+|uh+|um+|er+|ah+|oh+)\s*[.。!！~～]*\s*$/;

/** Wants the goods replaced by others: the exchange flow. */
export const EXCHANGE_WORDS = REMEDY_WORDS.exchange;
/** Explicit words for sending goods back: the return flow. */
export const GOODS_BACK = REMEDY_WORDS.return;
/** A new one instead ("补发", "send a replacement"): a quality report's remedy. */
export const REPLACE_WORDS = REMEDY_WORDS.replace;
/** A repair: a quality report's remedy. */
export const REPAIR_WORDS = REMEDY_WORDS.repair;
/** Only the money back ("退款", "refund"), which with a defect is a quality report (3.1.3). */
export const REFUND_ONLY = REMEDY_WORDS.refund;

/** Something is wrong with the goods (besides the category words). */
export const QUALITY_WORDS =
  /质量|有问题|坏了|坏的|东西坏|不能用|没法用|用不了|\bquality\b|\bdefect|\bbroken\b|\bfaulty\b|\bdoes(?:n'?t| not) work\b|\bnot working\b|\bissue with\b|\bproblem with\b/;

/** Talks about the bot itself ("你是机器人吗"), not a request for a person. */
export const ABOUT_BOT = /你是机器人|你是不是机器人|是机器人吗|\bare you a (?:bot|robot|human)\b|\bis this a bot\b/;
