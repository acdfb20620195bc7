/**
 * How many items a filing document's lists may hold (issue 12): an unbounded list let one file
 * take minutes of CPU or all the memory. The MIIT system states no numeric ceilings; these are
 * well above any real filing (one domain per website at most providers, a few IPs per website,
 * a person's one or two mobiles) and are documented in the README.
 */
export const LIST_LIMITS = {
  websites: 1_000,
  domainsPerWebsite: 20,
  ipsPerWebsite: 50,
  mobilesPerPrincipal: 5,
  emailsPerPrincipal: 5,
  preApprovalsPerWebsite: 20,
} as const;

/** `icp check` reads at most this many bytes: a 1,000-website document is about 0.6 MB. */
export const CHECK_MAX_BYTES = 5 * 1024 * 1024;
