import type { Messages } from './catalogue.ts';

const PHOTO_PROBLEMS = { type: '格式不支持（仅支持 JPG、PNG、WebP、HEIC）', size: '超过 10 MB', count: '超过 9 张上限' } as const;

/** Simplified Chinese, the contract's language and the default. */
export const zh: Messages = {
  help: (d) =>
    [
      '您好，我是售后服务助手。我可以帮您：',
      `1. 报告商品质量问题（合同 3.1）：工作人员将在 ${d.firstContact} 个工作日内与您联系；`,
      `2. 申请退货或换货（合同 3.2）：收货后 ${d.returnWindow} 个工作日内提出，工作人员在 ${d.review} 个工作日内审核，收到退回商品后 ${d.refund} 个工作日内完成退款或换货；`,
      '3. 查询售后进度：发送“我的售后”或案件编号；',
      '4. 投诉售后服务人员，投诉只转给主管处理；',
      '5. 咨询售后政策，随时可以提问；需要人工客服时发送“转人工”。',
      '请点选下面的服务，或直接描述您的需求（例如“订单 2026112012345 收到的保温杯有3个漏水，要换货”）。发送“取消”可放弃正在填写的申请，发送“English”可切换为英文。',
    ].join('\n'),
  menu: { quality: '质量问题', return: '退货', exchange: '换货', status: '我的售后', complaint: '投诉', consult: '咨询', help: '帮助' },
  switchLangButton: 'English',
  notUnderstood: '抱歉，我没有理解您的意思。请点选下面的服务，或换个说法描述您的需求。',
  langSwitched: '好的，之后我会用中文回复您。',
  staleButton: '这个按钮已失效（信息可能已更新，或申请已提交）。',
  noMerchant: '暂时无法识别您的商家身份，无法办理售后申请。请联系工作人员。',
  serviceUnavailable: '系统暂时繁忙，无法完成操作。您填写的信息已保留，请稍后再试。',
  chooseReturnOrExchange: '请问您要退货还是换货？',
  photosNeedFlow: '收到您的照片。请先选择要办理的服务（例如“质量问题”），然后再发送照片。',
  stateReset: '系统已升级，之前未提交的信息无法恢复，请重新开始。',

  flowName: { quality: '质量问题报告', return: '退货申请', exchange: '换货申请', complaint: '投诉' },
  draftStarted: (flow) =>
    ({
      quality: '好的，我们来登记质量问题。',
      return: '好的，我们来办理退货申请。',
      exchange: '好的，我们来办理换货申请。',
      complaint: '好的，我们来记录您的投诉。投诉只转给主管处理，不会转给被投诉的工作人员。',
    })[flow] + '提交前每一项都可以修改；发送“取消”可随时放弃。',
  draftExpired: (flow, hours) => `您之前未提交的${zh.flowName[flow]}已超过 ${hours} 小时未完成，已自动清除。`,
  draftCancelled: (flow) => `已取消，未提交的${zh.flowName[flow]}已清除。`,
  noDraftToCancel: '当前没有正在填写的申请。若要取消已提交的售后申请，请发送“取消 案件编号”，或发送“我的售后”查看。',
  draftPending: (flow) => `您还有一份未提交的${zh.flowName[flow]}：`,
  switchFlowAsk: (current, next) => `您还有一份未提交的${zh.flowName[current]}。要放弃它并开始${zh.flowName[next]}吗？`,
  switchFlowButton: (next) => `开始${zh.flowName[next]}`,
  keepDraftButton: '继续填写',

  ask: {
    orderNumber: () => '请提供订单号（6–32 位字母、数字或短横线，例如 JD2026112008151）。',
    itemName: () => '是哪件商品？请写商品名称或型号。',
    quantity: () => '涉及几件？请填写数量（1–9999）。',
    problemCategory: () => '问题属于哪一类？请点选，或直接描述。',
    description: (flow) => (flow === 'complaint' ? '请描述发生了什么（时间、经过）。' : '请描述具体问题（最多 2000 字）。'),
    photos: () => '请发送问题照片（最多 9 张，每张不超过 10 MB，支持 JPG、PNG、WebP、HEIC）。发完后点“照片已发完”；没有照片可点“没有照片”。',
    wishedRemedy: () => '您希望如何处理？工作人员会结合情况确定最终方案。',
    receivedOn: () => '您是哪天收到货的？例如“2026-11-20”“11月20日”“昨天”“3天前”。',
    reason: (flow) => `请说明${flow === 'exchange' ? '换货' : '退货'}原因。`,
    accusedName: () => '您要投诉哪位工作人员？请写姓名；不知道姓名可点“不知道姓名”。',
  },
  fieldLabel: {
    orderNumber: '订单号', itemName: '商品', quantity: '数量', problemCategory: '问题类型', description: '问题描述',
    photos: '照片', wishedRemedy: '希望的处理方式', receivedOn: '收货日期', reason: '原因', accusedName: '被投诉人',
  },
  categoryLabel: { damaged: '破损', defect: '功能故障', wrong_item: '发错货', missing_parts: '缺件', appearance: '外观瑕疵', other: '其他' },
  remedyLabel: { replace: '更换', repair: '维修', refund: '退款', other: '其他' },
  skipNameButton: '不知道姓名',
  photosDoneButton: '照片已发完',
  photosSkipButton: '没有照片',

  orderNumberInvalid: (problem) =>
    ({
      empty: '请填写订单号。',
      length: '订单号应为 6–32 位，请检查后重新输入。',
      characters: '订单号只能包含字母、数字和短横线（-），请检查后重新输入。',
      no_digit: '这看起来不是订单号（订单号至少包含一位数字），请重新输入。',
    })[problem],
  quantityInvalid: (problem) => (problem === 'range' ? '数量应在 1 到 9999 之间，请重新输入。' : '请用数字填写数量，例如“2”。'),
  dateInvalid: (problem) =>
    ({
      unrecognized: '没有看懂这个日期。请按“2026-11-20”“11月20日”“昨天”或“3天前”的格式填写。',
      invalid: '这个日期不存在，请检查后重新输入。',
      future: '收货日期不能晚于今天，请检查后重新输入。',
      too_old: '这个日期距今已超过一年，请检查年份后重新输入。',
    })[problem],
  emptyAnswer: '内容不能为空，请重新输入。',
  truncated: (label, max) => `${label}过长，已保留前 ${max} 字。`,
  chooseCategory: '请点选问题类型。',
  chooseRemedy: '请点选希望的处理方式：更换、维修、退款或其他。',
  slotRequired: (label) => `${label}为必填项，不能跳过。`,
  photosWaiting: '请发送照片；没有照片可点“没有照片”。',

  photosReceived: (kept, total, max) => `已收到 ${kept} 张照片（共 ${total}/${max} 张）。`,
  photosMore: '可继续发送，或点“照片已发完”。',
  photosLater: '之后还可以继续发送照片。',
  photoRefused: (name, problem, sizeMb) => `照片“${name}”未保存：${PHOTO_PROBLEMS[problem]}${problem === 'size' ? `（${sizeMb} MB）` : ''}。其他信息已保留，请处理后重新发送。`,

  fieldUpdated: (label) => `已更新${label}。`,
  summaryTitle: (flow) => `请核对您的${zh.flowName[flow]}：`,
  summaryLine: (label, value) => `• ${label}：${value}`,
  notGiven: '未提供',
  photosValue: (count) => (count === 0 ? '无' : `${count} 张`),
  day: (d) => `${d.year}年${d.month}月${d.day}日`,
  confirmPrompt: '请确认以上信息真实、准确（合同 4.4.2）。确认后提交，如需修改请点“修改”。',
  confirmButton: '确认提交',
  editButton: '修改',
  cancelButton: '取消',
  editWhich: '要修改哪一项？',
  reviewHint: '请点“确认提交”，或点“修改”更正信息。也可以直接发送“订单号改为 …”这样的更正。',
  stillMissing: '还有信息没有填写完：',
  draftChanged: '信息已有更新，请核对最新内容后再确认。',

  windowInside: (days, deadline) => `按合同 3.2.1，退换货须在收货后 ${days} 个工作日内申请，您的申请期限至 ${deadline}，目前在期限内。`,
  windowOutside: (days, deadline) =>
    `按合同 3.2.1，退换货须在收货后 ${days} 个工作日内申请，您的申请期限已于 ${deadline} 截止。您仍可提交，申请会标注“超出期限”并由工作人员审核，但可能不被受理。`,
  estimatedNote: '（按法定节假日估算，以官方安排为准）',

  caseOpened: (flow, number) => `已提交。您的${zh.flowName[flow]}编号为 ${number}。`,
  complaintOpened: (number) => `您的投诉已记录，编号 ${number}。投诉只转给主管处理，不会转给被投诉的工作人员。`,
  outsideWindowOpened: (days) => `该申请超出收货后 ${days} 个工作日的申请期限，已标注并转交工作人员审核。`,
  nextDeadline: (step, days, when) => {
    const what = { first_contact: '联系您', review: '审核您的申请', refund_or_exchange: '完成退款或换货', followup_contact: '跟进您的问题' };
    if (step === undefined || days === undefined) return `下一步处理期限：${when} 前。`;
    return `工作人员将在 ${days} 个工作日内（${when} 前）${what[step]}。`;
  },
  statusHint: '发送“我的售后”可随时查看进度。',

  noCases: '您还没有售后申请。',
  casesHeader: (count) => `您最近的 ${count} 个售后申请：`,
  caseNotFound: (number) => `没有找到编号为 ${number} 的售后申请，请检查编号。`,
  outsideWindowTag: '（超出申请期限，由工作人员审核）',
  orderAndItem: (order, item) => `订单 ${order} · ${item}`,
  cancelCaseButton: (number) => `取消 ${number}`,
  cancelCaseAsk: (number) => `确定要取消售后申请 ${number} 吗？取消后无法恢复。`,
  cancelCaseYes: '确定取消',
  keepCaseButton: '不取消',
  caseCancelled: (number) => `售后申请 ${number} 已取消。`,
  cancelRefused: (number, why) => `无法取消 ${number}：${why}`,

  askQuestion: '请直接输入您的问题。',
  consultPlaceholder: '已收到您的问题，工作人员会尽快回复您。',
  consultSource: (ids) => `依据：${ids.map((id) => `第${id}条`).join('、')}`,
  answerHelpfulButton: '有帮助',
  answerNotSatisfiedButton: '不满意，找人工',
  answerThanks: '感谢您的反馈。还有其他问题可以继续问我。',
  answerFollowupOpened: (n) => `已为您登记咨询跟进 ${n}，工作人员会跟进您的问题（合同 3.3.3）。您也可以继续提问。`,
  ratingThanks: (n, score) => `感谢您为 ${n} 打出 ${score} 分！如果还有想说的，直接回复一句话就好（可不填）。`,
  ratingLowThanks: (n, score, f) =>
    `感谢您的评价（${n}：${score} 分）。很抱歉这次没有让您满意，${f ? `已为您登记回访 ${f}，` : ''}经理会尽快与您联系。欢迎直接回复，告诉我们哪里做得不好。`,
  ratingAlready: (n, score) => `您对 ${n} 的评价已经记录（${score} 分），无需重复提交，谢谢！`,
  ratingRefused: '这个评价按钮已失效：它不对应您已处理完毕的案件。',
  ratingCommentThanks: '已收到您的留言，谢谢！我们会认真改进。',
  ratingNoComment: '好的，感谢您的评价！',
  personButton: '转人工',
  trackingRecorded: (n, t) => `已记下 ${n} 的寄回单号 ${t}。工作人员收到商品后会通知您。`,
  passedToCase: (n, photos) => (photos > 0 ? `已将 ${photos} 张照片转给处理 ${n} 的工作人员，他们会在这里回复您。` : `已转给处理 ${n} 的工作人员，他们会在这里回复您。`),
  whichCase: '您有多个正在处理的售后申请，这条消息是关于哪一个的？',
  caseClosedForMessages: (n) => `${n} 已结束，无法再补充内容。如有新问题，请重新提交申请。`,
  personOffer: '如需人工客服，可点“转人工”。',
  personRequested: '已为您转接人工客服，工作人员会在此对话中回复您。在此期间您发的消息都会转给工作人员。',
  personAlready: '已经在为您转接人工客服，请稍候，您的消息都会转给工作人员。',
  noPersonDesk: '抱歉，当前没有可转接的人工客服。您可以继续向我描述问题，或稍后再试。',

  when: (t) => `${t.withYear ? `${t.year}年` : ''}${t.month}月${t.day}日 ${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`,

  noted: (parts) => `已记下：${parts.join('，')}`,
  notedOrder: (order) => `订单 ${order}`,
  notedItem: ({ name, quantity, problem }) => [name ?? '商品', quantity === undefined ? '' : ` ${quantity} 个`, problem ?? ''].join(''),
  notedWish: (wish) =>
    ({ return: '希望退货', exchange: '希望换货', quality: '质量问题', complaint: '投诉', refund: '希望退款', replace: '希望更换', repair: '希望维修', other: '其他处理方式' })[wish],
  notedDate: (day) => `${day}收到`,
  notedName: (name) => `被投诉人 ${name}`,
  notedPhotos: (count) => `照片 ${count} 张`,
  backToQuestion: '回到刚才的问题：',
  apology: '非常抱歉给您带来不好的体验，我们会尽快帮您处理。',
  confirmDate: (phrase, d, weekday) => `${phrase ? `${phrase}是 ` : '收货日期是 '}${d.month}月${d.day}日（周${'一二三四五六日'[weekday - 1] ?? ''}），对吗？`,
  dateYesButton: '对',
  dateNoButton: '不对',
  askExactDate: '好的，请告诉我具体是哪天收到的，例如“11月20日”。',
  caseNumberNotOrder: (number) => `${number} 是售后申请编号，不是订单号。请提供下单时的订单号。`,
  switchedFlow: (from, to) => `好的，${zh.flowName[from]}改为${zh.flowName[to]}，已填写的订单、商品、数量和收货日期都保留。`,
  offerRequest: (flow) => `需要的话，我可以直接帮您开始${zh.flowName[flow]}，您刚才提供的信息会带过去。`,
  statusNoMatch: '没有找到与此相关的进行中的售后申请。发送“我的售后”可查看全部申请。',
  followupOpened: (number, about) =>
    `${about ? `已记录您对 ${about} 处理结果的意见，` : '已记录您的意见，'}跟进编号 ${number}。工作人员会与您联系。`,
  notDelivered: '没有收到货或物流一直不更新，需要工作人员向物流核实，我已为您转接人工客服。',
  photosHeld: (count) => `已收到 ${count} 张照片，先为您保存，开始办理时会一并提交。请告诉我遇到了什么问题，或点选下面的服务。`,
  recapNothing: '目前还没有记下任何信息。',
};
