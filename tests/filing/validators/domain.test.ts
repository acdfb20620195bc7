import { describe, expect, it } from 'vitest';
import { checkDomain, checkHomepageUrl } from '../../../src/filing/validators/index.ts';

describe('checkDomain', () => {
  it('lower-cases and keeps ordinary domains', () => {
    expect(checkDomain('Example.CN')).toEqual({ ok: true, value: 'example.cn' });
    expect(checkDomain('example.com.cn')).toEqual({ ok: true, value: 'example.com.cn' });
    expect(checkDomain('my-site.example.cn.')).toEqual({ ok: true, value: 'my-site.example.cn' });
  });

  it('normalises IDNs to punycode', () => {
    expect(checkDomain('例子.中国')).toEqual({ ok: true, value: 'xn--fsqu00a.xn--fiqs8s' });
    expect(checkDomain('例子。中国')).toEqual({ ok: true, value: 'xn--fsqu00a.xn--fiqs8s' });
    expect(checkDomain('xn--fsqu00a.xn--fiqs8s')).toEqual({ ok: true, value: 'xn--fsqu00a.xn--fiqs8s' });
    expect(checkDomain('例子.公司')).toEqual({ ok: true, value: 'xn--fsqu00a.xn--55qx5d' });
  });

  it('rejects www., suggesting the bare domain', () => {
    expect(checkDomain('WWW.Example.cn')).toEqual({
      ok: false,
      problems: [{ code: 'domain.www', params: { example: 'example.cn' } }],
    });
  });

  it('rejects schemes, paths and ports', () => {
    expect(checkDomain('http://example.cn')).toEqual({
      ok: false,
      problems: [{ code: 'domain.scheme', params: { example: 'example.cn' } }],
    });
    expect(checkDomain('https://example.cn/index.html')).toMatchObject({
      ok: false,
      problems: [{ code: 'domain.scheme' }],
    });
    expect(checkDomain('example.cn/index.html')).toMatchObject({
      ok: false,
      problems: [{ code: 'domain.path' }],
    });
    expect(checkDomain('example.cn:8080')).toMatchObject({ ok: false, problems: [{ code: 'domain.port' }] });
  });

  it('rejects invalid labels', () => {
    for (const bad of ['-example.cn', 'example-.cn', 'exa_mple.cn', 'a..cn', `${'a'.repeat(64)}.cn`]) {
      expect(checkDomain(bad), bad).toMatchObject({ ok: false, problems: [{ code: 'domain.label' }] });
    }
  });

  it('needs a name and a top-level domain', () => {
    for (const bad of ['example', 'example.c', 'example.c0m']) {
      expect(checkDomain(bad), bad).toMatchObject({ ok: false, problems: [{ code: 'domain.tld' }] });
    }
    expect(checkDomain('example.123')).toMatchObject({ ok: false });
    expect(checkDomain('42.159.10.20')).toEqual({ ok: false, problems: [{ code: 'domain.ip' }] });
    expect(checkDomain('2402:4e00::1')).toEqual({ ok: false, problems: [{ code: 'domain.ip' }] });
    expect(checkDomain('exa mple.cn')).toMatchObject({ ok: false, problems: [{ code: 'domain.format' }] });
  });
});

describe('checkHomepageUrl', () => {
  const domains = ['example.cn', '例子.中国'];

  it('accepts a listed domain, a subdomain and a path', () => {
    expect(checkHomepageUrl('www.example.cn', domains)).toEqual({ ok: true, value: 'www.example.cn' });
    expect(checkHomepageUrl('Example.cn', domains)).toEqual({ ok: true, value: 'example.cn' });
    expect(checkHomepageUrl('shop.example.cn/index.html?lang=zh', domains)).toEqual({
      ok: true,
      value: 'shop.example.cn/index.html?lang=zh',
    });
    expect(checkHomepageUrl('www.例子.中国', domains)).toEqual({
      ok: true,
      value: 'www.xn--fsqu00a.xn--fiqs8s',
    });
  });

  it('rejects a scheme', () => {
    expect(checkHomepageUrl('https://www.example.cn', domains)).toEqual({
      ok: false,
      problems: [{ code: 'homepage_url.scheme', params: { example: 'www.example.cn' } }],
    });
  });

  it('rejects a host that is not a listed domain, naming the listed ones', () => {
    expect(checkHomepageUrl('www.other.cn', domains)).toEqual({
      ok: false,
      problems: [
        {
          code: 'homepage_url.host_not_listed',
          params: { host: 'www.other.cn', domains: 'example.cn, xn--fsqu00a.xn--fiqs8s' },
        },
      ],
    });
    // A suffix that is not at a label boundary is another domain.
    expect(checkHomepageUrl('badexample.cn', domains)).toMatchObject({
      ok: false,
      problems: [{ code: 'homepage_url.host_not_listed' }],
    });
  });

  it('rejects ports and malformed hosts', () => {
    expect(checkHomepageUrl('www.example.cn:8080/', domains)).toMatchObject({
      ok: false,
      problems: [{ code: 'homepage_url.port' }],
    });
    expect(checkHomepageUrl('www..example.cn', domains)).toMatchObject({
      ok: false,
      problems: [{ code: 'homepage_url.format' }],
    });
    expect(checkHomepageUrl('', domains)).toMatchObject({
      ok: false,
      problems: [{ code: 'homepage_url.format' }],
    });
  });
});
