import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n as I18n, type Resource } from 'i18next';
import { projectPath } from '../project-root.ts';

/** The two languages every user-facing text exists in. */
export const LANGS = ['zh', 'en'] as const;
export type Lang = (typeof LANGS)[number];

export type TextParams = Record<string, string | number>;
/** What the pure core hands to adapters: a locale key plus interpolation values, never a sentence. */
export interface Text {
  key: string;
  params?: TextParams;
}

export const LOCALES_DIR = projectPath('locales');

/**
 * Reads every `locales/<lang>/<namespace>[.<part>].json` file. The name before the first dot is the
 * i18next namespace; parts of one namespace (`errors.validators.json`, `errors.rules.json`) are
 * merged, so separate areas of the code can keep their texts in separate files.
 */
export function loadResources(dir = LOCALES_DIR): Record<Lang, Record<string, Record<string, unknown>>> {
  const resources = {} as Record<Lang, Record<string, Record<string, unknown>>>;
  for (const lang of LANGS) {
    resources[lang] = {};
    const files = readdirSync(join(dir, lang))
      .filter((f) => f.endsWith('.json'))
      .sort();
    for (const file of files) {
      const ns = file.split('.')[0]!;
      const content = JSON.parse(readFileSync(join(dir, lang, file), 'utf8')) as Record<string, unknown>;
      resources[lang][ns] = deepMerge(resources[lang][ns] ?? {}, content, `${lang}/${file}`);
    }
  }
  return resources;
}

function deepMerge(into: Record<string, unknown>, from: Record<string, unknown>, where: string) {
  for (const [key, value] of Object.entries(from)) {
    const existing = into[key];
    if (isPlainObject(existing) && isPlainObject(value)) deepMerge(existing, value, where);
    else if (existing !== undefined) throw new Error(`locale key ${key} defined twice (${where})`);
    else into[key] = value;
  }
  return into;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

let instance: I18n | undefined;

/** One shared, synchronously initialised i18next instance (resources are bundled files, no backend). */
export function i18n(): I18n {
  if (instance) return instance;
  const resources = loadResources();
  const created = i18next.createInstance();
  void created.init({
    resources: resources as Resource,
    lng: 'zh',
    fallbackLng: false,
    ns: Object.keys(resources.en),
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  instance = created;
  return created;
}

/**
 * Translated texts by language, key and parameters. The resources never change after start, so
 * a text once translated is reused: every answer renders the same few dozen question, button and
 * error texts, and i18next's lookup and interpolation was the costliest step of rendering them.
 * Looked up by key first (keys are constants of the code, their hashes already known), then by
 * the parameters, so a text without parameters costs no string building at all.
 */
const translated: Record<Lang, Map<string, { plain?: string; byParams?: Map<string, string> }>> = {
  zh: new Map(),
  en: new Map(),
};
let translatedCount = 0;
const MAX_TRANSLATED = 20_000;

/** Translates `ns:key` into `lang`; a missing key comes back as the key itself (tests look for that). */
export function t(lang: Lang, key: string, params?: TextParams): string {
  // Only the two languages are kept (a stray value must not be stored under either of them).
  const texts = isLang(lang) ? translated[lang] : undefined;
  const entry = texts?.get(key);
  const paramsText = params === undefined ? undefined : paramsKey(params);
  const known = paramsText === undefined ? entry?.plain : entry?.byParams?.get(paramsText);
  if (known !== undefined) return known;
  const text = i18n().getFixedT(lang)(key, params ?? {}) as string;
  // A missing key is not kept: bundles added later (tests do) must be found.
  if (!texts || !i18n().exists(key, { lng: lang })) return text;
  // Bounded: texts quoting applicants' values are many; start over rather than grow without end.
  if (translatedCount >= MAX_TRANSLATED) {
    translated.zh.clear();
    translated.en.clear();
    translatedCount = 0;
  }
  const kept = texts.get(key) ?? {};
  if (paramsText === undefined) {
    kept.plain = text;
  } else {
    kept.byParams ??= new Map();
    kept.byParams.set(paramsText, text);
  }
  texts.set(key, kept);
  translatedCount++;
  return text;
}

function paramsKey(params: TextParams): string {
  let key = '';
  for (const name in params) key += `${name}\u0001${typeof params[name]}\u0001${params[name]}\u0002`;
  return key;
}

export function render(lang: Lang, text: Text): string {
  return t(lang, text.key, text.params);
}

export function hasText(lang: Lang, key: string): boolean {
  return i18n().exists(key, { lng: lang });
}

export function isLang(value: unknown): value is Lang {
  return value === 'zh' || value === 'en';
}
