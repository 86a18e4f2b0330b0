// The one SchemaBuilder: plugins, the per-request context type, and the options that give every
// connection the same shape (non-null edges and nodes, a `nodes` shortcut, a lazy totalCount).
import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import RelayPlugin from '@pothos/plugin-relay';

import type { RequestContext } from '../resolvers/context.js';

export interface SchemaTypes {
  Context: RequestContext;
  DefaultFieldNullability: false;
  DefaultEdgesNullability: { list: false; items: false };
  DefaultNodeNullability: false;
  Scalars: { DateTime: { Input: Date; Output: Date } };
  // Every connection resolver also returns a counter; `totalCount` calls it only when selected.
  Connection: { countTotal: () => Promise<number | null> };
}

export const builder = new SchemaBuilder<SchemaTypes>({
  plugins: [RelayPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  relay: {
    cursorType: 'String',
    // No Node interface yet: the datasets are reachable only through their connections.
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    nodesOnConnection: true,
    edgesFieldOptions: { nullable: { list: false, items: false } },
    nodeFieldOptions: { nullable: false },
    firstArgOptions: {
      description:
        'Returns the first n edges (after `after`, if given). At most the gateway maximum page size; the default page size applies when neither first nor last is given.',
    },
    afterArgOptions: { description: 'Returns the edges after this cursor from the same listing.' },
    lastArgOptions: {
      description:
        'Returns the last n edges (before `before`, if given). The upstream APIs only page forward, so this reads the listing from its start.',
    },
    beforeArgOptions: {
      description: 'Returns the edges before this cursor from the same listing.',
    },
  },
});

builder.queryType({});

builder.globalConnectionField('totalCount', (t) =>
  t.int({
    nullable: true,
    description:
      'How many items the whole listing holds; null when counting would read more upstream pages than the gateway allows. Costs extra upstream calls, made only when this field is selected.',
    resolve: (connection) => connection.countTotal(),
  }),
);
