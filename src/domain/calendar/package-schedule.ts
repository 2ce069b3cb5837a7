import packageData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };

/** Published status of one date from the `chinese-days` package. */
export interface PackageDay {
  working: boolean;
  name: string;
}

// Values look like "Spring Festival,春节,4": English name, Chinese name, holiday id.
const holidays: Record<string, string> = packageData.holidays;
const workdays: Record<string, string> = packageData.workdays;

function chineseName(value: string): string {
  const parts = value.split(',');
  return parts[1] ?? parts[0] ?? '';
}

function computeCoveredYears(): ReadonlySet<number> {
  const years = new Set<number>();
  for (const date of [...Object.keys(holidays), ...Object.keys(workdays)]) years.add(Number(date.slice(0, 4)));
  return years;
}

// Derived from the data so a package upgrade that adds 2027 is picked up without code changes.
const coveredYears = computeCoveredYears();

/** Years for which `chinese-days` ships a published schedule. */
export function packageYears(): ReadonlySet<number> {
  return coveredYears;
}

/** The package's special status for `date` (holiday or adjusted workday), undefined for an ordinary day. */
export function packageDay(date: string): PackageDay | undefined {
  const holiday = holidays[date];
  if (holiday !== undefined) return { working: false, name: chineseName(holiday) };
  const workday = workdays[date];
  if (workday !== undefined) return { working: true, name: chineseName(workday) };
  return undefined;
}
