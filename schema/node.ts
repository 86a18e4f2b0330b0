// Query.node / Query.nodes (Relay Object Identification): the relay plugin resolves ids through
// each Node type's loader; these checks run first, so that an id naming a type without ids, or
// too many ids, is a BAD_USER_INPUT error before any upstream call.
import { brandWithType } from '@pothos/core';
import { isInterfaceType, type GraphQLResolveInfo } from 'graphql';

import type { RequestContext } from '../resolvers/context.js';
import type { GlobalId } from '../resolvers/global-id.js';
import { unknownNodeType } from '../resolvers/global-id.js';
import { invalidArgument } from '../resolvers/errors.js';

const NODE_INTERFACE = 'Node';

function nodeTypeNames(info: GraphQLResolveInfo): string[] {
  const node = info.schema.getType(NODE_INTERFACE);
  if (!isInterfaceType(node)) return [];
  return info.schema.getImplementations(node).objects.map((type) => type.name);
}

/** @throws GatewayError BAD_USER_INPUT when an id names a type that is not a Node. */
export function checkNodeTypes(ids: readonly GlobalId[], info: GraphQLResolveInfo): void {
  const names = nodeTypeNames(info);
  const stranger = ids.find((id) => !names.includes(id.typename));
  if (stranger !== undefined) throw unknownNodeType(stranger.typename, names);
}

/** @throws GatewayError BAD_USER_INPUT when `nodes(ids:)` asks for more ids than allowed. */
export function checkNodeIdCount(count: number, max: number): void {
  if (count > max) {
    throw invalidArgument(
      'ids',
      `\`ids\` may hold at most ${max} ids; got ${count}. Split the lookup into several queries.`,
    );
  }
}

/**
 * What every Node type's options share: its objects are loaded by key through `load` (one
 * Describe per distinct key, through the request's loaders) and branded by loadNodes.
 */
export function loadedByKey<Key, Node extends object>(
  type: Parameters<typeof brandWithType>[1],
  load: (context: RequestContext, key: Key) => Promise<Node | null>,
) {
  return {
    // Branded by loadNodes, before the plugin's cache can hand the object out.
    brandLoadedObjects: false,
    loadMany: (keys: readonly Key[], context: RequestContext) =>
      loadNodes(type, keys, (key) => load(context, key)),
  } as const;
}

/**
 * Loads each key and brands the object with its type, so that `Node` resolves its type even when
 * a repeated id is answered from the relay plugin's request cache before the plugin's own
 * branding has run (two `node` fields asking for one id in one request).
 */
function loadNodes<Key, Node extends object>(
  type: Parameters<typeof brandWithType>[1],
  keys: readonly Key[],
  load: (key: Key) => Promise<Node | null>,
): Promise<Node | null>[] {
  return keys.map(async (key) => {
    try {
      const node = await load(key);
      if (node !== null) brandWithType(node, type);
      return node;
    } catch (error) {
      // Returned, not thrown: the relay plugin hands each id's value to GraphQL as it is, and
      // GraphQL reports an Error value on its own list item, so one refused or failing id in
      // `nodes(ids:)` nulls that item and leaves the others. (The plugin's loadMany type does not
      // admit Error values, hence the cast.)
      return (error instanceof Error ? error : new Error(String(error))) as unknown as Node;
    }
  });
}
