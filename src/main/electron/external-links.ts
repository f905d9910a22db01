// Deliberately free of `electron` imports so the rule can be unit-tested under plain Node.

const EXTERNAL_PROTOCOLS = new Set(['https:', 'mailto:']);

/**
 * The URL to hand to the operating system, or null. shell.openExternal runs whatever handler
 * the OS registered for a scheme (file:, smb:, custom app protocols can execute code), so only
 * web pages over TLS and mail links leave the app, and never with embedded credentials, which
 * are a classic way to disguise where a link really goes.
 */
export function safeExternalUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (!EXTERNAL_PROTOCOLS.has(url.protocol)) return null;
  if (url.protocol === 'https:' && (url.hostname === '' || url.username !== '' || url.password !== '')) return null;
  return url.href;
}
