import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = join(import.meta.dirname, '../../src/conversation');
const FORBIDDEN = /from '(telegraf|@slack\/bolt|@prisma\/|@aws-sdk\/|node:|pg|i18next)/;

describe('conversation engine purity', () => {
  it('imports no channel, database, storage or I/O module (value imports of i18n included)', () => {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const source = readFileSync(join(dir, file), 'utf8');
      expect(source, file).not.toMatch(FORBIDDEN);
      // src/i18n/index.ts reads files: only its types may be imported.
      expect(
        source.split('\n').filter((l) => l.includes("'../i18n/index.ts'") && !l.startsWith('import type')),
        file,
      ).toEqual([]);
    }
  });
});
