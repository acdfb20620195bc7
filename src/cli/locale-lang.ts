import type { Lang } from '../i18n/index.ts';

/** The `icp` command's language: Chinese when the locale (LC_ALL, LC_MESSAGES, LANG, in POSIX order) starts with zh. */
export function localeLang(env: NodeJS.ProcessEnv = process.env): Lang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}
