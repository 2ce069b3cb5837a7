import type { AnswerRule } from '../rule.ts';

// Subjects an after-sales answer never has.
const OFF_TOPIC: Array<[string, RegExp]> = [
  ['cooking', /菜谱|食谱|焯水|翻炒|炖煮|收汁|调味|recipe|ingredient|whisk|batter|tablespoon|preheat|bake|simmer/i],
  ['poetry', /诗|词牌|押韵|春风|明月|poem|stanza|rhyme|verse|sonnet|the sea rolls|into the night/i],
  ['investment', /股票|股市|板块|买入|炒股|基金|比特币|涨幅|stock (?:market|tips?|price)|tech stocks|(?:buy|buying|sell|selling) shares|shares of|\binvest(?:ing|ment|ments|or|ors)?\b|bitcoin|crypto|on the dip|portfolio/i],
  ['politics', /选举|政府|总统|主席|政党|反对党|民主党|共和党|election|president|government|politic|\bvote\b|candidate|opposition/i],
  ['programming', /代码|算法|python|javascript|sorted\(|function\s*\(|def |快速排序/i],
];
const AFTER_SALES = /退|换|质量|售后|审核|工作日|时限|期限|处理|赔偿|补偿|投诉|工作人员|客服|人工|合同|条款|第\d|订单|案件|商品|问题|反馈|寄回|compensat|approv|return|refund|exchange|quality|after-sales|staff|complain|case|order|contract|clause|review|defect|product|item|goods|deadline|working day|business day|problem|report|question|privacy/i;

/** scope.after_sales: the answer is about after-sales service, nothing else. */
export const scopeAfterSales: AnswerRule = {
  id: 'scope.after_sales',
  description: 'The answer is about after-sales service only (no recipes, poems, investment tips, politics, code).',
  check({ answer }) {
    const details: string[] = [];
    for (const [subject, pattern] of OFF_TOPIC) {
      const match = pattern.exec(answer.text);
      if (match) details.push(`off topic (${subject}): "${match[0]}"`);
    }
    if (!AFTER_SALES.test(answer.text)) details.push('says nothing about after-sales service');
    return details;
  },
};
