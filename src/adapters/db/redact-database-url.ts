/** A connection string fit for logs and error messages: the password becomes `***`. */
export function redactDatabaseUrl(databaseUrl: string): string {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    return '(not a valid URL)';
  }
  if (url.password !== '') url.password = '***';
  return url.toString();
}
