// What the sessions list says about each session: the device (browser and system, read from the
// User-Agent with bowser) and a public reference that names a session in a URL without its id.
import Bowser from 'bowser';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';

/** "Firefox on Windows", "Safari on iOS", or "Unknown device" when the User-Agent says nothing useful. */
export function deviceName(userAgent: string): string {
  if (!userAgent) return 'Unknown device';
  const parsed = Bowser.parse(userAgent);
  const browser = parsed.browser.name;
  const system = parsed.os.name;
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system ?? 'Unknown device';
}

/**
 * A session's reference in sign-out URLs: derived from its id (the SHA-256 of the cookie token) by one
 * more hash, so pages and access logs never carry the id the database looks sessions up by.
 */
export function sessionRef(sessionId: string): string {
  return encodeHexLowerCase(
    sha256(new TextEncoder().encode(`folio-session-ref:${sessionId}`)),
  ).slice(0, 32);
}
