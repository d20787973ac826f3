/** A PostgreSQL identifier (schema, table, type, database name), double-quoted and escaped. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
