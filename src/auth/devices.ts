// What the sessions list says about each session: the device (browser and system, read from the
// User-Agent with bowser) and a public reference that names a session in a URL without its id.
import Bowser from 'bowser';
import { createHash } from 'node:crypto';

/** "Firefox on Windows", "Safari on iOS", or "Unknown device" when the User-Agent says nothing useful. */
export function deviceName(userAgent: string): string {
  if (!userAgent) return 'Unknown device';
  // Parsing is the dear part of the sessions list, and a person's sessions share a few User-Agents.
  let name = deviceNames.get(userAgent);
  if (name === undefined) {
    if (deviceNames.size >= 1000) deviceNames.clear();
    deviceNames.set(userAgent, (name = parseDevice(userAgent)));
  }
  return name;
}

const deviceNames = new Map<string, string>();

function parseDevice(userAgent: string): string {
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
  // The Account page names every session of the person on each view: each one's hash is kept.
  let ref = sessionRefs.get(sessionId);
  if (ref === undefined) {
    if (sessionRefs.size >= 1000) sessionRefs.clear();
    ref = createHash('sha256').update(`folio-session-ref:${sessionId}`).digest('hex').slice(0, 32);
    sessionRefs.set(sessionId, ref);
  }
  return ref;
}

const sessionRefs = new Map<string, string>();
