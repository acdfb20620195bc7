import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffFilings } from '../../src/review/change-diff.ts';

const example = (name: string) =>
  JSON.parse(readFileSync(join(import.meta.dirname, '../../examples', `${name}.json`), 'utf8')) as Record<
    string,
    // biome-ignore lint/suspicious/noExplicitAny: test documents are edited freely
    any
  >;

describe('diffFilings: a change against the filing approved here', () => {
  it('lists exactly the fields the change example corrects, old and new, ignoring the order keys', () => {
    const changes = diffFilings(example('enterprise-two-websites'), example('change'));
    expect(changes).toEqual([
      {
        path: 'sponsor.mailingAddress',
        before: '福建省福州市鼓楼区某某路1号3层',
        after: '福建省福州市鼓楼区某某路8号5层',
        declared: true,
      },
      { path: 'websites.1.name', before: '某某科技视频课堂', after: '某某科技在线课堂', declared: true },
    ]);
  });

  it('flags a change outside the declared sections', () => {
    const changed = example('change');
    changed.sponsorPrincipal.mobiles = ['13800138001'];
    const changes = diffFilings(example('enterprise-two-websites'), changed);
    expect(changes.find((c) => c.path === 'sponsorPrincipal.mobiles')).toEqual({
      path: 'sponsorPrincipal.mobiles',
      before: ['13800138000'],
      after: ['13800138001'],
      declared: false,
    });
  });

  it('compares lists of plain values as one field and lists of objects per item', () => {
    const approved = example('enterprise-two-websites');
    const changed = example('change');
    changed.websites[0].domains = ['example.cn', 'example.com.cn'];
    changed.websites.push({ ...changed.websites[0], name: '第三个网站' });
    const paths = diffFilings(approved, changed).map((c) => c.path);
    expect(paths).toContain('websites.0.domains');
    expect(paths).not.toContain('websites.0.domains.1');
    // A website the approved filing did not have: each of its fields is new (before undefined).
    const added = diffFilings(approved, changed).filter((c) => c.path.startsWith('websites.2.'));
    expect(added.map((c) => c.path)).toContain('websites.2.name');
    expect(added.every((c) => c.before === undefined)).toBe(true);
  });

  it('treats an absent optional field as an empty one, and a principal that became a person as one change', () => {
    const approved = example('enterprise-two-websites');
    const changed = example('change');
    delete changed.sponsor.remarks;
    changed.websites[0].principal = { ...changed.sponsorPrincipal, name: '赵六' };
    const changes = diffFilings(approved, changed);
    expect(changes.map((c) => c.path)).not.toContain('sponsor.remarks');
    const principal = changes.find((c) => c.path === 'websites.0.principal');
    expect(principal?.before).toBe('same_as_sponsor_principal');
    expect(principal?.after).toMatchObject({ name: '赵六' });
  });

  it('finds nothing when the change restates the approved filing', () => {
    const approved = example('enterprise-two-websites');
    expect(diffFilings(approved, { ...structuredClone(approved), filingType: 'change' })).toEqual([]);
  });
});
