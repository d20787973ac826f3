// The model setup's fields a request body may carry (sessions, backtests): one shape each, so the
// gateway checks them alike and the dashboard gets one type.
import { z } from 'zod';
import { LLM_CACHE_MODES } from '../../core/config/llm-config-schema';
import { AGENT_MODES, AGENT_ROLES } from '../../core/llm/roles';

/** One mode for every agent, or a mode per agent. */
export const agentsField = z.union([z.enum(AGENT_MODES), z.partialRecord(z.enum(AGENT_ROLES), z.enum(AGENT_MODES))]);
export const llmCacheField = z.enum(LLM_CACHE_MODES);
export const debateRoundsField = z.number().int().min(0).max(5);
