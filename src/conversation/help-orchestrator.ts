import { detectLanguage } from './language.ts';
import type { ChatContext, ConversationInput, ConversationResult, Lang, Orchestrator } from './types.ts';

const helpText: Record<Lang, string> = {
  'zh-CN': [
    '您好，我是售后服务助手。我可以帮您：',
    '1. 报告商品质量问题（合同 3.1）：提供订单号、商品、问题描述和照片，工作人员将在 2 个工作日内与您联系；',
    '2. 申请退货或换货（合同 3.2）：收货后 7 个工作日内提出，工作人员在 2 个工作日内审核，收到退回商品后 3 个工作日内完成退款或换货；',
    '3. 咨询售后政策（合同 3.3）：随时提问，不满意可转人工；',
    '4. 查询您的售后进度；',
    '5. 投诉售后服务人员（合同 4.3.2），投诉只转给主管处理。',
    '这些功能正在陆续开放；您现在发送的每条消息都已记录。',
  ].join('\n'),
  en: [
    "Hello, I'm the after-sales assistant. I can help you:",
    '1. Report a quality problem (contract 3.1): order number, item, what is wrong and photos; staff will contact you within 2 working days.',
    '2. Request a return or exchange (3.2): within 7 working days of receipt; reviewed within 2 working days; refund or exchange within 3 working days of the goods arriving back.',
    '3. Ask about the after-sales policy (3.3) at any time, and reach a person if the answer does not help.',
    '4. Check the status of your cases.',
    '5. Complain about service staff (4.3.2); complaints go to managers only.',
    'These services are opening step by step; every message you send is recorded.',
  ].join('\n'),
};

/** The first orchestrator: answers every message with the help text, in the merchant's language. */
export function createHelpOrchestrator(): Orchestrator {
  return {
    async handle(chat: ChatContext, input: ConversationInput): Promise<ConversationResult> {
      const lang = input.lang ?? (input.text ? detectLanguage(input.text) : null) ?? chat.lang;
      return { replies: [{ text: helpText[lang] }], state: chat.state, lang };
    },
  };
}
