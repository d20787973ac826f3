// The equity figures moved to infra/services/ledger so the Telegram bot reads them as the gateway
// does; kept here for the callers that import them from the gateway's data folder.
export { drawdownPct, equityFigures, type EquityFigures } from '../../infra/services/ledger/equity-figures';
