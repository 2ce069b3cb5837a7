/** The seven statutory holidays of 《全国年节及纪念日放假办法》, by a stable key. */
export const HOLIDAY_KEYS = ['new_year', 'spring_festival', 'qingming', 'labour_day', 'dragon_boat', 'mid_autumn', 'national_day'] as const;

export type HolidayKey = (typeof HOLIDAY_KEYS)[number];

interface HolidayNames {
  zh: string;
  en: string;
  /** What an event SUMMARY may call it: Chinese and English variants, short and long forms. */
  pattern: RegExp;
}

const SEP = String.raw`[\s_-]*`;

export const HOLIDAY_NAMES: Readonly<Record<HolidayKey, HolidayNames>> = {
  // "New Year" alone is 元旦; "Chinese/Lunar New Year" is 春节.
  new_year: { zh: '元旦', en: "New Year's Day", pattern: new RegExp(String.raw`元旦|(?<!(?:chinese|lunar)${SEP})\bnew${SEP}year`, 'i') },
  spring_festival: { zh: '春节', en: 'Spring Festival', pattern: new RegExp(String.raw`春节|除夕|spring${SEP}festival|(?:chinese|lunar)${SEP}new${SEP}year`, 'i') },
  qingming: { zh: '清明节', en: 'Qingming Festival', pattern: new RegExp(String.raw`清明|qing${SEP}ming|ching${SEP}ming|tomb${SEP}sweeping`, 'i') },
  labour_day: { zh: '劳动节', en: 'Labour Day', pattern: new RegExp(String.raw`劳动节|五一|labou?r${SEP}day|may${SEP}day`, 'i') },
  dragon_boat: { zh: '端午节', en: 'Dragon Boat Festival', pattern: new RegExp(String.raw`端午|dragon${SEP}boat|duan${SEP}wu|tuen${SEP}ng`, 'i') },
  mid_autumn: { zh: '中秋节', en: 'Mid-Autumn Festival', pattern: new RegExp(String.raw`中秋|mid${SEP}autumn|moon${SEP}festival|zhong${SEP}qiu`, 'i') },
  national_day: { zh: '国庆节', en: 'National Day', pattern: new RegExp(String.raw`国庆|national${SEP}day`, 'i') },
};

/** The statutory holidays an event name mentions (a combined "中秋节、国庆节" names two), in statute order. */
export function holidaysNamedIn(text: string): HolidayKey[] {
  return HOLIDAY_KEYS.filter((key) => HOLIDAY_NAMES[key].pattern.test(text));
}

/** "国庆节 (National Day)": how an operator message names a holiday. */
export function describeHoliday(key: HolidayKey): string {
  const { zh, en } = HOLIDAY_NAMES[key];
  return `${zh} (${en})`;
}
