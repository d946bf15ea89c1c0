/**
 * @module navigation
 * The main navigation: each entry is shown only to users whose abilities include its ability.
 * Capabilities add their pages here.
 */
export type NavItem = { href: string; labelKey: string; ability?: string };

export const NAVIGATION: NavItem[] = [
  { href: "/", labelKey: "nav.home" },
  { href: "/beheer", labelKey: "nav.admin", ability: "users:manage" },
  { href: "/regios", labelKey: "nav.regions" },
  { href: "/audit", labelKey: "nav.audit", ability: "audit:read" },
];
