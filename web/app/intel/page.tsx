'use client';

import type { IntelHeadlineList, IntelProviderList, IntelSeriesList } from '../../lib/gateway-types';
import { useApi } from '../../lib/use-api';
import { ApiView } from '../_components/api-view';
import { Panel } from '../_components/panel';
import { Empty } from '../_components/states';
import { HeadlinesTable } from './headlines-table';
import { ProvidersTable } from './providers-table';
import { SeriesCards } from './series-cards';

const REFRESH_MS = 60_000;

/** What the sentiment, on-chain and macro agents can read: latest values, their history, the news, and the syncs behind them. */
export default function IntelPage() {
  const series = useApi<IntelSeriesList>('/intel/series', undefined, REFRESH_MS);
  const headlines = useApi<IntelHeadlineList>('/intel/headlines', { limit: 30 }, REFRESH_MS);
  const providers = useApi<IntelProviderList>('/intel/providers', undefined, REFRESH_MS);
  const nothing = series.data?.items.every((s) => s.latest === null) === true && headlines.data?.items.length === 0;
  return (
    <>
      <h1 className="page-title">Intelligence</h1>
      {nothing && (
        <section className="panel">
          <Empty>
            No intelligence synced yet: run <code>opentrade data intel sync</code>.
          </Empty>
        </section>
      )}
      <ApiView state={series} what="the intelligence series">
        {(list) => <SeriesCards items={list.items} />}
      </ApiView>
      <Panel title="Headlines">
        <ApiView state={headlines} what="the headlines">
          {(list) => <HeadlinesTable items={list.items} />}
        </ApiView>
      </Panel>
      <Panel title="Providers">
        <ApiView state={providers} what="the providers">
          {(list) => <ProvidersTable items={list.items} />}
        </ApiView>
      </Panel>
    </>
  );
}
