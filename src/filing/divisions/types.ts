export type DivisionLevel = 'province' | 'city' | 'county';

/** A GB/T 2260 division: 6-digit code, Chinese name and an English form (pinyin of the name without its suffix). */
export interface Division {
  code: string;
  nameZh: string;
  nameEn: string;
  level: DivisionLevel;
}
