import { describe, expect, it } from 'vitest';
import { checkEmail } from '../../../src/filing/validators/index.ts';

describe('checkEmail', () => {
  it('accepts ordinary addresses and lower-cases only the domain', () => {
    expect(checkEmail('zhangsan@example.cn')).toEqual({ ok: true, value: 'zhangsan@example.cn' });
    expect(checkEmail(' Zhang.San+icp@Mail.Example.COM ')).toEqual({
      ok: true,
      value: 'Zhang.San+icp@mail.example.com',
    });
  });

  it('punycodes an IDN domain and accepts a full-width at sign', () => {
    expect(checkEmail('admin@例子.中国')).toEqual({ ok: true, value: 'admin@xn--fsqu00a.xn--fiqs8s' });
    expect(checkEmail('admin＠example.cn')).toEqual({ ok: true, value: 'admin@example.cn' });
  });

  it('rejects addresses without @ or with blanks', () => {
    for (const bad of ['zhangsan.example.cn', 'zhang san@example.cn', '']) {
      expect(checkEmail(bad), bad).toEqual({ ok: false, problems: [{ code: 'email.format' }] });
    }
  });

  it('rejects bad local parts', () => {
    for (const bad of [
      '@example.cn',
      '.zhang@example.cn',
      'zhang..san@example.cn',
      'zhang,san@example.cn',
      '张三@example.cn',
      `${'a'.repeat(65)}@example.cn`,
    ]) {
      expect(checkEmail(bad), bad).toEqual({ ok: false, problems: [{ code: 'email.local_part' }] });
    }
  });

  it('rejects bad domains', () => {
    for (const bad of [
      'zhang@',
      'zhang@localhost',
      'zhang@-example.cn',
      'zhang@example..cn',
      'zhang@example.c0m',
    ]) {
      expect(checkEmail(bad), bad).toMatchObject({ ok: false, problems: [{ code: 'email.domain' }] });
    }
  });
});
