// A provider that asks several endpoints (one per series or chain) keeps what answered: a failed
// part becomes a skipped item naming its error, and only when every part failed does the fetch fail,
// with the first part's error (its kind is what the sync records).
import { emptyFetch, type FetchResult } from '../../../core/intel/observation';
import { ProviderError } from './provider-error';

export interface Part {
  /** Names the part in a skipped item: a series id or an endpoint. */
  what: string;
  run: () => Promise<FetchResult>;
}

export async function gatherParts(parts: readonly Part[]): Promise<FetchResult> {
  const out = emptyFetch();
  let firstError: ProviderError | undefined;
  let answered = 0;
  // One after the other: the IntelHttp spaces them to the rate limit anyway.
  for (const p of parts) {
    try {
      const r = await p.run();
      answered++;
      out.observations.push(...r.observations);
      out.headlines.push(...r.headlines);
      out.skipped.push(...r.skipped);
    } catch (e) {
      // A bug of ours is not a provider failure: let it surface.
      if (!(e instanceof ProviderError)) throw e;
      firstError ??= e;
      out.skipped.push({ what: p.what, reason: `${e.kind}: ${e.message}` });
    }
  }
  if (answered === 0 && firstError) throw firstError;
  return out;
}
