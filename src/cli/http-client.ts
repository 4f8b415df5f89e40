// A minimal client for scripts that drive a running Folio over HTTP (bench, stress, crash tests):
// registers or signs in like a browser and keeps the cookies a signed-in member needs.
export interface Member {
  /** The Cookie header: session and CSRF cookie. */
  cookie: string;
  /** The CSRF token to send as X-CSRF-Token (htmx) or _csrf (forms). */
  csrf: string;
}

function cookiesOf(response: Response): Map<string, string> {
  const jar = new Map<string, string>();
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const at = pair!.indexOf('=');
    jar.set(pair!.slice(0, at), pair!.slice(at + 1));
  }
  return jar;
}

async function formToken(url: string, path: string): Promise<{ csrf: string }> {
  const response = await fetch(url + path);
  const csrf = cookiesOf(response).get('folio_csrf');
  if (!csrf) throw new Error(`no CSRF cookie from ${path}`);
  return { csrf };
}

async function submit(url: string, path: string, fields: Record<string, string>): Promise<Member> {
  const { csrf } = await formToken(url, path);
  const response = await fetch(url + path, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `folio_csrf=${csrf}` },
    body: new URLSearchParams({ _csrf: csrf, ...fields }),
  });
  if (response.status !== 303)
    throw new Error(
      `${path} answered ${response.status}: ${(await response.text()).slice(0, 300)}`,
    );
  const jar = cookiesOf(response);
  const session = jar.get('folio_session');
  const newCsrf = jar.get('folio_csrf') ?? csrf;
  if (!session) throw new Error(`${path} set no session cookie`);
  return { cookie: `folio_session=${session}; folio_csrf=${newCsrf}`, csrf: newCsrf };
}

export function signIn(url: string, email: string, password: string): Promise<Member> {
  return submit(url, '/login', { email, password });
}

/** Ends the member's session (the server deletes it). */
export async function signOut(url: string, member: Member): Promise<void> {
  const response = await fetch(`${url}/logout`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: member.cookie },
    body: new URLSearchParams({ _csrf: member.csrf }),
  });
  if (response.status !== 303) throw new Error(`/logout answered ${response.status}`);
}

export function register(
  url: string,
  email: string,
  password: string,
  name = 'Load Tester',
): Promise<Member> {
  return submit(url, '/register', {
    name,
    email,
    password,
    password_confirm: password,
    workspace: 'Load test',
  });
}
