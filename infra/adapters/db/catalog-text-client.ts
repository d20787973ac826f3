import pg from 'pg';

// Postgres catalog types that @prisma/adapter-pg 6.19.3 cannot map to a Prisma column type:
// the schema engine's introspection queries return them and fail.
// pg already parses `name` and `"char"` into JS strings, so presenting them as `text` is exact;
// `name[]` has no pg parser, so its values are parsed here as the text[] they then claim to be.
const TEXT_OID = 25;
const TEXT_ARRAY_OID = 1009;
const NAME_ARRAY_OID = 1003;
const RETYPED: Record<number, number> = {
  18: TEXT_OID, // "char"
  19: TEXT_OID, // name
  [NAME_ARRAY_OID]: TEXT_ARRAY_OID,
};
// pg's typings list scalar type ids only; the text[] parser exists at runtime.
const parseTextArray = (pg.types.getTypeParser as (oid: number, format: 'text') => (value: string) => string[])(
  TEXT_ARRAY_OID,
  'text',
);

type Field = { name: string; dataTypeID: number };
type Result = { fields?: Field[]; rows?: Array<Record<string | number, unknown>> };

function retype(result: unknown): unknown {
  for (const r of (Array.isArray(result) ? result : [result]) as Array<Result | undefined>) {
    (r?.fields ?? []).forEach((field, index) => {
      const replacement = RETYPED[field.dataTypeID];
      if (replacement === undefined) return;
      if (field.dataTypeID === NAME_ARRAY_OID) {
        for (const row of r?.rows ?? []) {
          const key = Array.isArray(row) ? index : field.name;
          if (typeof row[key] === 'string') row[key] = parseTextArray(row[key] as string);
        }
      }
      field.dataTypeID = replacement;
    });
  }
  return result;
}

type AnyFn = (...args: unknown[]) => unknown;

/**
 * A pg Client whose results describe `name` and `"char"` columns as text. Given to pg.Pool as
 * its `Client`, it covers pooled queries and transactions alike (defect 1 in infra/adapters/db/README.md).
 */
export class CatalogTextClient extends pg.Client {
  // Typed `never` so one implementation satisfies all of pg.Client.query's overloads.
  override query(...args: unknown[]): never {
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function') {
      args[last] = (err: unknown, res: unknown) => (callback as AnyFn)(err, err ? res : retype(res));
      return (super.query as unknown as AnyFn).apply(this, args) as never;
    }
    const out = (super.query as unknown as AnyFn).apply(this, args);
    if (out instanceof Promise) return out.then(retype) as never;
    return out as never;
  }
}
