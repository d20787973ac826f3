// One plugin per configured exchange, created on first use and shared by a worker's activities.
import type { ExchangeConfig } from '../../../core/config/schema';
import { ExchangeError, type ExchangePlugin } from '../../../core/exchange/types';
import { createExchange, type CreateExchangeDeps } from './registry';

export class ExchangeRegistry {
  private readonly plugins = new Map<string, Promise<ExchangePlugin>>();

  constructor(
    private readonly configs: readonly ExchangeConfig[],
    private readonly env: NodeJS.ProcessEnv,
    private readonly deps: CreateExchangeDeps = {},
  ) {}

  /** Names an exchange is addressed by: its `name` when set, else its id. */
  names(): string[] {
    return this.configs.map((c) => c.name ?? c.id);
  }

  get(name: string): Promise<ExchangePlugin> {
    const config = this.configs.find((c) => (c.name ?? c.id) === name) ?? this.configs.find((c) => c.id === name);
    if (!config) {
      return Promise.reject(
        new ExchangeError(
          'not_supported',
          name,
          `exchange "${name}" is not configured; configured exchanges: ${this.names().join(', ') || '(none)'}`,
        ),
      );
    }
    const key = config.name ?? config.id;
    let plugin = this.plugins.get(key);
    if (!plugin) {
      plugin = createExchange(config, this.env, this.deps);
      // A failed construction (bad credentials) is not cached: fixing the env and retrying works.
      plugin.catch(() => this.plugins.delete(key));
      this.plugins.set(key, plugin);
    }
    return plugin;
  }

  async close(): Promise<void> {
    const all = await Promise.allSettled(this.plugins.values());
    this.plugins.clear();
    await Promise.all(all.map((r) => (r.status === 'fulfilled' ? r.value.close() : undefined)));
  }
}
