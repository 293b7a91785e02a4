/** Keeps passwords out of messages: connection strings are shown with the password as `***`. */

/** The password in a `postgres://user:password@host/db` URL or a `password=...` keyword string. */
export function passwordOf(connectionString: string): string | undefined {
  try {
    const password = new URL(connectionString).password;
    if (password !== '') return decodeURIComponent(password);
  } catch {
    // Not a URL: try the keyword/value form below.
  }
  // A URL the parser rejects (no host, bad port...) still carries its password in the userinfo.
  const userinfo = /^[a-z][a-z0-9+.-]*:\/\/[^:@/]*:([^@/]*)@/i.exec(connectionString)?.[1];
  if (userinfo !== undefined && userinfo !== '') return safeDecode(userinfo);
  const keyword = /(?:^|\s)password\s*=\s*(?:'((?:[^'\\]|\\.)*)'|(\S+))/i.exec(connectionString);
  const value = keyword?.[1] ?? keyword?.[2];
  return value === undefined || value === '' ? undefined : value;
}

/** The connection string with its password replaced by `***` (safe to show). */
export function redactConnectionString(connectionString: string): string {
  const password = passwordOf(connectionString);
  let shown = connectionString;
  try {
    const url = new URL(connectionString);
    if (url.password !== '') {
      url.password = '***';
      shown = url.toString();
    }
  } catch {
    // Keyword form: handled by the scrub below.
  }
  return password === undefined ? shown : scrubSecrets(shown, [password, encodeURIComponent(password)]);
}

/** Replaces every occurrence of each secret in `text` by `***`. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let scrubbed = text;
  for (const secret of secrets) if (secret !== '') scrubbed = scrubbed.split(secret).join('***');
  return scrubbed;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
