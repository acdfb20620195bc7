/** Every label, help text, enumeration label and problem code has a zh and an en text. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalog, sectionOrder } from '../../src/filing/catalog.ts';
import { ENUMS, enumLabelKey } from '../../src/filing/enums.ts';
import { RULE_PROBLEM_CODES } from '../../src/filing/rules/index.ts';
import { VALIDATOR_PROBLEM_CODES } from '../../src/filing/validators/index.ts';
import { hasText, LANGS, LOCALES_DIR, loadResources } from '../../src/i18n/index.ts';

function missing(keys: string[]): string[] {
  return keys.flatMap((key) => LANGS.filter((lang) => !hasText(lang, key)).map((lang) => `${lang} ${key}`));
}

function leafKeys(node: unknown, prefix = ''): string[] {
  if (node === null || typeof node !== 'object') return [prefix];
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) =>
    leafKeys(v, prefix ? `${prefix}.${k}` : k),
  );
}

/** Problem codes written as literals in the filing model's own code (report, fail, code:, unavailableCode). */
function codesInSource(): Set<string> {
  const root = join(import.meta.dirname, '..', '..', 'src', 'filing');
  const files = [
    'validate-filing.ts',
    'schema.ts',
    ...['catalog', 'rules', 'schema'].flatMap((dir) => readdirSync(join(root, dir)).map((f) => join(dir, f))),
  ];
  const found = new Set<string>();
  const patterns = [
    /report\([^;]*?,\s*'([a-z_]+(?:\.[a-z_0-9]+)*)'/g,
    /\bcode: '([a-z_]+(?:\.[a-z_0-9]+)*)'/g,
    /unavailableCode: '([a-z_.]+)'/g,
    /fail\('([a-z_.]+)'/g,
  ];
  for (const file of files) {
    const source = readFileSync(join(root, file), 'utf8');
    for (const pattern of patterns) for (const m of source.matchAll(pattern)) found.add(m[1]!);
  }
  return found;
}

describe('texts of the filing model', () => {
  it('has a label and a help text for every catalog field, and a title for every section', () => {
    const keys = catalog.flatMap((f) => [`filing:fields.${f.id}.label`, `filing:fields.${f.id}.help`]);
    expect(missing([...keys, ...sectionOrder.map((s) => `filing:sections.${s}`)])).toEqual([]);
  });

  it('has a label for every enumeration value', () => {
    const keys = Object.entries(ENUMS).flatMap(([name, values]) => values.map((v) => enumLabelKey(name, v)));
    expect(keys.length).toBeGreaterThan(100);
    expect(missing(keys)).toEqual([]);
  });

  it('has a text for every problem code, the rules’ and the validators’', () => {
    const codes = [...RULE_PROBLEM_CODES, ...VALIDATOR_PROBLEM_CODES];
    expect(missing(codes.map((c) => `errors:${c}`))).toEqual([]);
  });

  it('declares every code the filing code emits, and keeps no text for a code nobody emits', () => {
    const declared = new Set<string>([...RULE_PROBLEM_CODES, ...VALIDATOR_PROBLEM_CODES]);
    const zodIssueCodes = new Set(['custom']);
    const emitted = [...codesInSource()].filter((c) => !zodIssueCodes.has(c));
    expect(emitted.length).toBeGreaterThan(30);
    expect(emitted.filter((c) => !declared.has(c))).toEqual([]);
    const rulesTexts = JSON.parse(readFileSync(join(LOCALES_DIR, 'en', 'errors.rules.json'), 'utf8'));
    expect(leafKeys(rulesTexts).sort()).toEqual([...RULE_PROBLEM_CODES].sort());
  });

  it('keeps every catalog option’s label key resolvable', () => {
    const resources = loadResources();
    expect(Object.keys(resources.en)).toContain('filing');
    const now = new Date('2026-11-28T00:00:00Z');
    const keys = catalog.flatMap((f) =>
      (f.options?.({ filing: { sponsor: { nature: 'enterprise' } }, now, websiteIndex: 0 }) ?? []).flatMap(
        (o) => (o.labelKey ? [o.labelKey] : []),
      ),
    );
    expect(missing(keys)).toEqual([]);
  });
});
