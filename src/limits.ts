// Operation limits (placeholder until implemented): depth, aliases, tokens, directives, body
// size, introspection, field suggestions, CSRF prevention.
import type { Plugin } from 'graphql-yoga';

import type { LimitSettings } from './config.js';

export function limitPlugins(_limits: LimitSettings): Plugin[] {
  return [];
}
