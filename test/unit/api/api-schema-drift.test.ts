// The dashboard's REST types are generated from the gateway's OpenAPI document and checked in; web's
// typecheck runs against them. Stale types would let the dashboard and the gateway drift apart.
import { readFileSync } from 'node:fs';
import { API_SCHEMA_FILE, apiSchemaSource } from '../../../scripts/gen-api-types';

describe("the dashboard's API types", () => {
  it('are what the current route schemas generate (else run: npx tsx scripts/gen-api-types.ts)', async () => {
    expect(readFileSync(API_SCHEMA_FILE, 'utf8')).toBe(await apiSchemaSource());
  });
});
